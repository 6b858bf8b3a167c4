# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError

ROLE = iam.KINDS["role"]
USER = iam.KINDS["user"]
GROUP = iam.KINDS["group"]
ACCOUNT = "123456789012"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def doc(action="s3:GetObject", resource="*"):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}


def trust(principal):
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]}


def error(operation, code):
    return AWSAPIError(operation, code, "{0} said {1}".format(operation, code))


class FakeClient:
    """Answers from ``handlers`` (operation -> callable(kwargs) or exception, or a list of them in turn)."""

    def __init__(self, **handlers):
        self.handlers = handlers
        self.calls = []

    def call(self, operation, **kwargs):
        self.calls.append((operation, kwargs))
        handler = self.handlers.get(operation)
        if isinstance(handler, list):
            handler = handler.pop(0) if len(handler) > 1 else handler[0]
        if isinstance(handler, Exception):
            raise handler
        if handler is None:
            return {}
        return handler(kwargs) if callable(handler) else handler

    def paginate(self, operation, result_key, **kwargs):
        return self.call(operation, **kwargs).get(result_key, [])

    def get_or_none(self, operation, not_found_codes=("NoSuchEntity",), **kwargs):
        try:
            return self.call(operation, **kwargs)
        except AWSAPIError as e:
            if e.is_code(*not_found_codes):
                return None
            raise

    def operations(self):
        return [operation for operation, _kwargs in self.calls]


class FakeModule:
    def __init__(self, check_mode=False, **clients):
        self.check_mode = check_mode
        self.clients = clients

    def client(self, service):
        return self.clients[service]


def sts(arn="arn:aws:iam::123456789012:user/admin"):
    return FakeClient(GetCallerIdentity={"Account": arn.split(":")[4], "Arn": arn, "UserId": "AIDA"})


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    real = iam.retry_on
    monkeypatch.setattr(iam, "retry_on", lambda fn, codes, timeout: real(fn, codes, timeout, sleep=lambda s: None))


# ---------------------------------------------------------------- kinds


def test_kinds_derive_operation_names():
    assert (ROLE.get, ROLE.attach, ROLE.put_inline, ROLE.untag, ROLE.delete_boundary) == (
        "GetRole", "AttachRolePolicy", "PutRolePolicy", "UntagRole", "DeleteRolePermissionsBoundary")
    assert (USER.list_attached, USER.tag) == ("ListAttachedUserPolicies", "TagUser")
    assert (GROUP.detach, GROUP.list_inline, GROUP.name_key) == ("DetachGroupPolicy", "ListGroupPolicies", "GroupName")
    assert (ROLE.name_max, USER.name_max, GROUP.name_max) == (64, 64, 128)
    assert (ROLE.inline_max, GROUP.inline_max, USER.inline_max) == (10240, 5120, 2048)
    assert not GROUP.taggable and not GROUP.has_boundary


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("value", [ADMIN, "AdministratorAccess", "service-role/AWSLambdaBasicExecutionRole",
                                   "arn:aws-cn:iam::123456789012:policy/team/Mine"])
def test_managed_policies_accepts_arns_and_names(value):
    iam.check_managed_policies("managed_policies", [value])


@pytest.mark.parametrize("value", ["", "Admin Access", "arn:aws:iam::aws:role/x", "arn:aws:s3:::bucket", 5])
def test_managed_policies_rejects_others(value):
    with pytest.raises(ParameterError) as e:
        iam.check_managed_policies("managed_policies", [value])
    assert e.value.option == "managed_policies"


def test_boundary_empty_means_remove_and_names_are_refused():
    iam.check_boundary("boundary", "")
    iam.check_boundary("boundary", None)
    iam.check_boundary("boundary", ADMIN)
    with pytest.raises(ParameterError, match="^boundary: "):
        iam.check_boundary("boundary", "AdministratorAccess")


