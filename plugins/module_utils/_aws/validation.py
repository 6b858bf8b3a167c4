# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Input checks run before the first API call; each failure names the option and the rule."""

from __future__ import annotations

import re

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError

# re.ASCII: IAM's \w and \d are ASCII only; \Z, not $, so a trailing newline does not slip through.
IAM_NAME_PATTERN = re.compile(r"^[\w+=,.@-]+\Z", re.ASCII)
IAM_PATH_PATTERN = re.compile(r"^/\Z|^/[\u0021-\u007f]+/\Z", re.ASCII)
ACCOUNT_ID_PATTERN = re.compile(r"^\d{12}\Z", re.ASCII)
IAM_ROLE_ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/(?:[\u0021-\u007f]+/)?[\w+=,.@-]{1,64}\Z",
                                  re.ASCII)
POLICY_ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:iam::(?:\d{12}|aws):policy/(?:[\u0021-\u007f]*/)?[\w+=,.@-]{1,128}\Z",
                                re.ASCII)

# IAM's limits (IAM User Guide, "IAM and AWS STS quotas").
ROLE_NAME_MAX = 64
USER_NAME_MAX = 64
GROUP_NAME_MAX = 128
POLICY_NAME_MAX = 128
PATH_MAX = 512
DESCRIPTION_MAX = 1000
TAGS_MAX = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256


def check_name(option, value, max_length):
    if value is None:
        return
    if not 1 <= len(value) <= max_length:
        raise ParameterError(option, "must be 1 to {0} characters long (got {1})".format(max_length, len(value)))
    if not IAM_NAME_PATTERN.match(value):
        raise ParameterError(option, "may contain only letters, digits and + = , . @ _ - (got {0!r})".format(value))


def check_path(option, value):
    if value is None:
        return
    if len(value) > PATH_MAX or not IAM_PATH_PATTERN.match(value):
        raise ParameterError(option, "must start and end with '/', hold only printable ASCII without spaces "
                                     "and be at most {0} characters (got {1!r})".format(PATH_MAX, value))


def check_length(option, value, max_length, min_length=0):
    if value is None:
        return
    if not min_length <= len(value) <= max_length:
        raise ParameterError(option, "must be {0} to {1} characters long (got {2})".format(
            min_length, max_length, len(value)))


def check_range(option, value, low, high):
    if value is None:
        return
    if not low <= value <= high:
        raise ParameterError(option, "must be between {0} and {1} (got {2})".format(low, high, value))


def check_tags(option, tags):
    if not tags:
        return
    if len(tags) > TAGS_MAX:
        raise ParameterError(option, "at most {0} tags (got {1})".format(TAGS_MAX, len(tags)))
    for key, value in tags.items():
        if not 1 <= len(str(key)) <= TAG_KEY_MAX:
            raise ParameterError(option, "tag key {0!r} must be 1 to {1} characters".format(key, TAG_KEY_MAX))
        if str(key).lower().startswith("aws:"):
            raise ParameterError(option, "tag key {0!r}: the aws: prefix is reserved".format(key))
        if len(str(value)) > TAG_VALUE_MAX:
            raise ParameterError(option, "tag {0!r}: value longer than {1} characters".format(key, TAG_VALUE_MAX))


def check_account_id(option, value):
    if value is None:
        return
    if not ACCOUNT_ID_PATTERN.match(str(value)):
        raise ParameterError(option, "must be a 12-digit AWS account id (got {0!r})".format(value))


def check_account_ids(option, values):
    """A list of 12-digit account ids; the message names the item (``option[2]``)."""
    if not isinstance(values, (list, tuple)):
        raise ParameterError(option, "must be a list of 12-digit AWS account ids (got {0!r})".format(values))
    for index, value in enumerate(values):
        check_account_id("{0}[{1}]".format(option, index), value)


def check_subset(option, values, allowed):
    """A list whose items are all among ``allowed``."""
    if not isinstance(values, (list, tuple)):
        raise ParameterError(option, "must be a list of {0} (got {1!r})".format(", ".join(allowed), values))
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise ParameterError(option, "{0} not among {1}".format(", ".join(map(str, unknown)), ", ".join(allowed)))


def check_role_arn(option, value):
    if not IAM_ROLE_ARN_PATTERN.match(value or ""):
        raise ParameterError(option, "must be an IAM role ARN such as arn:aws:iam::123456789012:role/Name "
                                     "(got {0!r})".format(value))


def check_policy_arn(option, value):
    if not POLICY_ARN_PATTERN.match(value or ""):
        raise ParameterError(option, "must be an IAM policy ARN such as arn:aws:iam::aws:policy/Name "
                                     "(got {0!r})".format(value))


# aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...: the second field of every ARN.
PARTITION_PATTERN = re.compile(r"^aws(?:-[a-z]+)*\Z", re.ASCII)


def check_partition(option, value):
    if not PARTITION_PATTERN.match(value or ""):
        raise ParameterError(option, "must be an AWS partition such as aws, aws-cn or aws-us-gov (got {0!r})".format(
            value))
