# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The aws_organization inventory's pure parts: the tree walk and OU paths, the filters, the host variables,
verify_file and the documented options. The whole plugin against the emulator: tests/integration."""

from __future__ import annotations

import datetime
import sys

import pytest
import yaml

from ansible_collections.awsops.proton.plugins.inventory import aws_organization
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError
from ansible_collections.awsops.proton.plugins.module_utils._organizations.accounts import (
    OrganizationAccessError,
    assume_role_arn,
    ou_path_of,
    partition_of,
    read_organization,
    select_accounts,
)

MANAGEMENT = "111111111111"
ROOT = "r-ab12"
WORKLOADS, PROD, DEV, SANDBOX = "ou-ab12-00000001", "ou-ab12-00000002", "ou-ab12-00000003", "ou-ab12-00000004"


def _account(account_id, name, state="ACTIVE", partition="aws"):
    arn = "arn:%s:organizations::%s:account/o-abcdefghij/%s" % (partition, MANAGEMENT, account_id)
    return {"Id": account_id, "Arn": arn,
            "Name": name, "Email": name + "@example.com", "State": state, "JoinedMethod": "CREATED"}


class Organizations:
    """The three listings read_organization makes, over a fixed tree; records each call."""

    def __init__(self, partition="aws", error=None):
        self.calls = []
        self.error = error
        self.units = {ROOT: [{"Id": WORKLOADS, "Name": "Workloads"}, {"Id": SANDBOX, "Name": "Sandbox"}],
                      WORKLOADS: [{"Id": PROD, "Name": "Prod"}, {"Id": DEV, "Name": "Dev"}],
                      PROD: [], DEV: [], SANDBOX: []}
        self.accounts = {ROOT: [_account(MANAGEMENT, "management", partition=partition)],
                         WORKLOADS: [],
                         PROD: [_account("222222222222", "prod-a", partition=partition),
                                _account("333333333333", "prod-b", "SUSPENDED", partition=partition)],
                         DEV: [_account("444444444444", "dev-a", partition=partition)],
                         SANDBOX: [_account("555555555555", "sandbox-a", partition=partition)]}

    def paginate(self, operation, result_key, **kwargs):
        self.calls.append((operation, kwargs.get("ParentId")))
        if self.error is not None:
            raise self.error
        if operation == "ListRoots":
            return [{"Id": ROOT, "Name": "Root"}]
        if operation == "ListOrganizationalUnitsForParent":
            return list(self.units[kwargs["ParentId"]])
        assert operation == "ListAccountsForParent", operation
        return list(self.accounts[kwargs["ParentId"]])


def _ids(accounts):
    return [account["Id"] for account in accounts]


def test_whole_organization_walks_the_tree_once_and_names_each_ou_path():
    client = Organizations()
    organization = read_organization(client)
    assert _ids(organization["accounts"]) == [MANAGEMENT, "555555555555", "222222222222", "333333333333",
                                              "444444444444"]
    paths = {account["Name"]: ou_path_of(organization, account) for account in organization["accounts"]}
    assert paths == {"management": "Root", "prod-a": "Root/Workloads/Prod", "prod-b": "Root/Workloads/Prod",
                     "dev-a": "Root/Workloads/Dev", "sandbox-a": "Root/Sandbox"}
    assert organization["management_account_id"] == MANAGEMENT and organization["partition"] == "aws"
    operations = [call[0] for call in client.calls]
    assert operations.count("ListRoots") == 1
    assert operations.count("ListOrganizationalUnitsForParent") == 5  # root + 4 OUs, each once
    assert operations.count("ListAccountsForParent") == 5
    assert "ListAccounts" not in operations and "ListParents" not in operations


def test_parent_ids_with_and_without_recursion():
    recursive = read_organization(Organizations(), [WORKLOADS], recursive=True)
    assert _ids(recursive["accounts"]) == ["222222222222", "333333333333", "444444444444"]
    flat_client = Organizations()
    flat = read_organization(flat_client, [WORKLOADS, PROD], recursive=False)
    assert _ids(flat["accounts"]) == ["222222222222", "333333333333"]
    assert [parent for operation, parent in flat_client.calls if operation == "ListAccountsForParent"] == [
        WORKLOADS, PROD]
    overlapping = read_organization(Organizations(), [WORKLOADS, PROD], recursive=True)
    assert _ids(overlapping["accounts"]) == ["222222222222", "333333333333", "444444444444"]  # each once


def test_an_unknown_parent_id_is_named():
    with pytest.raises(OrganizationAccessError) as excinfo:
        read_organization(Organizations(), ["ou-ab12-99999999"])
    assert "ou-ab12-99999999 is no root or OU" in excinfo.value.message


@pytest.mark.parametrize("code, words", [
    ("AWSOrganizationsNotInUseException", "in no AWS Organization"),
    ("AccessDeniedException", "a member account cannot list the Organization"),
])
def test_no_organization_and_access_denied_say_what_to_do(code, words):
    error = AWSAPIError("ListRoots", code, "message from AWS")
    with pytest.raises(OrganizationAccessError) as excinfo:
        read_organization(Organizations(error=error))
    assert words in excinfo.value.message and "message from AWS" in excinfo.value.message


def test_other_api_errors_pass_unchanged():
    error = AWSAPIError("ListRoots", "TooManyRequestsException", "Rate exceeded")
    with pytest.raises(AWSAPIError) as excinfo:
        read_organization(Organizations(error=error))
    assert excinfo.value is error


def test_filters_states_include_exclude_and_the_management_account():
    organization = read_organization(Organizations())
    assert _ids(select_accounts(organization)) == ["555555555555", "222222222222", "444444444444"]
    assert _ids(select_accounts(organization, states=["SUSPENDED"])) == ["333333333333"]
    assert len(select_accounts(organization, states=[])) == 4  # every state, still no management account
    assert _ids(select_accounts(organization, include_management_account=True))[0] == MANAGEMENT
    assert _ids(select_accounts(organization, include_accounts=["prod-a", "444444444444"])) == [
        "222222222222", "444444444444"]
    assert _ids(select_accounts(organization, include_accounts=["prod-a", "dev-a"], exclude_accounts=["dev-a"])) == [
        "222222222222"]
    assert _ids(select_accounts(organization, exclude_accounts=["555555555555", "prod-a"])) == ["444444444444"]


def test_partition_comes_from_the_arns_then_the_region():
    assert read_organization(Organizations(partition="aws-cn"))["partition"] == "aws-cn"
    assert partition_of({"partition": "aws-us-gov"}, "eu-west-1") == "aws-us-gov"
    assert partition_of({"partition": None}, "cn-north-1") == "aws-cn"
    assert partition_of({"partition": None}, "us-gov-west-1") == "aws-us-gov"
    assert partition_of({"partition": None}, "us-isob-east-1") == "aws-iso-b"
    assert partition_of({"partition": None}, None) == "aws"


def test_assume_role_arn_with_and_without_a_path():
    assert assume_role_arn("aws", "222222222222", "OrganizationAccountAccessRole") == (
        "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole")
    assert assume_role_arn("aws-cn", "222222222222", "/team/Admin") == "arn:aws-cn:iam::222222222222:role/team/Admin"


def test_host_variables_are_the_documented_ones():
    organization = read_organization(Organizations())
    account = organization["accounts"][2]
    host_vars = aws_organization.host_variables(account, ou_path_of(organization, account), "arn:x")
    assert host_vars == {
        "aws_account_id": "222222222222", "aws_account_name": "prod-a", "aws_account_email": "prod-a@example.com",
        "aws_account_state": "ACTIVE", "aws_account_joined_method": "CREATED", "aws_account_parent_id": PROD,
        "aws_account_ou_path": "Root/Workloads/Prod", "proton_assume_role_arn": "arn:x",
        "ansible_connection": "local", "ansible_python_interpreter": sys.executable}
    description = " ".join(yaml.safe_load(aws_organization.DOCUMENTATION)["description"])
    for name in host_vars:
        assert "C({0})".format(name) in description, name


def test_timestamps_are_stored_as_text_for_the_cache():
    client = Organizations()
    client.accounts[DEV][0]["JoinedTimestamp"] = datetime.datetime(2026, 1, 2, 3, 4, 5)
    organization = read_organization(client)
    assert [a["JoinedTimestamp"] for a in organization["accounts"] if a["Id"] == "444444444444"] == [
        "2026-01-02T03:04:05"]


@pytest.mark.parametrize("name, accepted", [
    ("org.aws_organization.yml", True), ("org.aws_organization.yaml", True), ("aws_organization.yml", False),
    ("org.aws_ec2.yml", False), ("org.yml", False), ("org.aws_organization.json", False)])
def test_verify_file_takes_only_aws_organization_files(tmp_path, name, accepted):
    path = tmp_path / name
    path.write_text("plugin: awsops.proton.aws_organization\n")
    assert aws_organization.InventoryModule().verify_file(str(path)) is accepted


def test_verify_file_refuses_a_missing_file(tmp_path):
    assert not aws_organization.InventoryModule().verify_file(str(tmp_path / "absent.aws_organization.yml"))


def test_documented_options_and_defaults():
    options = yaml.safe_load(aws_organization.DOCUMENTATION)["options"]
    assert options["states"]["default"] == ["ACTIVE"]
    assert "Status" not in options["states"]["choices"]
    assert options["recursive"]["default"] is True
    assert options["include_management_account"]["default"] is False
    assert options["role_name"]["default"] == "OrganizationAccountAccessRole"
    assert options["parent_ids"]["default"] == [] and options["exclude_accounts"]["default"] == []
    assert set(aws_organization.CONNECTION_OPTIONS) <= set(options)
    assert {"name": "AWS_REGION"} in options["region"]["env"]
    fragments = yaml.safe_load(aws_organization.DOCUMENTATION)["extends_documentation_fragment"]
    assert fragments == ["constructed", "inventory_cache"]