def test_description_length_and_characters():
    iam.check_description("description", "x" * 1000)
    with pytest.raises(ParameterError, match="description: must be 0 to 1000"):
        iam.check_description("description", "x" * 1001)
    with pytest.raises(ParameterError, match="description: may contain only"):
        iam.check_description("description", u"snow \u2603")


def test_names_of_members():
    iam.check_names("users", ["alice", "bob.smith@example.com"], USER)
    with pytest.raises(ParameterError, match="^users: user name 'x+': must be 1 to 64"):
        iam.check_names("users", ["x" * 65], USER)
    with pytest.raises(ParameterError, match="groups: group name 'a b'"):
        iam.check_names("groups", ["a b"], GROUP)


def test_inline_policies_parsed_and_named():
    parsed = iam.check_inline_policies("inline_policies", {"one": json.dumps(doc()), "two": doc()}, ROLE)
    assert parsed == {"one": doc(), "two": doc()}
    assert iam.check_inline_policies("inline_policies", None, ROLE) is None
    with pytest.raises(ParameterError) as e:
        iam.check_inline_policies("inline_policies", {"bad": "{not json"}, ROLE)
    assert e.value.option == "inline_policies.bad"
    with pytest.raises(ParameterError, match="inline_policies: policy name 'a b'"):
        iam.check_inline_policies("inline_policies", {"a b": doc()}, ROLE)


def test_inline_policies_total_size_is_counted_without_whitespace():
    # One statement with a long resource list; pretty-printed it would be much bigger.
    big = doc(resource=["arn:aws:s3:::bucket-{0:04d}/*".format(i) for i in range(330)])
    size = iam.policy_utils.policy_size(big)
    assert 10240 - 30 * 30 < size <= 10240
    iam.check_inline_policies("inline_policies", {"big": json.dumps(big, indent=4)}, ROLE)
    with pytest.raises(ParameterError, match="IAM allows at most 10240 for a role"):
        iam.check_inline_policies("inline_policies", {"big": big, "more": doc(resource=["x" * 900])}, ROLE)
    with pytest.raises(ParameterError, match="at most 2048 for a user"):
        iam.check_inline_policies("inline_policies", {"big": big}, USER)


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}, {"AWS": ["arn:aws:iam::123456789012:root", "*"]}])
def test_trust_policy_wildcard_refused_unless_allowed(principal):
    with pytest.raises(ParameterError) as e:
        iam.check_trust_policy("assume_role_policy_document", trust(principal))
    assert e.value.option == "assume_role_policy_document"
    assert "allow_wildcard_principal" in e.value.message
    assert iam.check_trust_policy("assume_role_policy_document", trust(principal), allow_wildcard_principal=True)


def test_trust_policy_needs_principal_and_no_resource():
    parsed = iam.check_trust_policy("doc", json.dumps(trust({"Service": "proton.amazonaws.com"})))
    assert parsed["Statement"][0]["Principal"] == {"Service": "proton.amazonaws.com"}
    with pytest.raises(ParameterError, match="needs a Principal"):
        iam.check_trust_policy("doc", doc())
    statement = dict(trust({"Service": "x.amazonaws.com"})["Statement"][0], Resource="*")
    with pytest.raises(ParameterError, match="has Resource"):
        iam.check_trust_policy("doc", {"Version": "2012-10-17", "Statement": statement})


def test_tags_refused_for_groups():
    iam.check_tags("tags", {"a": "b"}, ROLE)
    iam.check_tags("tags", None, GROUP)
    with pytest.raises(ParameterError, match="groups cannot be tagged"):
        iam.check_tags("tags", {"a": "b"}, GROUP)
    with pytest.raises(ParameterError, match="aws: prefix"):
        iam.check_tags("tags", {"aws:x": "b"}, USER)


# ---------------------------------------------------------------- partition, account, ARNs


