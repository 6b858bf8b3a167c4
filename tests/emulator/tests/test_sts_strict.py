"""sts:AssumeRole is as strict as AWS (sts_strict.py): the role must exist and trust the caller."""

import json

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
ROOT = "arn:aws:iam::%s:root" % ACCOUNT
NO_RETRY = {"mode": "standard", "total_max_attempts": 1}


def trust(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(principal, **extra):
    return dict({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}, **extra)


def credentials_of(answer):
    creds = answer["Credentials"]
    return {"aws_access_key_id": creds["AccessKeyId"], "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"]}


def denied(call, caller, role_arn):
    with pytest.raises(ClientError) as error:
        call()
    assert error.value.response["Error"]["Code"] == "AccessDenied"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error.value.response["Error"]["Message"] == (
        "User: %s is not authorized to perform: sts:AssumeRole on resource: %s" % (caller, role_arn))


def invalid(call, message):
    with pytest.raises(ClientError) as error:
        call()
    assert error.value.response["Error"]["Code"] == "ValidationError"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.value.response["Error"]["Message"] == message


@pytest.fixture
def role(client):
    """role(name, *statements, **create_role_kwargs) -> the new role's ARN in ACCOUNT."""
    iam = client("iam")

    def make(name, *statements, **kwargs):
        return iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust(*statements), **kwargs)["Role"]["Arn"]
    return make


@pytest.fixture
def user(client):
    """user(name) -> (ARN, credentials) of a new IAM user of ACCOUNT with an access key."""
    iam = client("iam")

    def make(name):
        arn = iam.create_user(UserName=name)["User"]["Arn"]
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return arn, {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
    return make


def test_a_role_that_does_not_exist_cannot_be_assumed(client):
    sts = client("sts", retries=NO_RETRY)
    missing = ("arn:aws:iam::%s:role/Missing" % ACCOUNT, "arn:aws:iam::%s:role/Missing/Path" % ACCOUNT,
               "arn:aws:iam::210987654321:role/OrganizationAccountAccessRole", "not-an-arn-of-a-role-at-all")
    for arn in missing:
        denied(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="ss"), ROOT, arn)


def test_the_role_arn_must_be_exact_path_included(client, role):
    sts = client("sts", retries=NO_RETRY)
    arn = role("Deep", allow({"AWS": ROOT}), Path="/proton/")
    assert arn == "arn:aws:iam::%s:role/proton/Deep" % ACCOUNT
    assert sts.assume_role(RoleArn=arn, RoleSessionName="ss")["Credentials"]
    short = "arn:aws:iam::%s:role/Deep" % ACCOUNT
    denied(lambda: sts.assume_role(RoleArn=short, RoleSessionName="ss"), ROOT, short)


def test_the_trust_policy_decides(client, role):
    sts = client("sts", retries=NO_RETRY)
    allowed = role("Allowed", allow({"AWS": ROOT}))
    service_only = role("ServiceOnly", allow({"Service": "proton.amazonaws.com"}))
    other_account = role("OtherAccount", allow({"AWS": "210987654321"}))
    answer = sts.assume_role(RoleArn=allowed, RoleSessionName="setup")
    assert answer["AssumedRoleUser"]["Arn"] == "arn:aws:sts::%s:assumed-role/Allowed/setup" % ACCOUNT
    for arn in (service_only, other_account):
        denied(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="setup"), ROOT, arn)


@pytest.mark.parametrize("principal", [{"AWS": ACCOUNT}, {"AWS": ROOT}, {"AWS": [ROOT, "210987654321"]}, "*",
                                       {"AWS": "*"}])
def test_the_account_root_and_wildcard_principals_admit_any_principal_of_the_account(client, role, user, principal):
    arn = role("Trusting", allow(principal))
    _, alice = user("alice")
    assert client("sts").assume_role(RoleArn=arn, RoleSessionName="root")["AssumedRoleUser"]
    assert client("sts", credentials=alice).assume_role(RoleArn=arn, RoleSessionName="alice")["AssumedRoleUser"]


