#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sso_admin_access
short_description: An administrator in IAM Identity Center, with access to AWS accounts, in one task
version_added: 0.1.0
description:
  - Sets up an administrator in IAM Identity Center in one module run, over the same backends as
    M(awsops.proton.identitystore_user), M(awsops.proton.identitystore_group), M(awsops.proton.sso_permission_set),
    M(awsops.proton.sso_account_assignment) and M(awsops.proton.aws_cli_profile), with no result passed from
    task to task.
  - It finds the IAM Identity Center instance of the region, and fails saying how to enable one when there is none.
  - It ensures the identity store user O(user), and the group O(group) with the user as a member (other members
    stay).
  - It ensures the permission set O(permission_set), re-provisioned to its accounts after a change.
  - It assigns the group the permission set in every account of O(account_ids), waiting for each assignment.
  - It writes the AWS CLI profile O(cli_profile) for C(aws sso login), when given.
  - O(state=absent) removes them in reverse order (the assignments, the permission set, the group, the user,
    then the CLI profile) and changes nothing when the instance or the resources are gone.
  - Every option is checked before the first AWS call.
author:
  - awsops.proton maintainers (@awsops)
options:
  user:
    description:
      - The identity store user, found by O(user.user_name).
    type: dict
    required: true
    suboptions:
      user_name:
        description: The user's sign-in name, 1 to 128 characters without spaces.
        type: str
        required: true
      given_name:
        description: The first name. Required when O(state=present).
        type: str
      family_name:
        description: The last name. Required when O(state=present).
        type: str
      display_name:
        description:
          - The name shown in the access portal. For a new user, not set means C(<given_name> <family_name>);
            for an existing user, leave it as it is.
        type: str
      email:
        description: The user's only, primary, work email. Not set means leave it as it is.
        type: str
  group:
    description:
      - The identity store group the user is put in, found by O(group.display_name). Other members stay.
    type: dict
    required: true
    suboptions:
      display_name:
        description: The group's name, unique in the identity store.
        type: str
        required: true
      description:
        description: The group's description. Not set means leave it as it is.
        type: str
  permission_set:
    description:
      - The permission set assigned to the group, found by O(permission_set.name).
    type: dict
    required: true
    suboptions:
      name:
        description:
          - The name, 1 to 32 letters, digits and C(+=,.@_-). It is the C(sso_role_name) of the CLI profile.
        type: str
        required: true
      description:
        description: The description. Not set means leave it as it is.
        type: str
      session_duration:
        description:
          - How long a sign-in lasts, C(PT1H) to C(PT12H) (ISO 8601). Not set means leave it as it is.
        type: str
      managed_policies:
        description:
          - AWS managed policies, by ARN or name; others attached are detached. Not set means leave them.
        type: list
        elements: str
  account_ids:
    description:
      - The 12-digit ids of the AWS accounts the group gets the permission set in.
      - Empty means the account of the credentials in use (one STS C(GetCallerIdentity)).
      - The CLI profile gives access to the first of them.
    type: list
    elements: str
    default: []
  cli_profile:
    description:
      - The AWS CLI profile to write (or, with O(state=absent), remove with its sso-session unless another
        profile uses it). The start URL and C(sso_region) are the instance's. Not set means no profile.
    type: dict
    suboptions:
      name:
        description: The profile name.
        type: str
        required: true
      sso_session:
        description: The C([sso-session]) section's name; the profile name when not set.
        type: str
      region:
        description: The profile's default region. Not set means leave it as it is.
        type: str
      path:
        description:
          - The config file; C(AWS_CONFIG_FILE) if set in the module's environment, otherwise the default.
        type: path
        default: ~/.aws/config
  instance_arn:
    description:
      - The IAM Identity Center instance. When not set, the only instance in the region is used.
    type: str
  wait_timeout:
    description:
      - How many seconds to wait for each assignment and for re-provisioning.
    type: int
    default: 300
  state:
    description:
      - C(present) creates or updates everything; C(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
seealso:
  - module: awsops.proton.sso_instance_info
  - module: awsops.proton.sso_permission_set
  - module: awsops.proton.sso_account_assignment
  - module: awsops.proton.aws_cli_profile
"""

EXAMPLES = r"""
- name: The Proton administrator, with administrator access to this account and a CLI profile
  awsops.proton.sso_admin_access:
    region: us-east-1
    user:
      user_name: proton-admin
      given_name: Proton
      family_name: Admin
      email: admin@example.com
    group:
      display_name: Admins
      description: Administrators of this AWS account
    permission_set:
      name: AdministratorAccess
      session_duration: PT8H
      managed_policies: [arn:aws:iam::aws:policy/AdministratorAccess]
    cli_profile:
      name: proton-admin
      sso_session: proton
      region: us-east-1
  register: admin

- name: How to sign in
  ansible.builtin.debug:
    msg: "{{ admin.cli_profile.login_command }} (portal: {{ admin.instance.portal_url }})"

- name: Remove it all again, in two accounts
  awsops.proton.sso_admin_access:
    user: {user_name: proton-admin}
    group: {display_name: Admins}
    permission_set: {name: AdministratorAccess}
    account_ids: ["123456789012", "210987654321"]
    cli_profile: {name: proton-admin, sso_session: proton}
    state: absent
"""

RETURN = r"""
instance:
  description: The IAM Identity Center instance; C(null) with O(state=absent) when there is none.
  returned: always
  type: dict
  contains:
    instance_arn:
      description: The instance ARN.
      type: str
      sample: arn:aws:sso:::instance/ssoins-1234567890abcdef
    identity_store_id:
      description: Its identity store.
      type: str
      sample: d-1234567890
    portal_url:
      description: The default AWS access portal URL.
      type: str
      sample: https://d-1234567890.awsapps.com/start
    owner_account_id:
      description: The account that owns the instance.
      type: str
      sample: "123456789012"
    status:
      description: The instance status.
      type: str
      sample: ACTIVE
user:
  description:
    - The user after the task (as M(awsops.proton.identitystore_user) returns it; predicted in check mode);
      empty after O(state=absent).
  returned: always
  type: dict
  sample: {user_id: 9067b4a6b8-1a2b3c4d-1234-5678-9abc-def012345678, user_name: proton-admin,
           display_name: Proton Admin, given_name: Proton, family_name: Admin, email: admin@example.com,
           identity_store_id: d-1234567890}
group:
  description:
    - The group with its members' user names (as M(awsops.proton.identitystore_group) returns it); empty after
      O(state=absent).
  returned: always
  type: dict
  sample: {group_id: 9067b4a6b8-5a6b7c8d-1234-5678-9abc-def012345678, display_name: Admins,
           description: Administrators, identity_store_id: d-1234567890, members: [proton-admin]}
permission_set:
  description:
    - The permission set (name, permission_set_arn, instance_arn, description, session_duration, relay_state,
      created_date, managed_policies, provisioned_accounts; as M(awsops.proton.sso_permission_set) returns it,
      without the parts this module does not manage); empty after O(state=absent).
  returned: always
  type: dict
  sample: {name: AdministratorAccess, session_duration: PT8H, managed_policies: [arn:aws:iam::aws:policy/AdministratorAccess],
           provisioned_accounts: ["123456789012"]}
reprovisioned:
  description: Whether the permission set was (or would be) re-provisioned to its accounts after a change.
  returned: always
  type: bool
  sample: false
assignments:
  description:
    - The group's assignments, one per account of O(account_ids) (as M(awsops.proton.sso_account_assignment)
      returns them); empty after O(state=absent).
  returned: always
  type: list
  elements: dict
  sample: [{account_id: "123456789012", permission_set_name: AdministratorAccess, principal_type: GROUP,
            principal_name: Admins}]