def test_policy_names_resolve_in_the_callers_partition_with_one_sts_call():
    client = sts("arn:aws-cn:sts::123456789012:assumed-role/Admin/session")
    ctx = iam.IAMContext(FakeModule(sts=client))
    assert iam.resolve_policy_arns(ctx, ["AdministratorAccess", "service-role/X", ADMIN]) == [
        "arn:aws-cn:iam::aws:policy/AdministratorAccess", "arn:aws-cn:iam::aws:policy/service-role/X", ADMIN]
    assert ctx.entity_arn(ROLE, "/proton/", "R") == "arn:aws-cn:iam::123456789012:role/proton/R"
    assert client.operations() == ["GetCallerIdentity"]


def test_arns_only_need_no_sts_call_and_a_known_arn_replaces_it():
    ctx = iam.IAMContext(FakeModule())  # no sts client: any lookup would fail
    assert iam.resolve_policy_arns(ctx, [READONLY, ADMIN, ADMIN]) == [ADMIN, READONLY]
    assert iam.resolve_policy_arns(ctx, None) is None
    ctx.learn_arn("arn:aws-us-gov:iam::210987654321:user/u")
    assert iam.resolve_policy_arns(ctx, ["ReadOnlyAccess"]) == ["arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"]
    assert ctx.entity_arn(GROUP, None, "G") == "arn:aws-us-gov:iam::210987654321:group/G"


def test_arn_partition_account():
    assert iam.arn_partition_account("arn:aws:iam::123456789012:role/x") == ("aws", ACCOUNT)
    assert iam.arn_partition_account("nonsense") == (None, None)


# ---------------------------------------------------------------- planning


def test_plan_set():
    assert iam.plan_set(["a", "b"], None, True) == ([], [], ["a", "b"])
    assert iam.plan_set(["a", "b"], ["b", "c"], False) == (["c"], [], ["a", "b", "c"])
    assert iam.plan_set(["a", "b"], ["b", "c"], True) == (["c"], ["a"], ["b", "c"])
    assert iam.plan_set(["a"], [], True) == ([], ["a"], [])


def test_plan_managed_policies_attaches_before_detaching():
    ops, to_attach, after = iam.plan_managed_policies(ROLE, "R", [READONLY], [ADMIN], purge=True)
    assert ops == [("AttachRolePolicy", {"RoleName": "R", "PolicyArn": ADMIN}),
                   ("DetachRolePolicy", {"RoleName": "R", "PolicyArn": READONLY})]
    assert to_attach == [ADMIN] and after == [ADMIN]
    assert iam.plan_managed_policies(GROUP, "G", [ADMIN], [ADMIN], purge=True) == ([], [], [ADMIN])
    assert iam.plan_managed_policies(USER, "U", [ADMIN], None, purge=True) == ([], [], [ADMIN])


def test_plan_inline_policies_compares_like_iam():
    reformatted = {"Statement": {"Resource": "*", "Action": ["s3:GetObject"], "Effect": "Allow"},
                   "Version": "2012-10-17"}
    ops, after = iam.plan_inline_policies(ROLE, "R", {"a": reformatted, "old": doc()}, {"a": doc()}, purge=False)
    assert ops == [] and after == {"a": reformatted, "old": doc()}
    ops, after = iam.plan_inline_policies(ROLE, "R", {"a": reformatted, "old": doc()},
                                          {"a": doc("s3:PutObject"), "new": doc()}, purge=True)
    assert [(op, kw["PolicyName"]) for op, kw in ops] == [
        ("PutRolePolicy", "a"), ("PutRolePolicy", "new"), ("DeleteRolePolicy", "old")]
    assert json.loads(ops[0][1]["PolicyDocument"]) == doc("s3:PutObject")
    assert after == {"a": doc("s3:PutObject"), "new": doc()}
    assert iam.plan_inline_policies(USER, "U", {"a": doc()}, None, purge=True) == ([], {"a": doc()})


def test_plan_tags():
    ops, after = iam.plan_tags(ROLE, "R", {"a": "1", "b": "2"}, {"a": "1", "c": 3}, purge=True)
    assert ops == [("UntagRole", {"RoleName": "R", "TagKeys": ["b"]}),
                   ("TagRole", {"RoleName": "R", "Tags": [{"Key": "c", "Value": "3"}]})]
    assert after == {"a": "1", "c": "3"}
    assert iam.plan_tags(USER, "U", {"a": "1"}, {"a": "1"}, purge=True) == ([], {"a": "1"})
    assert iam.plan_tags(USER, "U", {"a": "1"}, {}, purge=False) == ([], {"a": "1"})


