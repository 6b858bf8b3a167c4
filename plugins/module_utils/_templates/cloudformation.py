# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every Proton provisioning role may do to its own CloudFormation stacks.

Kept apart from provisioning_policy (which carries the CloudFormation handler data,
~480 KB) so that modules needing only these constants do not ship that data.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._iam import scoping

# AWS's documented statement for the AWS-managed provisioning role (AWS Proton User Guide).
STACK_ACTIONS = [
    "cloudformation:CancelUpdateStack",
    "cloudformation:ContinueUpdateRollback",
    "cloudformation:CreateChangeSet",
    "cloudformation:CreateStack",
    "cloudformation:DeleteChangeSet",
    "cloudformation:DeleteStack",
    "cloudformation:DescribeChangeSet",
    "cloudformation:DescribeStackDriftDetectionStatus",
    "cloudformation:DescribeStackEvents",
    "cloudformation:DescribeStackResourceDrifts",
    "cloudformation:DescribeStacks",
    "cloudformation:DetectStackResourceDrift",
    "cloudformation:ExecuteChangeSet",
    "cloudformation:ListChangeSets",
    "cloudformation:ListStackResources",
    "cloudformation:UpdateStack",
]

CLOUDFORMATION_PRINCIPAL = "cloudformation.amazonaws.com"


def stack_arn(partition, account):
    """The stacks Proton creates: ``AWSProton-<name>-<id>`` in any region of ``account``."""
    return "arn:{0}:cloudformation:*:{1}:stack/AWSProton-*".format(partition, account)


def stack_statement(partition, account):
    """AWS's documented statement for Proton's stacks, as written (``stack_statements`` is what IAM enforces)."""
    return {
        "Sid": "ProtonCloudFormationStacks",
        "Effect": "Allow",
        "Action": list(STACK_ACTIONS),
        "Resource": stack_arn(partition, account),
    }


def stack_statements(partition, account):
    """The statements every Proton-assumed role (scoped, administrator, from_templates) starts with: the stack
    actions on Proton's stacks, and on ``"*"`` those IAM cannot scope to a stack
    (``cloudformation:DescribeStackDriftDetectionStatus``; AWS's documented policy names it on the stacks, where
    IAM never allows it)."""
    return scoping.scope_statement(stack_statement(partition, account))


def called_via_cloudformation():
    """The condition that limits a statement to calls CloudFormation makes with the role."""
    return {"ForAnyValue:StringEquals": {"aws:CalledVia": [CLOUDFORMATION_PRINCIPAL]}}