assignment_requests:
  description: The assignment creation or deletion requests made (not in check mode), with their final status.
  returned: always
  type: list
  elements: dict
  sample: [{account_id: "123456789012", status: SUCCEEDED, request_id: 0a1b2c3d-1234-5678-9abc-def012345678,
            failure_reason: null, created_date: "2025-01-31T10:00:00+00:00"}]
cli_profile:
  description: The CLI profile (as M(awsops.proton.aws_cli_profile) returns it); empty without O(cli_profile).
  returned: always
  type: dict
  contains:
    config_file:
      description: The config file.
      type: str
      sample: /home/jane/.aws/config
    profile:
      description: The keys of the profile section.
      type: dict
      sample: {sso_session: proton, sso_account_id: "123456789012", sso_role_name: AdministratorAccess}
    sso_session:
      description: The keys of the sso-session section.
      type: dict
      sample: {sso_start_url: "https://d-1234567890.awsapps.com/start", sso_region: us-east-1}
    sso_session_name:
      description: The sso-session's name.
      type: str
      sample: proton
    removed_sections:
      description: Sections removed with O(state=absent).
      type: list
      elements: str
      sample: []
    login_command:
      description: The command that signs in with the profile (O(state=present)).
      type: str
      sample: aws sso login --profile proton-admin