def test_plan_boundary():
    assert iam.plan_boundary(ROLE, "R", None, None) == ([], None)
    assert iam.plan_boundary(ROLE, "R", None, "") == ([], None)
    assert iam.plan_boundary(ROLE, "R", ADMIN, ADMIN) == ([], ADMIN)
    assert iam.plan_boundary(USER, "U", None, ADMIN) == (
        [("PutUserPermissionsBoundary", {"UserName": "U", "PermissionsBoundary": ADMIN})], ADMIN)
    assert iam.plan_boundary(ROLE, "R", ADMIN, "") == ([("DeleteRolePermissionsBoundary", {"RoleName": "R"})], None)


# ---------------------------------------------------------------- reading and shaping


def get_role_policy(kwargs):
    if kwargs["PolicyName"] != "p":
        raise error("GetRolePolicy", "NoSuchEntity")  # deleted between List and Get
    return {"PolicyDocument": doc()}


def test_read_role_shapes_snake_case_and_decodes_documents():
    created = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)
    client = FakeClient(
        GetRole={"Role": {"RoleName": "R", "RoleId": "AROA1", "Arn": "arn:aws:iam::123456789012:role/R", "Path": "/",
                          "CreateDate": created, "MaxSessionDuration": 3600,
                          "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D",
                          "PermissionsBoundary": {"PermissionsBoundaryArn": ADMIN},
                          "Tags": [{"Key": "k", "Value": "v"}]}},
        ListAttachedRolePolicies={"AttachedPolicies": [{"PolicyArn": READONLY}, {"PolicyArn": ADMIN}]},
        ListRolePolicies={"PolicyNames": ["p", "gone"]},
        GetRolePolicy=get_role_policy,
    )
    assert iam.read_role(client, "R") == {
        "arn": "arn:aws:iam::123456789012:role/R", "role_name": "R", "role_id": "AROA1", "path": "/",
        "create_date": "2024-05-01T12:00:00+00:00", "description": None, "max_session_duration": 3600,
        "assume_role_policy_document": {"Version": "2012-10-17", "Statement": []},
        "managed_policies": [ADMIN, READONLY], "inline_policies": {"p": doc()},
        "permissions_boundary": ADMIN, "tags": {"k": "v"}}


def test_read_missing_entities_is_none():
    missing = error("Get", "NoSuchEntity")
    client = FakeClient(GetRole=missing, GetUser=missing, GetGroup=missing)
    assert iam.read_role(client, "R") is None
    assert iam.read_user(client, "U") is None
    assert iam.read_group(client, "G") is None
    assert client.operations() == ["GetRole", "GetUser", "GetGroup"]


def test_read_user_and_group():
    client = FakeClient(
        GetUser={"User": {"UserName": "U", "UserId": "AIDA1", "Arn": "arn:aws:iam::123456789012:user/U", "Path": "/"}},
        ListGroupsForUser={"Groups": [{"GroupName": "b"}, {"GroupName": "a"}]},
        ListAttachedUserPolicies={"AttachedPolicies": []},
        GetLoginProfile={"LoginProfile": {"UserName": "U", "PasswordResetRequired": True}},
        GetGroup=[{"Group": {"GroupName": "G", "GroupId": "AGPA1", "Arn": "arn:aws:iam::123456789012:group/G",
                             "Path": "/"}, "Users": [{"UserName": "z"}], "IsTruncated": True, "Marker": "m"},
                  {"Group": {"GroupName": "G"}, "Users": [{"UserName": "a"}], "IsTruncated": False}],
        ListAttachedGroupPolicies={"AttachedPolicies": [{"PolicyArn": ADMIN}]},
    )
    user = iam.read_user(client, "U")
    assert user["groups"] == ["a", "b"] and user["tags"] == {} and user["permissions_boundary"] is None
    assert user["login_profile"] == {"exists": True, "password_reset_required": True}
    group = iam.read_group(client, "G")
    assert group["users"] == ["a", "z"] and group["managed_policies"] == [ADMIN]
    assert "tags" not in group and "permissions_boundary" not in group
    assert ("GetGroup", {"GroupName": "G", "Marker": "m"}) in client.calls


