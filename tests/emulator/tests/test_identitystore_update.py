"""Identity Store: UpdateUser, UpdateGroup, and deletions that end group memberships."""

import pytest
from botocore.exceptions import ClientError

MISSING_ID = "906771d2b6-2b9a4c44-5e1f-4b3e-9f6b-0123456789ab"


@pytest.fixture
def ids(client):
    return client("identitystore")


@pytest.fixture
def store(client):
    return client("sso-admin").list_instances()["Instances"][0]["IdentityStoreId"]


@pytest.fixture
def user_id(ids, store):
    return ids.create_user(IdentityStoreId=store, UserName="proton-admin", DisplayName="Proton Admin",
                           Name={"GivenName": "Proton", "FamilyName": "Admin"},
                           Emails=[{"Value": "old@example.com", "Type": "work", "Primary": True}])["UserId"]


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as error:
        call(**kwargs)
    return error.value.response["Error"]


def op(path, *value):
    """An AttributeOperation; without a value it removes the attribute."""
    return dict(AttributePath=path, **({"AttributeValue": value[0]} if value else {}))


def test_update_user_attributes_the_collection_uses(ids, store, user_id):
    updated = ids.update_user(IdentityStoreId=store, UserId=user_id, Operations=[
        op("displayName", "Jane Doe"), op("name.givenName", "Jane"), op("name.familyName", "Doe"),
        op("emails", [{"Value": "jane@example.com", "Type": "work", "Primary": True}])])
    assert (updated["UserId"], updated["IdentityStoreId"], updated["Revision"]) == (user_id, store, "2")
    assert updated["UserArn"] == "arn:aws:identitystore:::user/" + user_id
    user = ids.describe_user(IdentityStoreId=store, UserId=user_id)
    assert (user["UserName"], user["DisplayName"]) == ("proton-admin", "Jane Doe")
    assert (user["Name"]["GivenName"], user["Name"]["FamilyName"]) == ("Jane", "Doe")
    assert user["Emails"] == [{"Value": "jane@example.com", "Type": "work", "Primary": True}]
    assert ids.get_user_id(IdentityStoreId=store, AlternateIdentifier={"UniqueAttribute": {
        "AttributePath": "emails.value", "AttributeValue": "jane@example.com"}})["UserId"] == user_id

    # Paths and entry keys in any case (as Terraform's lower-case keys); the user and store ids as ARNs.
    store_arn = "arn:aws:identitystore::123456789012:identitystore/" + store
    ids.update_user(IdentityStoreId=store_arn, UserId="arn:aws:identitystore:::user/" + user_id, Operations=[
        op("DisplayName", "J. Doe"), op("emails", [{"value": "j@example.com", "type": "home", "primary": False}])])
    user = ids.describe_user(IdentityStoreId=store, UserId=user_id)
    assert user["DisplayName"] == "J. Doe"
    assert user["Emails"] == [{"Value": "j@example.com", "Type": "home", "Primary": False}]
    assert ids.describe_user(IdentityStoreId=store_arn, UserId=user_id)["DisplayName"] == "J. Doe"


def test_an_absent_value_removes_the_attribute(ids, store, user_id):
    ids.update_user(IdentityStoreId=store, UserId=user_id, Operations=[op("nickName", "PA"), op("title", "Boss")])
    assert ids.describe_user(IdentityStoreId=store, UserId=user_id)["NickName"] == "PA"
    ids.update_user(IdentityStoreId=store, UserId=user_id, Operations=[op("nickName"), op("emails", None)])
    user = ids.describe_user(IdentityStoreId=store, UserId=user_id)
    assert "NickName" not in user and "Emails" not in user and user["Title"] == "Boss"


