# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: aws_organization
short_description: The accounts of an AWS Organization as inventory hosts
version_added: 0.1.0
description:
  - Lists the accounts of an AWS Organization, from its management account or a delegated administrator,
    and makes each account a host named by its 12-digit account id, in the group C(aws_accounts).
  - Each host runs on the controller (C(ansible_connection=local), the controller's Python) and carries the
    ARN of the role to assume in the account (C(proton_assume_role_arn)), its name, email, state, how it
    joined, its parent and its OU path from the root (C(Root/Workloads/Prod)).
  - "API calls: one C(ListRoots), one C(ListOrganizationalUnitsForParent) walk per root and OU (the tree, for the
    OU paths and O(recursive)) and one C(ListAccountsForParent) walk per parent listed, which gives every
    account its parent without a call per account. Every walk follows C(NextToken) to its end, also past an
    empty page that carries one."
  - "Host variables: C(aws_account_id), C(aws_account_name), C(aws_account_email), C(aws_account_state),
    C(aws_account_joined_method) (C(CREATED) or C(INVITED)), C(aws_account_parent_id), C(aws_account_ou_path),
    C(proton_assume_role_arn) (C(arn:<partition>:iam::<account>:role/<role_name>), the partition from the
    accounts' ARNs), C(ansible_connection) (C(local)) and C(ansible_python_interpreter) (the Python running Ansible)."
  - The file must be named C(*.aws_organization.yml) or C(*.aws_organization.yaml).
author:
  - awsops.proton maintainers (@awsops)
extends_documentation_fragment:
  - constructed
  - inventory_cache
options:
  plugin:
    description: The name of this plugin; it must be C(awsops.proton.aws_organization).
    required: true
    type: str
    choices: [awsops.proton.aws_organization]
  parent_ids:
    description:
      - Roots (C(r-...)) and OUs (C(ou-...)) whose accounts to list. Empty means every root of the Organization.
      - An id that is no root or OU of the Organization fails the inventory, naming it.
    type: list
    elements: str
    default: []
  recursive:
    description:
      - Whether to list the accounts of the OUs below O(parent_ids) too, at any depth. With V(false), only the
        accounts directly in O(parent_ids).
    type: bool
    default: true
  states:
    description:
      - The account states to keep (the accounts' C(State); the retired C(Status) is not read). Empty keeps
        every state.
    type: list
    elements: str
    choices: [PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED]
    default: [ACTIVE]
  include_accounts:
    description:
      - When not empty, only these accounts, as 12-digit ids or account names.
    type: list
    elements: str
    default: []
  exclude_accounts:
    description:
      - Accounts to leave out, as 12-digit ids or account names. Exclusion wins over O(include_accounts).
    type: list
    elements: str
    default: []
  include_management_account:
    description:
      - Whether the Organization's management account is a host too (it has no
        C(OrganizationAccountAccessRole) unless you created one).
    type: bool
    default: false
  role_name:
    description:
      - The role to assume in each account, for C(proton_assume_role_arn). Accounts created by Organizations
        have C(OrganizationAccountAccessRole), trusting the management account; invited accounts have it only
        if their owner created it.
      - A name with a path (C(team/ProtonAdmin)) gives C(role/team/ProtonAdmin).
    type: str
    default: OrganizationAccountAccessRole
  access_key:
    description:
      - AWS access key ID. When not set, botocore's credential chain (boto3's and the AWS CLI's) is used (C(AWS_ACCESS_KEY_ID), shared
        credentials and config files, SSO, container and instance roles).
      - Mutually exclusive with O(profile).
    type: str
    aliases: [aws_access_key_id, aws_access_key]
    env:
      - name: AWS_ACCESS_KEY
      - name: EC2_ACCESS_KEY
  secret_key:
    description:
      - AWS secret access key. When not set, botocore's credential chain is used.
    type: str
    aliases: [aws_secret_access_key, aws_secret_key]
    env:
      - name: AWS_SECRET_KEY
      - name: EC2_SECRET_KEY
  session_token:
    description:
      - AWS session token, for temporary credentials. When not set, botocore's credential chain is used.
    type: str
    aliases: [aws_session_token, security_token, aws_security_token]
    env:
      - name: AWS_SECURITY_TOKEN
      - name: EC2_SECURITY_TOKEN
  profile:
    description:
      - A named profile from the AWS shared config and credentials files, including SSO profiles.
      - When not set, botocore reads C(AWS_PROFILE). Mutually exclusive with O(access_key).
    type: str
    aliases: [aws_profile]
  region:
    description:
      - The region of the Organizations client. Organizations is global, so this matters only for the
        partition (C(cn-*), C(us-gov-*)); without one, C(us-east-1) is used.
      - When not set, C(AWS_REGION), C(EC2_REGION), then botocore's own (C(AWS_DEFAULT_REGION), the profile's
        region) are used.
    type: str
    aliases: [aws_region]
    env:
      - name: AWS_REGION
      - name: EC2_REGION
  endpoint_url:
    description:
      - URL of the endpoint to talk to instead of AWS's own, for example a local emulator.
      - When not set, botocore reads C(AWS_ENDPOINT_URL) and C(AWS_ENDPOINT_URL_ORGANIZATIONS).
    type: str
    aliases: [aws_endpoint_url]
    env:
      - name: AWS_URL
      - name: EC2_URL
  validate_certs:
    description: Whether to verify the endpoint's TLS certificate. Leave it on outside tests.
    type: bool
    default: true
  aws_ca_bundle:
    description: A CA bundle to verify the endpoint's certificate with.
    type: path
  aws_config:
    description:
      - Settings passed to botocore's C(Config), for example C(connect_timeout) or C(retries).
      - Throttling (C(TooManyRequestsException)) and transient 5xx errors are retried by botocore's C(standard)
        retry mode with 10 attempts, unless C(AWS_RETRY_MODE) or C(AWS_MAX_ATTEMPTS), or the profile's
        C(retry_mode) or C(max_attempts), say otherwise.
    type: dict