def test_existence_checks_name_the_option():
    client = FakeClient(GetPolicy=error("GetPolicy", "NoSuchEntity"), GetUser=error("GetUser", "NoSuchEntity"))
    with pytest.raises(ParameterError, match="^managed_policies: policy arn:aws:iam::aws:policy/Nope does not exist"):
        iam.check_policies_exist(client, "managed_policies", ["arn:aws:iam::aws:policy/Nope"])
    with pytest.raises(ParameterError, match="^users: user 'ghost' does not exist"):
        iam.check_entities_exist(client, "users", USER, ["ghost"])
    iam.check_policies_exist(client, "managed_policies", [])


# ---------------------------------------------------------------- applying and deleting


def test_call_write_leaves_concurrent_modification_to_the_client():
    # AWSClient.call retries it (test_client_conflict_retry.py); a second loop here would multiply the waits.
    client = FakeClient(TagRole=[error("TagRole", "ConcurrentModification"), {}])
    with pytest.raises(AWSAPIError):
        iam.call_write(client, "TagRole", {"RoleName": "R", "Tags": []})
    assert client.operations() == ["TagRole"]


def test_call_write_no_such_entity():
    gone = error("DetachRolePolicy", "NoSuchEntity")
    client = FakeClient(DetachRolePolicy=gone, AttachRolePolicy=gone)
    assert iam.call_write(client, "DetachRolePolicy", {}) is None  # already detached: fine
    with pytest.raises(AWSAPIError):
        iam.call_write(client, "AttachRolePolicy", {})
    fresh = FakeClient(AttachRolePolicy=[error("AttachRolePolicy", "NoSuchEntity"), {}])
    iam.call_write(fresh, "AttachRolePolicy", {}, fresh=True)  # right after create: eventual consistency
    assert fresh.operations() == ["AttachRolePolicy", "AttachRolePolicy"]


def test_create_entity_already_exists_is_none():
    client = FakeClient(CreateGroup=error("CreateGroup", "EntityAlreadyExists"))
    assert iam.create_entity(client, GROUP, {"GroupName": "G"}) is None
    client = FakeClient(CreateGroup=error("CreateGroup", "LimitExceeded"))
    with pytest.raises(AWSAPIError):
        iam.create_entity(client, GROUP, {"GroupName": "G"})


def test_delete_entity_cleans_again_once_on_delete_conflict():
    passes = []
    client = FakeClient(DeleteRole=[error("DeleteRole", "DeleteConflict"), {}])
    iam.delete_entity(client, ROLE, "R", passes.append)
    assert passes == [False, True] and client.operations() == ["DeleteRole", "DeleteRole"]
    client = FakeClient(DeleteRole=error("DeleteRole", "NoSuchEntity"))
    iam.delete_entity(client, ROLE, "R", passes.append)  # deleted by someone else: done
    client = FakeClient(DeleteRole=error("DeleteRole", "DeleteConflict"))
    with pytest.raises(AWSAPIError):
        iam.delete_entity(client, ROLE, "R", passes.append)


def test_remove_policies_and_gone_entity():
    client = FakeClient(ListAttachedUserPolicies={"AttachedPolicies": [{"PolicyArn": ADMIN}]},
                        ListUserPolicies={"PolicyNames": ["p"]})
    iam.remove_policies(client, USER, "U")
    assert client.operations() == ["ListAttachedUserPolicies", "DetachUserPolicy", "ListUserPolicies",
                                   "DeleteUserPolicy"]
    assert client.calls[3] == ("DeleteUserPolicy", {"UserName": "U", "PolicyName": "p"})
    gone = FakeClient(ListAttachedUserPolicies=error("List", "NoSuchEntity"),
                      ListUserPolicies=error("List", "NoSuchEntity"))
    iam.remove_policies(gone, USER, "U")
    assert gone.operations() == ["ListAttachedUserPolicies", "ListUserPolicies"]


