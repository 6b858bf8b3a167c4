# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. An IAM Identity Center profile in the AWS CLI config file: validate, read, write.

One backend for ``aws_cli_profile`` and ``sso_admin_access``; the text edits are ``cli_config``'s, the file
I/O is here. ``ctx`` is the running module (``check_mode``, and its ``AnsibleModule`` for ``atomic_move`` and
``backup_local``). A profile spec has the ``aws_cli_profile`` options: ``name``, ``sso_session``,
``sso_account_id``, ``sso_role_name``, ``region``, ``output``, ``sso_start_url``, ``sso_region``,
``sso_registration_scopes``, ``path``, ``backup``.
"""

from __future__ import annotations

import os
import re
import tempfile

from ansible.module_utils.common.text.converters import to_bytes, to_native

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError, ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._aws.validation import check_account_id
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import cli_config
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as ic

__all__ = ["DEFAULT_SCOPES", "validate", "ensure_present", "ensure_absent", "login_command"]

SECTION_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@+=,-]{1,64}$")
REGION_PATTERN = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d{1,2}$")
START_URL_PATTERN = re.compile(r"^https://[A-Za-z0-9.-]+(:\d+)?(/[^\s]*)?$")
SCOPE_PATTERN = re.compile(r"^[^\s,]+$")
DEFAULT_SCOPES = ["sso:account:access"]


def check_section_name(option, value):
    if value is not None and not SECTION_NAME_PATTERN.match(value):
        raise ParameterError(option, "must be 1 to 64 letters, digits and _ . - @ + = , (got {0!r})".format(value))


def check_region(option, value):
    if value is not None and not REGION_PATTERN.match(value):
        raise ParameterError(option, "must be an AWS region such as us-east-1 (got {0!r})".format(value))


def validate(spec, prefix=""):
    """Check the options present in ``spec``; errors name ``prefix + option``."""
    for option in ("name", "sso_session"):
        check_section_name(prefix + option, spec.get(option))
    check_account_id(prefix + "sso_account_id", spec.get("sso_account_id"))
    ic.check_permission_set_name(prefix + "sso_role_name", spec.get("sso_role_name"))
    for option in ("region", "sso_region"):
        check_region(prefix + option, spec.get(option))
    start_url = spec.get("sso_start_url")
    if start_url is not None and not START_URL_PATTERN.match(start_url):
        raise ParameterError(prefix + "sso_start_url", "must be an https URL such as "
                                                       "https://d-1234567890.awsapps.com/start (got {0!r})".format(start_url))
    scopes = spec.get("sso_registration_scopes", DEFAULT_SCOPES)
    if not scopes or not all(SCOPE_PATTERN.match(s or "") for s in scopes):
        raise ParameterError(prefix + "sso_registration_scopes", "must be one or more scopes without spaces or "
                                                                 "commas, such as sso:account:access (got {0!r})"
                             .format(scopes))


def config_path(path):
    # type=path has expanded ~ and variables; follow a symlink so the link stays and its target is edited.
    return os.path.realpath(os.path.expanduser(path))


def _read_text(path, option):
    if not os.path.exists(path):
        return None
    if not os.path.isfile(path):
        raise ParameterError(option, "{0} exists and is not a file".format(path))
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8")
    except (IOError, OSError, UnicodeDecodeError) as e:
        raise ProtonCollectionError("Cannot read {0}: {1}".format(path, to_native(e)))


def _write_text(ctx, path, text, existed):
    directory = os.path.dirname(path)
    try:
        if not os.path.isdir(directory):
            os.makedirs(directory, 0o700)
            os.chmod(directory, 0o700)
        handle, temp = tempfile.mkstemp(prefix=".aws-config-", dir=directory)  # created 0600
        with os.fdopen(handle, "wb") as out:
            out.write(to_bytes(text))
        if existed:
            ctx.module.atomic_move(temp, path)  # keeps the file's mode and owner
        else:
            os.rename(temp, path)
    except (IOError, OSError) as e:
        raise ProtonCollectionError("Cannot write {0}: {1}".format(path, to_native(e)))


def login_command(name):
    return "aws sso login --profile {0}".format(name)


def _finish(ctx, spec, path, before, text, after, session, result):
    parsed = cli_config.ConfigText(after)
    result["profile"] = parsed.read(cli_config.profile_section(spec["name"])) or {}
    result["sso_session"] = (parsed.read(cli_config.sso_session_section(session)) or {}) if session else {}
    result["sso_session_name"] = session
    changed = after != text
    if changed and not ctx.check_mode:
        if before is not None and spec.get("backup"):
            result["backup_file"] = ctx.module.backup_local(path)
        _write_text(ctx, path, after, existed=before is not None)
    return dict(changed=changed, before=text, after=after, **result)


def ensure_present(ctx, spec, option="path"):
    """Write the profile and its sso-session. Returns ``changed``, ``before`` and ``after`` (the file's text),
    ``config_file``, ``profile``, ``sso_session``, ``sso_session_name``, ``removed_sections``, ``login_command``."""
    path = config_path(spec["path"])
    before = _read_text(path, option)
    text = before or ""
    name = spec["name"]
    session = spec.get("sso_session") or name
    profile_values = [("sso_session", session), ("sso_account_id", spec["sso_account_id"]),
                      ("sso_role_name", spec["sso_role_name"]), ("region", spec.get("region")),
                      ("output", spec.get("output"))]
    session_values = [("sso_start_url", spec["sso_start_url"]), ("sso_region", spec["sso_region"]),
                      ("sso_registration_scopes",
                       cli_config.scopes_value(spec.get("sso_registration_scopes") or DEFAULT_SCOPES))]
    after = cli_config.apply_profile(text, name, profile_values, session, session_values)
    result = dict(config_file=path, removed_sections=[], login_command=login_command(name))
    return _finish(ctx, spec, path, before, text, after, session, result)


def ensure_absent(ctx, spec, option="path"):
    """Remove the profile, and its sso-session unless another profile uses it; the same keys as
    ``ensure_present`` without ``login_command``."""
    path = config_path(spec["path"])
    before = _read_text(path, option)
    text = before or ""
    name = spec["name"]
    session = spec.get("sso_session") or (cli_config.ConfigText(text).read(cli_config.profile_section(name))
                                          or {}).get("sso_session")
    after, removed = cli_config.remove_profile(text, name, session)
    result = dict(config_file=path, removed_sections=removed)
    return _finish(ctx, spec, path, before, text, after, session, result)
