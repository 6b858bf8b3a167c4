"""Organizations: the seed helper, who may call, validation answers, MaxResults and the paging faults."""

import json
import urllib.error
import urllib.request

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from proton_emulator.testing import SEED_OTHER_ROLE, seed_organization

MANAGEMENT = "123456789012"


def _error(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response.get("Reason")


def _pages(call, key, **kwargs):
    """Every page of a listing, following NextToken by hand."""
    pages = []
    while True:
        page = call(**kwargs)
        pages.append(page)
        if "NextToken" not in page:
            return pages
        kwargs["NextToken"] = page["NextToken"]
        assert len(pages) < 100, "the listing never ends"


def _credentials_of(client, account_id, role="OrganizationAccountAccessRole"):
    assumed = client("sts").assume_role(RoleArn="arn:aws:iam::%s:role/%s" % (account_id, role),
                                        RoleSessionName="seed-check")["Credentials"]
    return {"aws_access_key_id": assumed["AccessKeyId"], "aws_secret_access_key": assumed["SecretAccessKey"],
            "aws_session_token": assumed["SessionToken"]}


@pytest.fixture
def organization(emulator):
    return seed_organization(emulator.url, ["Workloads/Prod", "Workloads/Dev"], 6, without_role=2, suspended=1)


def test_seed_builds_the_tree_the_accounts_and_their_roles(client, organization):
    org = client("organizations")
    assert organization["management_account_id"] == MANAGEMENT
    assert set(organization["ous"]) == {"Root", "Root/Workloads", "Root/Workloads/Prod", "Root/Workloads/Dev"}
    accounts = organization["accounts"]
    assert len(accounts) == 12 and len({account["id"] for account in accounts}) == 12
    for path in ("Root/Workloads/Prod", "Root/Workloads/Dev"):
        listed = org.list_accounts_for_parent(ParentId=organization["ous"][path])["Accounts"]
        assert sorted(item["Id"] for item in listed) == sorted(a["id"] for a in accounts if a["ou_path"] == path)
    workloads = org.list_organizational_units_for_parent(ParentId=organization["ous"]["Root/Workloads"])
    assert sorted(ou["Name"] for ou in workloads["OrganizationalUnits"]) == ["Dev", "Prod"]
    assert org.list_accounts_for_parent(ParentId=organization["root_id"])["Accounts"][0]["Id"] == MANAGEMENT

    without = [a for a in accounts if a["role_name"] is None]
    assert [a["name"] for a in without] == ["workloads-prod-06", "workloads-dev-06"]
    suspended = [a for a in accounts if a["state"] == "SUSPENDED"]
    assert [a["name"] for a in suspended] == ["workloads-prod-01"]
    states = {item["Id"]: item["State"] for page in _pages(org.list_accounts, "Accounts") for item in page["Accounts"]}
    assert states[suspended[0]["id"]] == "SUSPENDED"
    assert sum(state == "ACTIVE" for state in states.values()) == 12  # 11 members + the management account

    member = next(a for a in accounts if a["role_name"] and a["state"] == "ACTIVE")
    iam = client("iam", credentials=_credentials_of(client, member["id"]))
    role = iam.get_role(RoleName="OrganizationAccountAccessRole")["Role"]
    trusted = role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"]
    assert trusted == "arn:aws:iam::%s:root" % MANAGEMENT
    iam_without = client("iam", credentials=_credentials_of(client, without[0]["id"], SEED_OTHER_ROLE))
    assert [r["RoleName"] for r in iam_without.list_roles()["Roles"]] == [SEED_OTHER_ROLE]


def test_accounts_answer_state_not_the_retired_status(client, organization):
    org = client("organizations")
    listed = org.list_accounts()["Accounts"]
    assert listed and all("State" in item and "Status" not in item for item in listed)
    described = org.describe_account(AccountId=organization["accounts"][0]["id"])["Account"]
    assert described["State"] == "SUSPENDED" and "Status" not in described
    assert described["JoinedMethod"] == "CREATED"


def test_without_an_organization_every_call_but_create_is_not_in_use(client):
    org = client("organizations")
    for call in (org.list_accounts, org.list_roots, org.describe_organization):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert _error(excinfo)[0] == "AWSOrganizationsNotInUseException"
    with pytest.raises(ClientError) as excinfo:
        org.list_accounts_for_parent(ParentId="r-abcd")
    assert _error(excinfo)[0] == "AWSOrganizationsNotInUseException"
    assert org.create_organization(FeatureSet="ALL")["Organization"]["MasterAccountId"] == MANAGEMENT


def test_a_member_account_is_denied_unless_it_is_a_delegated_administrator(client, emulator, organization):
    member = next(a for a in organization["accounts"] if a["role_name"] and a["state"] == "ACTIVE")
    member_org = client("organizations", credentials=_credentials_of(client, member["id"]))
    assert member_org.describe_organization()["Organization"]["Id"] == organization["organization_id"]
    for call, kwargs in ((member_org.list_accounts, {}), (member_org.list_roots, {}),
                         (member_org.list_organizational_units_for_parent, {"ParentId": organization["root_id"]}),
                         (member_org.create_account, {"AccountName": "x", "Email": "x@example.com"})):
        with pytest.raises(ClientError) as excinfo:
            call(**kwargs)
        assert _error(excinfo)[0] == "AccessDeniedException"
    assert emulator.calls()[-1]["account"] == member["id"]

    client("organizations").register_delegated_administrator(AccountId=member["id"],
                                                             ServicePrincipal="ssm.amazonaws.com")
    listed = [item["Id"] for page in _pages(member_org.list_accounts, "Accounts") for item in page["Accounts"]]
    assert len(listed) == 13 and MANAGEMENT in listed
    assert member_org.list_roots()["Roots"][0]["Id"] == organization["root_id"]
    with pytest.raises(ClientError) as excinfo:
        member_org.create_account(AccountName="x", Email="x@example.com")
    assert _error(excinfo)[0] == "AccessDeniedException"


def test_invalid_input_is_invalid_input_exception_with_its_reason(client, emulator, organization):
    unchecked = Config(parameter_validation=False, retries={"mode": "standard", "max_attempts": 1})
    org = boto3.client("organizations", endpoint_url=emulator.url, region_name="us-east-1", config=unchecked,
                       aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="secret")
    cases = [
        (dict(MaxResults=21), "MAX_VALUE_EXCEEDED"),
        (dict(MaxResults=0), "MIN_VALUE_EXCEEDED"),
    ]
    for kwargs, reason in cases:
        with pytest.raises(ClientError) as excinfo:
            org.list_accounts(**kwargs)
        assert _error(excinfo) == ("InvalidInputException", reason)
    with pytest.raises(ClientError) as excinfo:
        org.list_accounts_for_parent(ParentId="Workloads")
    assert _error(excinfo) == ("InvalidInputException", "INVALID_PATTERN")
    with pytest.raises(ClientError) as excinfo:
        org.list_accounts_for_parent()
    assert _error(excinfo) == ("InvalidInputException", "INPUT_REQUIRED")
    with pytest.raises(ClientError) as excinfo:
        org.create_account(AccountName="n" * 51, Email="n@example.com")
    assert _error(excinfo) == ("InvalidInputException", "MAX_LENGTH_EXCEEDED")
    with pytest.raises(ClientError) as excinfo:
        org.list_accounts(MaxResults="five")
    assert _error(excinfo)[0] == "SerializationException"
    with pytest.raises(ClientError) as excinfo:
        org.list_accounts_for_parent(ParentId="ou-abcd-abcdefgh")
    assert _error(excinfo)[0] == "ParentNotFoundException"
    assert len(org.list_accounts()["Accounts"]) == 13  # the rejected CreateAccount created nothing


def test_max_results_is_honoured_and_tokens_belong_to_their_listing(client, organization):
    org = client("organizations")
    pages = _pages(org.list_accounts, "Accounts", MaxResults=5)
    assert [len(page["Accounts"]) for page in pages] == [5, 5, 3]
    assert len({item["Id"] for page in pages for item in page["Accounts"]}) == 13
    assert len(org.list_accounts()["Accounts"]) == 13  # 20 when MaxResults is not given
    prod = organization["ous"]["Root/Workloads/Prod"]
    first = org.list_accounts_for_parent(ParentId=prod, MaxResults=4)
    assert len(first["Accounts"]) == 4
    for wrong in (dict(ParentId=organization["ous"]["Root/Workloads/Dev"]), dict(ParentId=prod, NextToken="bm9wZQ==")):
        with pytest.raises(ClientError) as excinfo:
            org.list_accounts_for_parent(NextToken=wrong.pop("NextToken", first["NextToken"]), **wrong)
        assert _error(excinfo) == ("InvalidInputException", "INVALID_PAGINATION_TOKEN")
    with pytest.raises(ClientError) as excinfo:
        org.list_accounts(NextToken=first["NextToken"])
    assert _error(excinfo) == ("InvalidInputException", "INVALID_PAGINATION_TOKEN")


def test_page_size_fault_caps_every_page_whatever_max_results_says(client, emulator, organization):
    emulator.set_faults(organizations_page_size=2)
    org = client("organizations")
    pages = _pages(org.list_accounts, "Accounts", MaxResults=20)
    assert [len(page["Accounts"]) for page in pages] == [2] * 6 + [1]
    ous = _pages(org.list_organizational_units_for_parent, "OrganizationalUnits",
                 ParentId=organization["ous"]["Root/Workloads"])
    assert [len(page["OrganizationalUnits"]) for page in ous] == [2]
    paginated = [item for page in org.get_paginator("list_accounts").paginate() for item in page["Accounts"]]
    assert len(paginated) == 13
    assert [len(page["Accounts"]) for page in _pages(org.list_accounts, "Accounts", MaxResults=1)][:2] == [1, 1]


def test_empty_pages_fault_gives_every_listing_an_empty_first_page_with_a_token(client, emulator, organization):
    emulator.set_faults(organizations_empty_pages=True)
    org = client("organizations")
    for call, key, kwargs in (
            (org.list_accounts, "Accounts", {}),
            (org.list_roots, "Roots", {}),
            (org.list_accounts_for_parent, "Accounts", {"ParentId": organization["ous"]["Root/Workloads/Dev"]}),
            (org.list_organizational_units_for_parent, "OrganizationalUnits", {"ParentId": organization["root_id"]}),
            (org.list_parents, "Parents", {"ChildId": organization["accounts"][0]["id"]})):
        pages = _pages(call, key, **kwargs)
        assert pages[0][key] == [] and "NextToken" in pages[0]
        assert all(page[key] for page in pages[1:])
    # A listing with nothing in it: an empty page with a token, then an empty last page.
    pages = _pages(org.list_organizational_units_for_parent, "OrganizationalUnits",
                   ParentId=organization["ous"]["Root/Workloads/Dev"])
    assert [page["OrganizationalUnits"] for page in pages] == [[], []] and "NextToken" not in pages[1]


def test_list_parents_names_each_accounts_ou(client, organization):
    org = client("organizations")
    account = organization["accounts"][3]
    assert org.list_parents(ChildId=account["id"])["Parents"] == [
        {"Id": account["parent_id"], "Type": "ORGANIZATIONAL_UNIT"}]
    assert org.list_parents(ChildId=organization["ous"]["Root/Workloads"])["Parents"] == [
        {"Id": organization["root_id"], "Type": "ROOT"}]
    with pytest.raises(ClientError) as excinfo:
        org.list_parents(ChildId="999999999999")
    assert _error(excinfo)[0] == "ChildNotFoundException"


def test_paging_fault_settings_are_checked(emulator):
    for bad in ({"organizations_page_size": -1}, {"organizations_page_size": 1.5}, {"organizations_empty_pages": "x"}):
        request = urllib.request.Request(emulator.url + "/_emulator/faults", data=json.dumps(bad).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as excinfo:
            urllib.request.urlopen(request, timeout=10)
        assert excinfo.value.code == 400
    settings = emulator.set_faults(organizations_page_size="3", organizations_empty_pages="true")
    assert settings["organizations_page_size"] == 3 and settings["organizations_empty_pages"] is True
    emulator.reset()
    assert emulator.faults()["organizations_page_size"] == 0
    assert emulator.faults()["organizations_empty_pages"] is False
