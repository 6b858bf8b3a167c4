# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Trust and permission documents for the IAM roles AWS Proton uses. Pure functions, no AWS call.

Five kinds of role (``ROLE_KINDS``): the environment's AWS-managed provisioning role, its CodeBuild
provisioning role, the component role, and the two pipeline roles. For each, this module builds

- the trust policy: the service that assumes the role, with AWS's confused-deputy conditions
  (``aws:SourceAccount`` always; ``aws:SourceArn`` = ``arn:<partition>:proton:*:<account>:environment/*``
  for the environment and component roles, in the ARN form that matches; AWS's examples long printed
  ``arn:aws::proton:...``, which never does);
- the permissions, by mode (``PERMISSION_MODES``): ``scoped`` (least privilege: CloudFormation stacks
  named ``AWSProton-*`` plus only the listed services), ``from_templates`` (the policy the
  ``template_policy`` module derived from the Proton templates), ``administrator`` (what the console
  creates), ``custom`` (the caller's statements and managed policies). A mode is one function from
  ``PermissionInput`` to ``Permissions``, plus the options it reads in ``MODE_OPTIONS``.

Validation errors are ``ParameterError`` naming the option through ``names``, a callable that maps
an option to the name the user typed (a role passes its own variable names), so a bad value is
reported as, say, ``environment_roles_services`` rather than ``services``.
"""

from __future__ import annotations

from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._iam import scoping
from ansible_collections.awsops.proton.plugins.module_utils._aws import policy as policy_utils
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._iam import actions as iam_actions
# AWS's documented CloudFormation stack actions of the AWS-managed provisioning role, defined once.
from ansible_collections.awsops.proton.plugins.module_utils._templates.cloudformation import (
    called_via_cloudformation,
    stack_statements as cloudformation_stack_statements,
)

POLICY_VERSION = "2012-10-17"
PROTON_PRINCIPAL = "proton.amazonaws.com"
CODEBUILD_PRINCIPAL = "codebuild.amazonaws.com"
# The logs and deployment-status basics every CodeBuild provisioning role needs (AWS managed).
CODEBUILD_BASIC_POLICY = "AWSProtonCodeBuildProvisioningBasicAccess"
# The one inline policy each role gets; a change of mode rewrites it in place.
INLINE_POLICY_NAME = "ProtonRolePermissions"

# The console's administrator policy: everything but Organizations and account management, plus
# the two reads of those that stacks need.
ADMINISTRATOR_NOT_ACTIONS = ("organizations:*", "account:*")
ADMINISTRATOR_READ_ACTIONS = ("organizations:DescribeOrganization", "account:ListRegions")

ADMINISTRATOR_WARNING = (
    "{role}: {option}=administrator grants what the AWS Proton console creates: every AWS action except "
    "Organizations and account management{via}. Use it for sandboxes only; for production, use from_templates "
    "(derived from your templates), scoped with the services your templates deploy, or custom."
)

# from_templates: the template files (template_policy's report.files[].kind) each role deploys. AWS Proton
# deploys environments and service instances with the environment's provisioning role, components with
# the component role and service pipelines with the pipeline service role; a file given directly
# ("template") may be any of them. The environment roles share one set of paths, as do the pipeline roles.
_ENVIRONMENT_FILES = ("environment", "service_instance", "component", "template")
_PIPELINE_FILES = ("service_pipeline", "template")
TEMPLATE_FILE_KINDS = {
    "environment_provisioning": _ENVIRONMENT_FILES,
    "environment_codebuild": _ENVIRONMENT_FILES,
    "environment_component": _ENVIRONMENT_FILES,
    "pipeline_service": _PIPELINE_FILES,
    "pipeline_codebuild": _PIPELINE_FILES,
}
TEMPLATE_FILE_DEPLOYERS = {
    "environment": ("an environment template", "the environment provisioning role"),
    "service_instance": ("a service instance template (instance_infrastructure)",
                         "the environment provisioning role"),
    "component": ("a component template", "the component role"),
    "service_pipeline": ("a service pipeline template (pipeline_infrastructure)", "the pipeline service role"),
}


class RoleKind:
    """One kind of Proton role: who assumes it and which confused-deputy conditions fit it."""

    def __init__(self, name, principal, environment_source_arn, description, default_name):
        self.name = name
        self.principal = principal
        # Proton assumes environment and component roles for an environment: aws:SourceArn is the
        # environment's ARN. For pipeline and CodeBuild roles the source is not an environment, so
        # only aws:SourceAccount is safe (reference: aws-proton-iam.md, "inferences").
        self.environment_source_arn = environment_source_arn
        self.description = description
        self.default_name = default_name

    @property
    def uses_codebuild(self):
        return self.principal == CODEBUILD_PRINCIPAL


ROLE_KINDS = dict((kind.name, kind) for kind in (
    RoleKind("environment_provisioning", PROTON_PRINCIPAL, True,
             "AWS Proton AWS-managed (CloudFormation) provisioning role for environments",
             "ProtonEnvironmentServiceRole"),
    RoleKind("environment_codebuild", CODEBUILD_PRINCIPAL, False,
             "AWS Proton CodeBuild provisioning role for environments", "ProtonEnvironmentCodeBuildRole"),
    RoleKind("environment_component", PROTON_PRINCIPAL, True,
             "AWS Proton role for directly defined components", "ProtonComponentRole"),
    RoleKind("pipeline_service", PROTON_PRINCIPAL, False,
             "AWS Proton pipeline service role", "ProtonPipelineServiceRole"),
    RoleKind("pipeline_codebuild", CODEBUILD_PRINCIPAL, False,
             "AWS Proton CodeBuild pipeline role", "ProtonPipelineCodeBuildRole"),
))


def plain_names(option):
    """The default ``names``: options are reported under their own name."""
    return option


# ---------------------------------------------------------------- ARNs


def environment_source_arn(partition, account):
    """The ``aws:SourceArn`` pattern matching every Proton environment of ``account``.

    ``arn:<partition>:proton:<region>:<account>:environment/<name>``: service in the third field,
    region (``*``) in the fourth. Not AWS's old misprint ``arn:aws::proton:*:...``.
    """
    return "arn:{0}:proton:*:{1}:environment/*".format(partition, account)


def role_arn(partition, account, path, name):
    return "arn:{0}:iam::{1}:role{2}{3}".format(partition, account, path or "/", name)


# ---------------------------------------------------------------- trust


def default_trust_conditions(kind, partition, source_account):
    """AWS's confused-deputy conditions for ``kind`` (a ``RoleKind``)."""
    conditions = {"StringEquals": {"aws:SourceAccount": source_account}}
    if kind.environment_source_arn:
        conditions["ArnLike"] = {"aws:SourceArn": environment_source_arn(partition, source_account)}
    return conditions


def build_trust_policy(kind, partition, account, conditions=None, protect=True):
    """The trust policy of a role of ``kind``.

    ``conditions`` (a Condition block) replaces the default conditions; ``protect=False`` drops the
    conditions altogether (the service alone is trusted). ``account`` is the account the conditions
    name (normally the caller's; the management account with environment account connections).
    """
    statement = {"Effect": "Allow", "Principal": {"Service": kind.principal}, "Action": "sts:AssumeRole"}
    if protect:
        statement["Condition"] = conditions if conditions else default_trust_conditions(kind, partition, account)
    return {"Version": POLICY_VERSION, "Statement": [statement]}


# ---------------------------------------------------------------- permissions


class PermissionInput:
    """What a permission mode may use."""

    def __init__(self, kind, partition, account, services=(), statements=(), managed_policies=(),
                 role_name=None, names=plain_names, template_paths=(), template_policy=None):
        self.kind = kind
        self.partition = partition
        self.account = account
        self.services = list(services or [])
        self.statements = list(statements or [])
        self.managed_policies = list(managed_policies or [])
        self.role_name = role_name or kind.default_name
        self.names = names
        self.template_paths = list(template_paths or [])
        # The template_policy backend's result for template_paths (_templates.derive), or None.
        self.template_policy = template_policy or None


class Permissions:
    """A role's permissions: inline statements, managed policy ARNs, and warnings for the user."""

    def __init__(self, statements=None, managed_policies=None, warnings=None):
        self.statements = list(statements or [])
        self.managed_policies = sorted(set(managed_policies or []))
        self.warnings = list(warnings or [])

    def inline_policies(self):
        """``{name: document}`` for iam_role's ``inline_policies`` (empty when there are no statements)."""
        if not self.statements:
            return {}
        return {INLINE_POLICY_NAME: {"Version": POLICY_VERSION, "Statement": self.statements}}


def services_statement(services, via_cloudformation):
    """Every action of ``services`` (IAM prefixes); only through CloudFormation when ``via_cloudformation``."""
    statement = {
        "Sid": "ServicesViaCloudFormation" if via_cloudformation else "Services",
        "Effect": "Allow",
        "Action": ["{0}:*".format(service) for service in sorted(set(services))],
        "Resource": "*",
    }
    if via_cloudformation:
        statement["Condition"] = called_via_cloudformation()
    return statement


def administrator_statements(via_cloudformation):
    """AWS's documented administrator statements; for CodeBuild roles without the CalledVia condition
    (CodeBuild runs the IaC tool itself, so its calls do not come through CloudFormation)."""
    broad = {"Sid": "Administrator", "Effect": "Allow", "NotAction": list(ADMINISTRATOR_NOT_ACTIONS),
             "Resource": "*"}
    reads = {"Sid": "OrganizationAndRegionReads", "Effect": "Allow", "Action": list(ADMINISTRATOR_READ_ACTIONS),
             "Resource": "*"}
    if via_cloudformation:
        broad["Condition"] = called_via_cloudformation()
        reads["Condition"] = called_via_cloudformation()
    return [broad, reads]


def codebuild_basic_policy_arn(partition):
    return iam.policy_arn(CODEBUILD_BASIC_POLICY, partition)


def scoped_permissions(given):
    """Least privilege: Proton's stacks and only the listed services.

    Proton-assumed roles: the CloudFormation stack statement plus ``<service>:*`` only when called
    via CloudFormation (AWS's scoped-down pattern). CodeBuild roles: the logs and deployment-status
    basics (AWS managed policy) plus ``<service>:*``, which the IaC tool calls directly.
    """
    kind = given.kind
    if kind.uses_codebuild:
        statements = [services_statement(given.services, False)] if given.services else []
        return Permissions(statements, [codebuild_basic_policy_arn(given.partition)])
    statements = cloudformation_stack_statements(given.partition, given.account)
    if given.services:
        statements.append(services_statement(given.services, True))
    return Permissions(statements)


def administrator_permissions(given):
    """What the console creates (AWS's documented policy); a sandbox-only warning comes with it."""
    kind = given.kind
    if kind.uses_codebuild:
        warning = ADMINISTRATOR_WARNING.format(role=given.role_name, option=given.names("permissions"), via="")
        return Permissions(administrator_statements(False), [codebuild_basic_policy_arn(given.partition)],
                           [warning])
    warning = ADMINISTRATOR_WARNING.format(role=given.role_name, option=given.names("permissions"),
                                           via=" through CloudFormation")
    statements = cloudformation_stack_statements(given.partition, given.account) + administrator_statements(True)
    return Permissions(statements, warnings=[warning])


def custom_permissions(given):
    """The caller's statements and managed policies; an action IAM cannot scope to the resources a statement
    names moves to a statement of its own on ``"*"`` (``_iam/scoping.py``), where IAM allows it."""
    if not given.statements and not given.managed_policies:
        raise ParameterError(given.names("permissions"), "custom needs {0} or {1} (or both); both are empty".format(
            given.names("statements"), given.names("managed_policies")))
    return Permissions(scoping.scope_statements(given.statements),
                       [iam.policy_arn(arn, given.partition) for arn in given.managed_policies])


def template_policy_statements(given):
    """(statements, report) of the policy derived from ``template_paths`` (``_templates.derive``)."""
    result = given.template_policy
    statements = result["policies"][0]["Statement"]
    return statements, result.get("report") or {}


def _check_template_files(given, report):
    """Every template read is one this role deploys (a pipeline's resources do not belong to the
    environment roles, nor an environment's to the pipeline roles)."""
    allowed = TEMPLATE_FILE_KINDS[given.kind.name]
    wrong = [f for f in report.get("files") or [] if isinstance(f, dict) and f.get("kind") not in allowed]
    if not wrong:
        return
    found = []
    for template in wrong:
        what, deployer = TEMPLATE_FILE_DEPLOYERS.get(template.get("kind"), (repr(template.get("kind")), "another role"))
        found.append("{0} is {1}, which AWS Proton deploys with {2}".format(template.get("path"), what, deployer))
    wanted = ("environment templates, service templates' instance_infrastructure, component templates"
              if allowed is _ENVIRONMENT_FILES else "service templates' pipeline_infrastructure")
    raise ParameterError(given.names("template_paths"), "{0}; give only what the {1} role deploys ({2})".format(
        "; ".join(found), given.kind.name, wanted))


def _not_cloudformation_warning(given, report):
    """CodeBuild roles: manifests template_policy skipped (CodeBuild provisioning, Terraform) are what they
    would run, and nothing about them can be derived."""
    skipped = [s for s in report.get("skipped") or [] if isinstance(s, dict)]
    if not skipped or given.services:
        return []
    paths = sorted(set(str(s.get("path")) for s in skipped))
    return ["{0}: {1} manifest(s) in {2} are not CloudFormation ({3}); when AWS Proton provisions them with "
            "CodeBuild, this role runs them, and what they deploy cannot be derived from templates. The role has "
            "only {4}: list the services they deploy in {5}.".format(
                given.role_name, len(paths), given.names("template_paths"), ", ".join(paths),
                CODEBUILD_BASIC_POLICY, given.names("services"))]


def from_templates_permissions(given):
    """The policy template_policy derived from the Proton templates, for the roles that deploy them.

    Roles AWS Proton assumes: exactly template_policy's document - the CloudFormation stack statement and
    the resources' handler permissions under ``aws:CalledVia`` ``cloudformation.amazonaws.com``. CodeBuild
    roles deploy none of the CloudFormation templates (AWS Proton runs them with the Proton-assumed role);
    they run CodeBuild-provisioned templates, which cannot be read, so they get what ``scoped`` gives them:
    the basics plus the listed services. One inline policy: template_policy fits it into IAM's 10,240
    characters or fails (``oversize``); the role never creates managed policies it would have to find again.
    """
    if not given.template_paths:
        raise ParameterError(given.names("template_paths"), "is required when {0} is from_templates: give Proton "
                             "template bundle directories or CloudFormation template files".format(
                                 given.names("permissions")))
    statements, report = template_policy_statements(given)
    _check_template_files(given, report)
    if given.kind.uses_codebuild:
        permissions = scoped_permissions(given)
        permissions.warnings.extend(_not_cloudformation_warning(given, report))
        return permissions
    return Permissions(statements)


# mode -> function(PermissionInput) -> Permissions. Options each mode reads besides the kind and account.
PERMISSION_MODES = {
    "scoped": scoped_permissions,
    "from_templates": from_templates_permissions,
    "administrator": administrator_permissions,
    "custom": custom_permissions,
}
# from_templates reads services for the CodeBuild roles only (the templates give the others theirs).
MODE_OPTIONS = {
    "scoped": ("services",),
    "from_templates": ("template_paths", "services"),
    "administrator": (),
    "custom": ("statements", "managed_policies"),
}


def build_permissions(mode, given):
    """``mode`` is one of ``role_options.PERMISSION_MODE_NAMES`` (the argument spec's choices)."""
    for option, value in (("services", given.services), ("statements", given.statements),
                          ("managed_policies", given.managed_policies), ("template_paths", given.template_paths)):
        if value and option not in MODE_OPTIONS[mode]:
            raise ParameterError(given.names(option), "is only used when {0} is {1}, not {2}; leave it empty".format(
                given.names("permissions"), " or ".join(m for m in sorted(MODE_OPTIONS) if option in MODE_OPTIONS[m]),
                mode))
    return PERMISSION_MODES[mode](given)


# ---------------------------------------------------------------- validation


def check_services(option, services, is_prefix=iam_actions.is_service_prefix):
    """IAM service prefixes such as ``s3``, ``ecs``, ``elasticloadbalancing``; sorted, lower case. Exactly the
    prefixes IAM's actions have (``_iam/actions.py``): a policy with ``elbv2:*`` would grant nothing."""
    checked = set()
    for value in services or []:
        if not isinstance(value, str) or not value.strip():
            raise ParameterError(option, "entries must be AWS service prefixes such as s3 or ecs (got {0!r})".format(
                value))
        name = value.strip().lower()
        if ":" in name or "*" in name:
            raise ParameterError(option, "{0!r}: give the service prefix only (for example s3), not an action; "
                                         "all of the service's actions are granted".format(value))
        if not is_prefix(name):
            suggestion = iam_actions.suggest_prefix(name)
            raise ParameterError(option, "{0!r} is not an AWS service prefix as IAM policies use them ({1}for "
                                         "example s3, ec2, ecs, logs, cloudwatch, elasticloadbalancing, lambda, "
                                         "states; checked against IAM's actions, {2})".format(
                                             value, "did you mean {0}? ".format(suggestion) if suggestion
                                             else "", iam_actions.source_text()))
        checked.add(name)
    return sorted(checked)


def check_statements(option, statements):
    """Identity-policy statements: the shape ``parse_policy`` checks, a Resource, no Principal."""
    if statements is None:
        return []
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        raise ParameterError(option, "must be a list of policy statements")
    if not statements:
        return []
    policy_utils.parse_policy({"Version": POLICY_VERSION, "Statement": statements}, option)
    for index, statement in enumerate(statements):
        where = "Statement[{0}]".format(index)
        if "Resource" not in statement and "NotResource" not in statement:
            raise ParameterError(option, "{0} needs a Resource (or NotResource), as IAM requires in a role's "
                                         "permissions".format(where))
        if "Principal" in statement or "NotPrincipal" in statement:
            raise ParameterError(option, "{0} has a Principal, which belongs in a trust policy, not in a role's "
                                         "permissions".format(where))
        # An action IAM does not know grants nothing (or, in NotAction, excludes nothing): refuse it now.
        for element in ("Action", "NotAction"):
            if element in statement:
                iam_actions.check_actions(option, statement[element], "{0}.{1}: ".format(where, element))
    return statements


def check_conditions(option, conditions):
    """A Condition block: ``{operator: {key: value or [values]}}``."""
    if not conditions:
        return None
    if not isinstance(conditions, dict):
        raise ParameterError(option, "must be a Condition block such as {\"StringEquals\": {\"aws:SourceAccount\": "
                                     "\"123456789012\"}}")
    for operator, block in conditions.items():
        if not isinstance(block, dict) or not block:
            raise ParameterError(option, "{0} must map condition keys to values".format(operator))
        for key, value in block.items():
            values = value if isinstance(value, list) else [value]
            if not values or any(isinstance(v, (dict, list)) or v is None for v in values):
                raise ParameterError(option, "{0}.{1} must be a string or a list of strings".format(operator, key))
    return conditions