# ---------------------------------------------------------------- the module flow


def group_plan(current):
    if current is None:
        after = {"arn": None, "group_name": "G", "group_id": None, "path": "/", "create_date": None,
                 "managed_policies": [ADMIN], "users": []}
        return {"GroupName": "G", "Path": "/"}, [("AttachGroupPolicy", {"GroupName": "G", "PolicyArn": ADMIN})], \
            after, {}
    ops = [] if current["managed_policies"] == [ADMIN] else [
        ("AttachGroupPolicy", {"GroupName": "G", "PolicyArn": ADMIN})]
    return None, ops, dict(current, managed_policies=[ADMIN]), {}


def test_ensure_present_check_mode_predicts_without_writes():
    iam_client, sts_client = FakeClient(), sts()
    ctx = iam.IAMContext(FakeModule(iam=iam_client, sts=sts_client))
    changed, before, after = iam.ensure_present(FakeModule(check_mode=True), ctx, GROUP, None, group_plan,
                                                lambda must: None, lambda: None)
    assert changed and before == {}
    assert after["arn"] == "arn:aws:iam::123456789012:group/G" and after["group_id"] is None
    assert iam_client.calls == [] and sts_client.operations() == ["GetCallerIdentity"]


def test_ensure_present_creates_then_applies():
    created = {"Group": {"GroupName": "G", "GroupId": "AGPA1", "Arn": "arn:aws:iam::123456789012:group/G",
                         "CreateDate": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)}}
    client = FakeClient(CreateGroup=created)
    ctx = iam.IAMContext(FakeModule(iam=client))
    changed, before, after = iam.ensure_present(FakeModule(), ctx, GROUP, None, group_plan,
                                                lambda must: None, lambda: None)
    assert changed and client.operations() == ["CreateGroup", "AttachGroupPolicy"]
    assert after["group_id"] == "AGPA1" and after["create_date"] == "2024-01-01T00:00:00+00:00"


def test_ensure_present_replans_when_created_concurrently():
    existing = {"arn": "arn:aws:iam::123456789012:group/G", "group_name": "G", "group_id": "AGPA9", "path": "/",
                "create_date": None, "managed_policies": [ADMIN], "users": []}
    client = FakeClient(CreateGroup=error("CreateGroup", "EntityAlreadyExists"))
    ctx = iam.IAMContext(FakeModule(iam=client))
    changed, before, after = iam.ensure_present(FakeModule(), ctx, GROUP, None, group_plan,
                                                lambda must: None, lambda: existing)
    assert not changed and before == existing and after == existing
    assert client.operations() == ["CreateGroup"]


def test_ensure_present_checks_before_writing():
    client = FakeClient()
    ctx = iam.IAMContext(FakeModule(iam=client))

    def missing(must_exist):
        raise ParameterError("managed_policies", "policy X does not exist")

    with pytest.raises(ParameterError):
        iam.ensure_present(FakeModule(), ctx, GROUP, None, group_plan, missing, lambda: None)
    assert client.calls == []


def test_ensure_absent():
    client = FakeClient()
    ctx = iam.IAMContext(FakeModule(iam=client))
    assert iam.ensure_absent(FakeModule(), ctx, GROUP, None, lambda retry: None) == (False, {}, {})
    current = {"group_name": "G"}
    assert iam.ensure_absent(FakeModule(check_mode=True), ctx, GROUP, current, lambda retry: None) == (
        True, current, {})
    assert client.calls == []
    assert iam.ensure_absent(FakeModule(), ctx, GROUP, current, lambda retry: None) == (True, current, {})
    assert client.operations() == ["DeleteGroup"]
