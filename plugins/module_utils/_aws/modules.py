# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module wrapper every awsops.proton module that talks to AWS is built on.

It merges the connection options (documented once in the ``awsops.proton.common``
doc fragment) into the module's argument spec, creates each client once per run,
and turns the collection's exceptions into ``fail_json`` in one place.
"""

from __future__ import annotations

import traceback

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.awsops.proton.plugins.module_utils._aws.client import build_client, build_session, has_botocore
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import (
    AWSAPIError,
    ParameterError,
    ProtonCollectionError,
)


def connection_argument_spec():
    """amazon.aws's connection option names, aliases and legacy environment variables.

    The standard variables (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_DEFAULT_REGION,
    AWS_ENDPOINT_URL, ...) are not listed as fallbacks: botocore reads them itself, so
    its whole credential chain keeps working untouched.
    """
    return dict(
        # no_log: with the secret key and token, the key id of temporary credentials (an assumed role's, set by
        # module_defaults) stays out of the results' invocation and the job events too.
        access_key=dict(type="str", aliases=["aws_access_key_id", "aws_access_key", "ec2_access_key"],
                        no_log=True, fallback=(env_fallback, ["AWS_ACCESS_KEY", "EC2_ACCESS_KEY"])),
        secret_key=dict(type="str", aliases=["aws_secret_access_key", "aws_secret_key", "ec2_secret_key"],
                        no_log=True, fallback=(env_fallback, ["AWS_SECRET_KEY", "EC2_SECRET_KEY"])),
        session_token=dict(type="str", aliases=["aws_session_token", "security_token", "aws_security_token",
                                                "access_token"],
                           no_log=True, fallback=(env_fallback, ["AWS_SECURITY_TOKEN", "EC2_SECURITY_TOKEN"])),
        profile=dict(type="str", aliases=["aws_profile"]),
        region=dict(type="str", aliases=["aws_region", "ec2_region"],
                    fallback=(env_fallback, ["AWS_REGION", "EC2_REGION"])),
        endpoint_url=dict(type="str", aliases=["aws_endpoint_url", "ec2_url"],
                          fallback=(env_fallback, ["AWS_URL", "EC2_URL"])),
        validate_certs=dict(type="bool", default=True),
        aws_ca_bundle=dict(type="path"),
        aws_config=dict(type="dict"),
    )


class AWSModule:
    """``AnsibleModule`` plus clients and the collection's error path.

    ``run(fn)`` calls ``fn()`` and exits with its result dict; any
    ``ProtonCollectionError`` raised below becomes one ``fail_json``.
    """

    def __init__(self, argument_spec, connection=True, **kwargs):
        spec = dict(argument_spec)
        if connection:
            spec.update(connection_argument_spec())
            mutually_exclusive = list(kwargs.pop("mutually_exclusive", []))
            mutually_exclusive.append(["profile", "access_key"])
            kwargs["mutually_exclusive"] = mutually_exclusive
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        if connection and not has_botocore():
            self.module.fail_json(msg=missing_required_lib("botocore"))
        self._session = None
        self._clients = {}

    @property
    def params(self):
        return self.module.params

    @property
    def check_mode(self):
        return self.module.check_mode

    @property
    def diff_mode(self):
        return self.module._diff

    def warn(self, message):
        self.module.warn(message)

    def client(self, service):
        """One client per service and run; created on first use."""
        if service not in self._clients:
            if self._session is None:
                self._session = build_session(self.params)
            self._clients[service] = build_client(self._session, service, self.params)
        return self._clients[service]

    def run(self, fn):
        try:
            result = fn()
        except ParameterError as e:
            self.module.fail_json(msg=e.message, option=e.option)
        except AWSAPIError as e:
            self.module.fail_json(msg=e.message, operation=e.operation,
                                  error=dict(code=e.code, message=e.aws_message, status=e.status))
        except ProtonCollectionError as e:
            self.module.fail_json(msg=e.message, exception=traceback.format_exc(), **e.details)
        self.module.exit_json(**result)

    def result(self, changed, before=None, after=None, **values):
        """The module result, with ``diff`` only when the user asked for one."""
        result = dict(changed=changed, **values)
        if self.diff_mode and (before is not None or after is not None):
            result["diff"] = dict(before=before if before is not None else {},
                                  after=after if after is not None else {})
        return result