def test_an_exact_user_arn_admits_that_user_only(client, role, user):
    alice_arn, alice = user("alice")
    bob_arn, bob = user("bob")
    arn = role("ForAlice", allow({"AWS": alice_arn}))
    assert client("sts", credentials=alice).assume_role(RoleArn=arn, RoleSessionName="aa")["Credentials"]
    denied(lambda: client("sts", credentials=bob, retries=NO_RETRY).assume_role(RoleArn=arn, RoleSessionName="bb"),
           bob_arn, arn)
    denied(lambda: client("sts", retries=NO_RETRY).assume_role(RoleArn=arn, RoleSessionName="rr"), ROOT, arn)


def test_an_explicit_deny_wins(client, role, user):
    alice_arn, alice = user("alice")
    _, bob = user("bob")
    arn = role("NotAlice", allow({"AWS": ROOT}),
               {"Effect": "Deny", "Principal": {"AWS": alice_arn}, "Action": "sts:*"})
    assert client("sts", credentials=bob).assume_role(RoleArn=arn, RoleSessionName="bb")["Credentials"]
    denied(lambda: client("sts", credentials=alice, retries=NO_RETRY).assume_role(RoleArn=arn, RoleSessionName="aa"),
           alice_arn, arn)


def test_an_external_id_condition(client, role):
    sts = client("sts", retries=NO_RETRY)
    arn = role("Vendor", allow({"AWS": ROOT}, Condition={"StringEquals": {"sts:ExternalId": "ticket-42"}}))
    denied(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="ss"), ROOT, arn)
    denied(lambda: sts.assume_role(RoleArn=arn, RoleSessionName="ss", ExternalId="ticket-43"), ROOT, arn)
    assert sts.assume_role(RoleArn=arn, RoleSessionName="ss", ExternalId="ticket-42")["Credentials"]