INVALID_UPDATES = [
    ([op("displayName")], "displayname: The attribute displayname is required"),
    ([op("name.givenName")], "givenname: The attribute givenname is required"),
    ([op("name", {"givenName": "Jane"})], "familyname: The attribute familyname is required"),
    ([op("userName")], "userName is a required attribute"),
    ([op("favouriteColour", "blue")], "Invalid attribute path favouriteColour"),
    ([op("name.nickName", "x")], "Invalid attribute path name.nickName"),
    ([op("emails.value", "x@example.com")], "Unsupported update operation on multi-value attribute emails, please "
                                            "provide full replacement of Multi-Value attribute types"),
    ([op("emails", [{"Value": "a@example.com", "Label": "x"}])], "Invalid attribute path emails.Label"),
    ([op("emails", [{"Value": "a@example.com"}, {"Value": "b@example.com"}])],
     "Member must have length less than or equal to 1"),
    ([op("emails", [])], "Member must have length greater than or equal to 1"),
    ([op("emails", [{"Value": "a@example.com", "Primary": "yes"}])], "can not be converted to Boolean"),
    ([op("emails", "a@example.com")], "must be a list"),
    ([op("displayName", "")], "Member must have length greater than or equal to 1"),
    ([op("displayName", 5)], "must be a string"),
    ([op("userName", "Administrator")], "Administrator is a reserved name"),
    ([op("emails[0].value", "x@example.com")], "Member must satisfy regular expression pattern"),
    ([op("title", "t")] * 101, "Member must have length less than or equal to 100"),
    ([op("a" * 256, "x")], "Member must have length less than or equal to 255"),
]


def test_update_user_validation(ids, store, user_id):
    for operations, message in INVALID_UPDATES:
        error = error_of(ids.update_user, IdentityStoreId=store, UserId=user_id, Operations=operations)
        assert error["Code"] == "ValidationException", operations
        assert message in error["Message"], (operations, error["Message"])
    assert ids.describe_user(IdentityStoreId=store, UserId=user_id)["DisplayName"] == "Proton Admin"


def test_update_user_is_all_or_nothing(ids, store, user_id):
    error = error_of(ids.update_user, IdentityStoreId=store, UserId=user_id,
                     Operations=[op("displayName", "Changed"), op("bogus", "x")])
    assert error["Code"] == "ValidationException"
    assert ids.describe_user(IdentityStoreId=store, UserId=user_id)["DisplayName"] == "Proton Admin"


def test_attributes_moto_cannot_store_are_not_implemented(ids, store, user_id):
    for path in ("website", "photos", "aws:identitystore:enterprise.department"):
        error = error_of(ids.update_user, IdentityStoreId=store, UserId=user_id, Operations=[op(path, "x")])
        assert error["Code"] == "UnknownOperationException" and path in error["Message"]


def test_update_user_conflicts_and_missing_user(ids, store, user_id):
    ids.create_user(IdentityStoreId=store, UserName="someone", DisplayName="Someone",
                    Name={"GivenName": "Some", "FamilyName": "One"})
    error = error_of(ids.update_user, IdentityStoreId=store, UserId=user_id, Operations=[op("userName", "someone")])
    assert (error["Code"], error["Message"]) == ("ConflictException", "Duplicate UserName")
    ids.update_user(IdentityStoreId=store, UserId=user_id, Operations=[op("userName", "renamed")])
    assert ids.get_user_id(IdentityStoreId=store, AlternateIdentifier={"UniqueAttribute": {
        "AttributePath": "userName", "AttributeValue": "renamed"}})["UserId"] == user_id

    error = error_of(ids.update_user, IdentityStoreId=store, UserId=MISSING_ID, Operations=[op("title", "x")])
    assert error["Code"] == "ResourceNotFoundException"
    assert error_of(ids.create_user, IdentityStoreId=store, UserName="AWSAdministrators", DisplayName="A",
                    Name={"GivenName": "A", "FamilyName": "B"})["Code"] == "ValidationException"


def test_revision(ids, store, user_id):
    assert ids.update_user(IdentityStoreId=store, UserId=user_id, Revision="1",
                           Operations=[op("title", "a")])["Revision"] == "2"
    with pytest.raises(ClientError) as error:
        ids.update_user(IdentityStoreId=store, UserId=user_id, Revision="1", Operations=[op("title", "b")])
    assert error.value.response["Error"]["Code"] == "ConflictException"
    assert error.value.response["Reason"] == "CONCURRENT_MODIFICATION"
    assert error_of(ids.delete_user, IdentityStoreId=store, UserId=user_id, Revision="1")["Code"] == "ConflictException"
    ids.delete_user(IdentityStoreId=store, UserId=user_id, Revision="2")


