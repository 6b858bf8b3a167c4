# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PRIVATE to the collection. CloudFormation schemas' permission names turned into IAM actions.

The resource provider schemas list, as a handler's permissions, some API operation names that are no IAM
action (``s3:DeleteBucketCors``: the operation is authorized by ``s3:PutBucketCORS``). IAM never evaluates
such a name, so a policy granting it grants nothing. Each schema entry is kept when it is an IAM action
(in IAM's spelling, from the collection's IAM action table), mapped when this curated table says which IAM
action authorizes the operation (each entry with the AWS page that says so), and dropped otherwise; the
report of ``template_policy`` lists what was mapped and what was dropped.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._iam import actions as iam_actions

_S3_API = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_{0}.html"

# schema permission name -> (the IAM action that authorizes the operation, where AWS says so)
ALIASES = {
    "s3:DeleteBucketAnalyticsConfiguration": ("s3:PutAnalyticsConfiguration",
                                              _S3_API.format("DeleteBucketAnalyticsConfiguration")),
    "s3:DeleteBucketCors": ("s3:PutBucketCORS", _S3_API.format("DeleteBucketCors")),
    "s3:DeleteBucketEncryption": ("s3:PutEncryptionConfiguration", _S3_API.format("DeleteBucketEncryption")),
    "s3:DeleteBucketLifecycle": ("s3:PutLifecycleConfiguration", _S3_API.format("DeleteBucketLifecycle")),
    "s3:DeleteBucketMetricsConfiguration": ("s3:PutMetricsConfiguration",
                                            _S3_API.format("DeleteBucketMetricsConfiguration")),
    "s3:DeleteBucketReplication": ("s3:PutReplicationConfiguration", _S3_API.format("DeleteBucketReplication")),
    "s3:PutBucketReplication": ("s3:PutReplicationConfiguration", _S3_API.format("PutBucketReplication")),
    "s3:PutObjectLockConfiguration": ("s3:PutBucketObjectLockConfiguration",
                                      _S3_API.format("PutObjectLockConfiguration")),
}


def is_pattern(name):
    return "*" in name or "?" in name


def to_iam_actions(names):
    """``(actions, mapped, dropped)``: ``names`` as IAM actions; ``mapped`` ``{name: [action, source]}`` and
    ``dropped`` ``[name]`` say what was not an IAM action."""
    result, mapped, dropped = [], {}, []
    for name in names:
        if is_pattern(name):
            result.append(name)
            continue
        action = iam_actions.canonical(name)
        if action:
            result.append(action)
        elif name in ALIASES:
            action, source = ALIASES[name]
            result.append(action)
            mapped[name] = [action, source]
        else:
            dropped.append(name)
    unique = []
    for action in result:
        if action not in unique:
            unique.append(action)
    return unique, mapped, dropped
