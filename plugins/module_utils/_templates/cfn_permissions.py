# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The IAM actions CloudFormation needs to manage a resource type, and what to do when none are known.

The data (``_cfn_handler_permissions.py``) is generated from the resource provider schemas that
cfn-lint ships (see scripts/generate_cfn_permissions.py); this module only reads it.
"""

from __future__ import annotations

import re

from ansible_collections.awsops.proton.plugins.module_utils._templates import _cfn_handler_permissions as _data

SOURCE = _data.SOURCE
SOURCE_VERSION = _data.SOURCE_VERSION
SCHEMA_DATE = _data.SCHEMA_DATE

ACTION_PATTERN = re.compile(r"^[A-Za-z0-9-]+:[A-Za-z0-9*?]+\Z")
TYPE_PATTERN = re.compile(r"^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(?:::MODULE)?\Z")

# How a custom resource's ServiceToken is called: CloudFormation invokes the Lambda function or
# publishes to the SNS topic with the stack's role (the provisioning role), not with its own.
CUSTOM_RESOURCE_ACTIONS = {
    "lambda": ["lambda:InvokeFunction"],
    "sns": ["sns:Publish"],
}


def source_info():
    return dict(package=SOURCE, version=SOURCE_VERSION, schema_date=SCHEMA_DATE,
                resource_types=len(_data.PERMISSIONS) + len(_data.NO_PERMISSIONS))


def decode_actions(encoded):
    """``"s3:A,B iam:C"`` -> ``["s3:A", "s3:B", "iam:C"]``."""
    actions = []
    for group in encoded.split():
        prefix, names = group.split(":", 1)
        actions.extend("{0}:{1}".format(prefix, name) for name in names.split(","))
    return actions


def is_custom_resource(type_name):
    return type_name == "AWS::CloudFormation::CustomResource" or type_name.startswith("Custom::")


def is_module(type_name):
    return type_name.endswith("::MODULE")


def is_serverless(type_name):
    return type_name.startswith("AWS::Serverless::")


def lookup(type_name):
    """(actions, None) for a type with handler permissions, or (None, reason) when there are none."""
    encoded = _data.PERMISSIONS.get(type_name)
    if encoded is not None:
        return decode_actions(encoded), None
    if is_serverless(type_name):
        return None, ("expanded by the AWS::Serverless transform into other types, which depend on its "
                      "properties; give its actions in type_actions")
    if is_module(type_name):
        return None, ("a CloudFormation module: its resources are defined in the registry, not in this "
                      "template; give their actions in type_actions")
    if type_name in _data.NO_PERMISSIONS:
        return None, "its resource provider schema lists no handler permissions"
    if not type_name.startswith("AWS::"):
        return None, "a third-party or private registry type; no schema for it is shipped"
    hint = ""
    folded = type_name.lower()
    for known in _data.PERMISSIONS:
        if known.lower() == folded:
            hint = " (did you mean {0}?)".format(known)
            break
    return None, "no resource provider schema for this type in {0} {1}{2}".format(SOURCE, SOURCE_VERSION, hint)


def ignored_permissions(type_name):
    """Entries of the type's schema that are not IAM actions (left out of the data)."""
    return list(_data.IGNORED.get(type_name, []))


def service_wildcard(type_name):
    """(``"<prefix>:*"``, guessed) for an ``AWS::<Service>::<Resource>`` type; (None, False) otherwise."""
    parts = type_name.split("::")
    if len(parts) != 3 or parts[0] != "AWS" or is_serverless(type_name):
        return None, False
    prefix = _data.SERVICE_PREFIXES.get(parts[1])
    if prefix:
        return prefix + ":*", False
    return parts[1].lower() + ":*", True