def test_update_group(ids, store):
    group_id = ids.create_group(IdentityStoreId=store, DisplayName="ProtonAdmins", Description="old")["GroupId"]
    ids.create_group(IdentityStoreId=store, DisplayName="Others")
    updated = ids.update_group(IdentityStoreId=store, GroupId=group_id, Operations=[op("description", "new")])
    assert (updated["GroupId"], updated["Revision"]) == (group_id, "2")
    assert updated["GroupArn"] == "arn:aws:identitystore:::group/" + group_id
    assert ids.describe_group(IdentityStoreId=store, GroupId=group_id)["Description"] == "new"

    ids.update_group(IdentityStoreId=store, GroupId=group_id,
                     Operations=[op("displayName", "Admins"), op("description")])
    group = ids.describe_group(IdentityStoreId=store, GroupId=group_id)
    assert group["DisplayName"] == "Admins" and "Description" not in group
    assert ids.get_group_id(IdentityStoreId=store, AlternateIdentifier={"UniqueAttribute": {
        "AttributePath": "displayName", "AttributeValue": "Admins"}})["GroupId"] == group_id

    conflict = error_of(ids.update_group, IdentityStoreId=store, GroupId=group_id,
                        Operations=[op("displayName", "Others")])
    assert (conflict["Code"], conflict["Message"]) == ("ConflictException", "Duplicate GroupDisplayName")
    for operations, message in (([op("displayName")], "displayName is a required attribute"),
                                ([op("members", ["x"])], "Invalid attribute path members"),
                                ([op("description", "")], "Member must have length greater than or equal to 1"),
                                ([op("displayName", "Administrator")], "reserved name")):
        error = error_of(ids.update_group, IdentityStoreId=store, GroupId=group_id, Operations=operations)
        assert error["Code"] == "ValidationException" and message in error["Message"]
    assert error_of(ids.update_group, IdentityStoreId=store, GroupId=MISSING_ID,
                    Operations=[op("description", "x")])["Code"] == "ResourceNotFoundException"
    assert ids.describe_group(IdentityStoreId=store, GroupId=group_id)["DisplayName"] == "Admins"


def test_deleting_a_user_or_group_ends_its_memberships(ids, store, user_id):
    other = ids.create_user(IdentityStoreId=store, UserName="other", DisplayName="Other",
                            Name={"GivenName": "O", "FamilyName": "Ther"})["UserId"]
    groups = [ids.create_group(IdentityStoreId=store, DisplayName=name)["GroupId"] for name in ("G1", "G2")]
    for group_id in groups:
        for member in (user_id, other):
            ids.create_group_membership(IdentityStoreId=store, GroupId=group_id, MemberId={"UserId": member})

    def members(group_id):
        return sorted(m["MemberId"]["UserId"] for m in ids.list_group_memberships(
            IdentityStoreId=store, GroupId=group_id)["GroupMemberships"])

    ids.delete_user(IdentityStoreId=store, UserId=user_id)
    assert members(groups[0]) == members(groups[1]) == [other]
    assert ids.list_group_memberships_for_member(IdentityStoreId=store, MemberId={"UserId": user_id})[
        "GroupMemberships"] == []

    ids.delete_group(IdentityStoreId=store, GroupId="arn:aws:identitystore:::group/" + groups[0])
    assert [m["GroupId"] for m in ids.list_group_memberships_for_member(
        IdentityStoreId=store, MemberId={"UserId": other})["GroupMemberships"]] == [groups[1]]

    assert error_of(ids.delete_user, IdentityStoreId=store, UserId=user_id)["Code"] == "ResourceNotFoundException"
    assert error_of(ids.delete_group, IdentityStoreId=store, GroupId=groups[0])["Code"] == "ResourceNotFoundException"


def test_a_second_membership_of_the_same_user_is_a_conflict(ids, store, user_id):
    group_id = ids.create_group(IdentityStoreId=store, DisplayName="Admins")["GroupId"]
    first = ids.create_group_membership(IdentityStoreId=store, GroupId=group_id, MemberId={"UserId": user_id})
    error = error_of(ids.create_group_membership, IdentityStoreId=store, GroupId=group_id, MemberId={"UserId": user_id})
    assert error["Code"] == "ConflictException"
    memberships = ids.list_group_memberships(IdentityStoreId=store, GroupId=group_id)["GroupMemberships"]
    assert [m["MembershipId"] for m in memberships] == [first["MembershipId"]]