@pytest.mark.parametrize("condition, admitted", [
    ({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, False),      # absent for an IAM caller
    ({"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT}}, True),
    ({"ArnLike": {"aws:SourceArn": "arn:aws:proton:*:%s:*" % ACCOUNT}}, False),
    ({"StringNotEquals": {"aws:SourceAccount": "999999999999"}}, True),  # negated operators hold on absent keys
    ({"Null": {"aws:SourceArn": "true"}}, True),
    ({"StringEquals": {"aws:PrincipalAccount": ACCOUNT, "aws:PrincipalType": "Account"}}, True),
    ({"StringEquals": {"aws:principaltype": "User"}}, False),        # key names are case-insensitive
    ({"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::%s:*" % ACCOUNT}}, True),
    ({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}, False),
    ({"StringLike": {"sts:RoleSessionName": "ci-???"}}, True),
    ({"StringNotLike": {"sts:RoleSessionName": "ci-*"}}, False),
    ({"ForAnyValue:StringEquals": {"sts:RoleSessionName": ["x", "ci-001"]}}, True),
    ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, False),      # a key the emulator cannot know: strict
    ({"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}, False),
    ({"NumericLessThan": {"sts:RoleSessionName": "1"}}, False),     # an operator it does not implement
    ({"StringEquals": {"sts:RoleSessionName": "${aws:username}"}}, False),
])
def test_trust_conditions(client, role, condition, admitted):
    arn = role("Conditional", allow({"AWS": ROOT}, Condition=condition))
    call = lambda: client("sts", retries=NO_RETRY).assume_role(RoleArn=arn, RoleSessionName="ci-001")  # noqa: E731
    if admitted:
        assert call()["Credentials"]
    else:
        denied(call, ROOT, arn)


def test_a_deny_with_a_condition_the_emulator_cannot_evaluate_denies(client, role):
    arn = role("Guarded", allow({"AWS": ROOT}),
               {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}})
    denied(lambda: client("sts", retries=NO_RETRY).assume_role(RoleArn=arn, RoleSessionName="ss"), ROOT, arn)


def test_session_tags_need_tag_session(client, role):
    sts = client("sts", retries=NO_RETRY)
    plain = role("Plain", allow({"AWS": ROOT}))
    tagging = role("Tagging", allow({"AWS": ROOT}, Action=["sts:AssumeRole", "sts:TagSession"]))
    tags = [{"Key": "team", "Value": "platform"}]
    denied(lambda: sts.assume_role(RoleArn=plain, RoleSessionName="ss", Tags=tags), ROOT, plain)
    assert sts.assume_role(RoleArn=tagging, RoleSessionName="ss", Tags=tags)["Credentials"]


def test_duration_is_capped_by_the_role_and_by_role_chaining(client, role):
    sts = client("sts", retries=NO_RETRY)
    short = role("Short", allow({"AWS": ROOT}))
    first = role("First", allow({"AWS": ROOT}), MaxSessionDuration=43200)
    second = role("Second", allow({"AWS": first}), MaxSessionDuration=43200)
    invalid(lambda: sts.assume_role(RoleArn=short, RoleSessionName="ss", DurationSeconds=7200),
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    assert sts.assume_role(RoleArn=first, RoleSessionName="ss", DurationSeconds=43200)["Credentials"]

    chained = client("sts", credentials=credentials_of(sts.assume_role(RoleArn=first, RoleSessionName="one")),
                     retries=NO_RETRY)
    invalid(lambda: chained.assume_role(RoleArn=second, RoleSessionName="two", DurationSeconds=3601),
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
    answer = chained.assume_role(RoleArn=second, RoleSessionName="two", DurationSeconds=3600)
    assert answer["AssumedRoleUser"]["Arn"] == "arn:aws:sts::%s:assumed-role/Second/two" % ACCOUNT


def test_role_chaining_names_the_role_or_its_session(client, role):
    first = role("First", allow({"AWS": ROOT}))
    by_role = role("ByRole", allow({"AWS": first}))
    session_arn = "arn:aws:sts::%s:assumed-role/First/one" % ACCOUNT
    by_session = role("BySession", allow({"AWS": session_arn}))
    for session in ("one", "other"):
        chained = client("sts", retries=NO_RETRY, credentials=credentials_of(
            client("sts").assume_role(RoleArn=first, RoleSessionName=session)))
        assert chained.assume_role(RoleArn=by_role, RoleSessionName="next")["Credentials"]
        call = lambda: chained.assume_role(RoleArn=by_session, RoleSessionName="next")  # noqa: E731
        if session == "one":
            assert call()["Credentials"]
        else:
            denied(call, "arn:aws:sts::%s:assumed-role/First/other" % ACCOUNT, by_session)
    # The root of the account is not a session of First.
    denied(lambda: client("sts", retries=NO_RETRY).assume_role(RoleArn=by_role, RoleSessionName="rr"), ROOT, by_role)


def test_organizations_member_account_role_trusts_the_management_account_only(client, emulator):
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")

    def create_account(name):
        status = organizations.create_account(AccountName=name, Email="%s@example.com" % name)["CreateAccountStatus"]
        return organizations.describe_create_account_status(
            CreateAccountRequestId=status["Id"])["CreateAccountStatus"]["AccountId"]

    member_a, member_b = create_account("workloads-a"), create_account("workloads-b")
    role_a = "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % member_a
    role_b = "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % member_b
    before = len(emulator.calls())

    in_a = credentials_of(client("sts").assume_role(RoleArn=role_a, RoleSessionName="management"))
    sts_a = client("sts", credentials=in_a, retries=NO_RETRY)
    assert sts_a.get_caller_identity()["Account"] == member_a
    client("iam", credentials=in_a).list_roles()
    # A member account is not trusted by another member's OrganizationAccountAccessRole, even with full rights.
    denied(lambda: sts_a.assume_role(RoleArn=role_b, RoleSessionName="sideways"),
           "arn:aws:sts::%s:assumed-role/OrganizationAccountAccessRole/management" % member_a, role_b)
    in_b = credentials_of(client("sts").assume_role(RoleArn=role_b, RoleSessionName="management"))
    client("iam", credentials=in_b).list_roles()

    calls = [(call["operation"], call["status"], call["account"]) for call in emulator.calls()[before:]]
    assert calls == [("AssumeRole", 200, ACCOUNT), ("GetCallerIdentity", 200, member_a), ("ListRoles", 200, member_a),
                     ("AssumeRole", 403, member_a), ("AssumeRole", 200, ACCOUNT), ("ListRoles", 200, member_b)]