notes:
  - The credentials need C(organizations:ListRoots), C(organizations:ListOrganizationalUnitsForParent) and
    C(organizations:ListAccountsForParent), in the management account or a delegated administrator. A member
    account, or an account in no Organization, fails the inventory with a message that says so.
  - With O(cache=true), a cached inventory makes no AWS call at all; the cache holds the listing, and the
    filters, O(role_name) and the constructed options apply to it at every run. A change of O(parent_ids) or
    O(recursive) lists the Organization again.
requirements:
  - python >= 3.10 (it runs on the controller, in ansible-inventory or ansible-playbook)
  - botocore >= 1.31.57
"""

EXAMPLES = r"""
# org.aws_organization.yml holding only "plugin: awsops.proton.aws_organization" lists every ACTIVE member
# account of the Organization.

# Only the accounts below one OU, with pipeline roles in the production OU, grouped by OU path
plugin: awsops.proton.aws_organization
parent_ids: [ou-ab12-workload]
exclude_accounts: [sandbox-legacy, "111122223333"]
compose:
  proton_parts: "['environment', 'pipeline'] if aws_account_ou_path.endswith('/Prod') else ['environment']"
keyed_groups:
  - key: aws_account_ou_path.split('/')[-1] | lower
    prefix: ou
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/awsops-proton-inventory
cache_timeout: 600

# Use it:
#   ansible-inventory -i org.aws_organization.yml --graph
#   ansible-playbook -i org.aws_organization.yml awsops.proton.organization -e @vars.yml -f 20
"""

import sys

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.module_utils.basic import missing_required_lib
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.awsops.proton.plugins.module_utils._aws.client import build_client, build_session, has_botocore
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ProtonCollectionError
from ansible_collections.awsops.proton.plugins.module_utils._organizations.accounts import (
    assume_role_arn,
    ou_path_of,
    partition_of,
    read_organization,
    select_accounts,
)

ACCOUNTS_GROUP = "aws_accounts"
CONNECTION_OPTIONS = ("access_key", "secret_key", "session_token", "profile", "region", "endpoint_url",
                      "validate_certs", "aws_ca_bundle", "aws_config")


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "awsops.proton.aws_organization"

    def verify_file(self, path):
        """Only files named ``*.aws_organization.yml`` / ``*.aws_organization.yaml``."""
        return super().verify_file(path) and path.endswith((".aws_organization.yml", ".aws_organization.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        organization = None
        if use_cache:
            try:
                organization = self._cache[cache_key]
            except KeyError:
                update_cache = True
            else:
                if organization.get("listed") != self._listed():  # parent_ids or recursive changed since
                    organization = None
                    update_cache = True
        if organization is None:
            organization = self._read_organization()
        if update_cache:
            self._cache[cache_key] = organization
        self._populate(organization)

    def _connection_params(self):
        params = {name: self.get_option(name) for name in CONNECTION_OPTIONS}
        if params["profile"] and params["access_key"]:
            raise AnsibleParserError("aws_organization: profile and access_key are mutually exclusive")
        return params

    def _read_organization(self):
        if not has_botocore():
            raise AnsibleError(missing_required_lib("botocore"))
        params = self._connection_params()
        try:
            session = build_session(params)
            client = build_client(session, "organizations", params)
            organization = read_organization(client, self.get_option("parent_ids"), self.get_option("recursive"))
        except ProtonCollectionError as e:
            raise AnsibleParserError("aws_organization: {0}".format(e.message))
        organization["region"] = client.region
        organization["listed"] = self._listed()
        return organization

    def _listed(self):
        """What the listing depends on besides the credentials: a cached listing of other parents is not reused."""
        return {"parent_ids": list(self.get_option("parent_ids") or []), "recursive": self.get_option("recursive")}

    def _populate(self, organization):
        accounts = select_accounts(organization, states=self.get_option("states"),
                                   include_accounts=self.get_option("include_accounts"),
                                   exclude_accounts=self.get_option("exclude_accounts"),
                                   include_management_account=self.get_option("include_management_account"))
        partition = partition_of(organization, organization.get("region"))
        role_name = self.get_option("role_name")
        strict = self.get_option("strict")
        self.inventory.add_group(ACCOUNTS_GROUP)
        for account in accounts:
            host = account["Id"]
            self.inventory.add_host(host, group=ACCOUNTS_GROUP)
            host_vars = host_variables(account, ou_path_of(organization, account),
                                       assume_role_arn(partition, account["Id"], role_name))
            for name, value in host_vars.items():
                self.inventory.set_variable(host, name, value)
            all_vars = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option("compose"), all_vars, host, strict=strict)
            all_vars = self.inventory.get_host(host).get_vars()
            self._add_host_to_composed_groups(self.get_option("groups"), all_vars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), all_vars, host, strict=strict)


def host_variables(account, ou_path, role_arn):
    """The host variables of one account. Names, emails and OU paths come from AWS and are never templated."""
    return {
        "aws_account_id": account["Id"],
        "aws_account_name": wrap_var(account["Name"]),
        "aws_account_email": wrap_var(account["Email"]),
        "aws_account_state": account["State"],
        "aws_account_joined_method": account["JoinedMethod"],
        "aws_account_parent_id": account["ParentId"],
        "aws_account_ou_path": wrap_var(ou_path),
        "proton_assume_role_arn": wrap_var(role_arn),
        "ansible_connection": "local",
        "ansible_python_interpreter": sys.executable,
    }