changed_parts:
  description: Which parts changed (or would), of C(user), C(group), C(permission_set), C(assignments), C(cli_profile).
  returned: always
  type: list
  elements: str
  sample: [permission_set]
msg:
  description: Why nothing was done, with O(state=absent) when there is no instance.
  returned: when O(state=absent) and no instance is visible
  type: str
  sample: No IAM Identity Center instance is visible to this account in region us-east-1. ...
diff:
  description: Each part before and after (the CLI profile as the file's text), when run with C(--diff).
  returned: when diff mode is on
  type: dict
  contains:
    before:
      description: Before.
      type: dict
    after:
      description: After.
      type: dict
"""

from ansible.module_utils.basic import env_fallback

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import assignments
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import cli_profile
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import common as identity_center
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import groups
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import permission_sets
from ansible_collections.awsops.proton.plugins.module_utils._identity_center import users

PARTS = ("user", "group", "permission_set", "assignments", "cli_profile")
# The permission set parts this module does not manage are not read (three calls saved per run).
PERMISSION_SET_PARTS = ()


def validate(params):
    """Check every option before the first AWS call; returns the permission set spec."""
    present = params["state"] == "present"
    user = params["user"]
    users.validate(user, "user.")
    if present:
        for option in ("given_name", "family_name"):
            if user[option] is None:
                raise ParameterError("user." + option, "required when state=present")
    groups.validate(dict(params["group"], members=[user["user_name"]]), "group.")
    spec = permission_sets.spec(wait_timeout=params["wait_timeout"], **params["permission_set"])
    permission_sets.validate(spec, "permission_set.", check_wait_timeout=False)
    permission_sets.check_timeout("wait_timeout", params["wait_timeout"])
    assignments.validate_accounts("account_ids", params["account_ids"])
    identity_center.check_instance_arn("instance_arn", params["instance_arn"])
    if params["cli_profile"]:
        cli_profile.validate(params["cli_profile"], "cli_profile.")
    return spec


def unique(values):
    return list(dict.fromkeys(values))


class Access:
    """One run: the clients, the outcomes of each part and the account ids (looked up at most once)."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.sso_admin = module.client("sso-admin")
        self.outcomes = {}
        self._accounts = unique(self.params["account_ids"])

    @property
    def identitystore(self):
        return self.module.client("identitystore")

    def accounts(self):
        if not self._accounts:
            self._accounts = [assignments.caller_account(self.module.client("sts"))]
        return self._accounts

    def instance(self, required):
        instances = identity_center.list_instances(self.sso_admin)
        if not instances and not required:
            return None
        return identity_center.select_instance(instances, self.sso_admin, self.params["instance_arn"])

    def wanted_assignments(self, instance_arn, permission_set, group, group_name):
        return [assignments.assignment(instance_arn, account_id, permission_set, "GROUP",
                                       group.get("group_id") if group else None, group_name,
                                       permission_set_name=self.params["permission_set"]["name"])
                for account_id in self.accounts()]

    def ensure_assignments(self, wanted, state):
        """Each account's assignment: one read, then (when it differs) the request and its status polls."""
        outcome = dict(changed=False, before=[], after=[], assignments=[], requests=[])
        for assignment in wanted:
            found = assignments.exists(self.sso_admin, assignment)
            one = assignments.ensure(self.module, self.sso_admin, assignment, found, state,
                                     timeout=self.params["wait_timeout"])
            outcome["changed"] = outcome["changed"] or one["changed"]
            for key, value in (("before", one["before"]), ("after", one["after"]),
                               ("assignments", one["assignment"])):
                if value:
                    outcome[key].append(value)
            if one.get("request_status"):
                outcome["requests"].append(dict(one["request_status"], account_id=assignment["account_id"]))
        return outcome

    def profile_spec(self, instance, permission_set_name):
        profile = self.params["cli_profile"]
        spec = dict(name=profile["name"], sso_session=profile["sso_session"], region=profile["region"],
                    path=profile["path"])
        if instance is not None:
            spec.update(sso_account_id=self.accounts()[0], sso_role_name=permission_set_name,
                        sso_start_url=instance["portal_url"], sso_region=self.sso_admin.region)
        return spec

    def present(self, spec):
        params = self.params
        instance = self.instance(required=True)
        instance_arn, store_id = instance["instance_arn"], instance["identity_store_id"]
        self.accounts()  # the account lookup, when needed, before the first write

        user_spec = params["user"]
        current_user = users.read(self.identitystore, store_id, user_spec["user_name"])
        self.outcomes["user"] = users.ensure_present(self.module, self.identitystore, store_id, user_spec,
                                                     current_user)
        known = {user_spec["user_name"]: self.outcomes["user"]["user"]["user_id"]}

        group_spec = dict(params["group"], members=[user_spec["user_name"]], purge_members=False)
        group, members = groups.read(self.identitystore, store_id, group_spec["display_name"], known)
        self.outcomes["group"] = groups.ensure_present(self.module, self.identitystore, store_id, group_spec, group,
                                                       members, known, prefix="group.")

        found = permission_sets.find(self.sso_admin, instance_arn, spec["name"])
        current = permission_sets.read_details(self.sso_admin, instance_arn, found, PERMISSION_SET_PARTS) \
            if found else None
        self.outcomes["permission_set"] = permission_sets.ensure_present(
            self.module, self.sso_admin, instance_arn, spec, current, None, PERMISSION_SET_PARTS)
        permission_set = self.outcomes["permission_set"]["permission_set"]

        wanted = self.wanted_assignments(instance_arn, permission_set, self.outcomes["group"]["group"],
                                         group_spec["display_name"])
        self.outcomes["assignments"] = self.ensure_assignments(wanted, "present")
        # A completed assignment provisions the permission set to its account: no need to read that again.
        permission_set["provisioned_accounts"] = sorted(
            set(permission_set.get("provisioned_accounts") or []) | set(a["account_id"] for a in wanted))

        if params["cli_profile"]:
            self.outcomes["cli_profile"] = cli_profile.ensure_present(
                self.module, self.profile_spec(instance, spec["name"]), option="cli_profile.path")
        return instance

    def absent(self, spec):
        params = self.params
        instance = self.instance(required=False)
        if instance is not None:
            instance_arn, store_id = instance["instance_arn"], instance["identity_store_id"]
            user_name = params["user"]["user_name"]
            current_user = users.read(self.identitystore, store_id, user_name)
            known = {user_name: current_user["user_id"]} if current_user else {}
            group, members = groups.read(self.identitystore, store_id, params["group"]["display_name"], known)
            found = permission_sets.find(self.sso_admin, instance_arn, spec["name"])
            current = permission_sets.read_details(self.sso_admin, instance_arn, found, PERMISSION_SET_PARTS) \
                if found else None
            # Without the permission set or the group there is no assignment to remove (and no account to find).
            wanted = self.wanted_assignments(instance_arn, current, group, params["group"]["display_name"]) \
                if current and group else []
            self.outcomes["assignments"] = self.ensure_assignments(wanted, "absent")
            self.outcomes["permission_set"] = permission_sets.ensure_absent(self.module, self.sso_admin,
                                                                            instance_arn, current)
            self.outcomes["group"] = groups.ensure_absent(self.module, self.identitystore, store_id, group, members)
            self.outcomes["user"] = users.ensure_absent(self.module, self.identitystore, store_id, current_user)
        if params["cli_profile"]:
            self.outcomes["cli_profile"] = cli_profile.ensure_absent(self.module, self.profile_spec(None, None),
                                                                     option="cli_profile.path")
        return instance

    def result(self, instance):
        outcomes = self.outcomes
        profile = dict(outcomes.get("cli_profile") or {})
        for key in ("changed", "before", "after"):
            profile.pop(key, None)
        values = dict(
            instance=instance,
            user=outcomes.get("user", {}).get("user", {}),
            group=outcomes.get("group", {}).get("group", {}),
            permission_set=outcomes.get("permission_set", {}).get("permission_set", {}),
            reprovisioned=outcomes.get("permission_set", {}).get("reprovisioned", False),
            assignments=outcomes.get("assignments", {}).get("assignments", []),
            assignment_requests=outcomes.get("assignments", {}).get("requests", []),
            cli_profile=profile,
            changed_parts=[part for part in PARTS if outcomes.get(part, {}).get("changed")],
        )
        if "provisioning_status" in outcomes.get("permission_set", {}):
            values["provisioning_status"] = outcomes["permission_set"]["provisioning_status"]
        if instance is None and self.params["state"] == "absent":
            values["msg"] = identity_center.no_instance_message(self.sso_admin.region)
        before = dict((part, outcome["before"]) for part, outcome in outcomes.items())
        after = dict((part, outcome["after"]) for part, outcome in outcomes.items())
        return self.module.result(bool(values["changed_parts"]), before=before, after=after, **values)


def run(module):
    spec = validate(module.params)
    access = Access(module)
    if module.params["state"] == "absent":
        return access.result(access.absent(spec))
    return access.result(access.present(spec))


def main():
    argument_spec = dict(
        user=dict(type="dict", required=True, options=dict(
            user_name=dict(type="str", required=True),
            given_name=dict(type="str"),
            family_name=dict(type="str"),
            display_name=dict(type="str"),
            email=dict(type="str"),
        )),
        group=dict(type="dict", required=True, options=dict(
            display_name=dict(type="str", required=True),
            description=dict(type="str"),
        )),
        permission_set=dict(type="dict", required=True, options=dict(
            name=dict(type="str", required=True),
            description=dict(type="str"),
            session_duration=dict(type="str"),
            managed_policies=dict(type="list", elements="str"),
        )),
        account_ids=dict(type="list", elements="str", default=[]),
        cli_profile=dict(type="dict", options=dict(
            name=dict(type="str", required=True),
            sso_session=dict(type="str"),
            region=dict(type="str"),
            path=dict(type="path", default="~/.aws/config", fallback=(env_fallback, ["AWS_CONFIG_FILE"])),
        )),
        instance_arn=dict(type="str"),
        wait_timeout=dict(type="int", default=300),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = AWSModule(argument_spec, supports_check_mode=True)
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
