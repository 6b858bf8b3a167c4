"""Unit tests of the model-driven request validator, the query decoder and the regex translation."""

import botocore.session
import pytest
from botocore.serialize import create_serializer

from proton_emulator.protocol import query_to_params
from proton_emulator.regex_compat import compile_pattern
from proton_emulator.validation import validate

SESSION = botocore.session.get_session()
PROTON = SESSION.get_service_model("proton")
IAM = SESSION.get_service_model("iam")


def problems_of(operation, params, model=PROTON):
    return validate(model.operation_model(operation).input_shape, params)


def test_too_long_string_is_reported_in_aws_words():
    value = "arn:aws:iam::123456789012:role/" + "p/" * 1020 + "name"
    problems = problems_of("UpdateAccountSettings", {"pipelineServiceRoleArn": value})
    assert problems.constraint_message() == (
        "1 validation error detected: Value '%s' at 'pipelineServiceRoleArn' failed to satisfy constraint: "
        "Member must have length less than or equal to 2048" % value)
    assert not problems.type_errors


def test_pattern_enum_and_required_members():
    problems = problems_of("CreateRepository", {"name": "no-slash", "provider": "GITLAB"})
    assert problems.constraint_errors == [
        "Value null at 'connectionArn' failed to satisfy constraint: Member must not be null",
        "Value 'no-slash' at 'name' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [A-Za-z0-9_.-].*/[A-Za-z0-9_.-].*",
        "Value 'GITLAB' at 'provider' failed to satisfy constraint: "
        "Member must satisfy enum value set: [GITHUB, GITHUB_ENTERPRISE, BITBUCKET]",
    ]
    assert problems.constraint_message().startswith("3 validation errors detected: ")


def test_nested_and_list_member_paths():
    problems = problems_of("UpdateAccountSettings", {
        "pipelineProvisioningRepository": {"provider": "GITHUB", "name": "x", "branch": ""}})
    assert [error.split(" failed")[0] for error in problems.constraint_errors] == [
        "Value '' at 'pipelineProvisioningRepository.branch'",
        "Value 'x' at 'pipelineProvisioningRepository.name'",
    ]
    problems = problems_of("CreateRepository", {
        "connectionArn": "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc",
        "name": "o/r", "provider": "GITHUB", "tags": [{"key": "k", "value": "v"}, {"key": "", "value": "v"}]})
    assert problems.constraint_errors == [
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1"]


def test_number_ranges():
    assert problems_of("ListRepositories", {"maxResults": 100}).constraint_errors == []
    assert problems_of("ListRepositories", {"maxResults": 101}).constraint_errors == [
        "Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100"]
    assert "greater than or equal to 1" in problems_of("ListRepositories", {"maxResults": 0}).constraint_message()


def test_type_mismatches_are_separate_from_constraints():
    problems = problems_of("UpdateAccountSettings", {"deletePipelineProvisioningRepository": "yes",
                                                     "pipelineServiceRoleArn": 5})
    assert problems.type_errors == [
        "STRING_VALUE can not be converted to Boolean (at 'deletePipelineProvisioningRepository')",
        "NUMBER_VALUE can not be converted to String (at 'pipelineServiceRoleArn')",
    ]
    assert not problems.constraint_errors
    assert problems_of("ListRepositories", {"maxResults": True}).type_errors


def test_unknown_members_are_ignored():
    assert not problems_of("GetAccountSettings", {"surprise": 1})


def test_sensitive_values_stay_out_of_messages():
    model = SESSION.get_service_model("identitystore")
    problems = problems_of("CreateUser", {"IdentityStoreId": "d-0123456789", "UserName": "x" * 129}, model)
    assert problems.constraint_errors == [
        "Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 128"]


def test_java_property_classes_and_ascii_shorthands():
    assert compile_pattern(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+").fullmatch("Jörg.Müller-李")
    assert not compile_pattern(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+").fullmatch("two words")
    assert compile_pattern(r"\p{L}+(?:\.\p{L}+){0,2}").fullmatch("name.givenName")
    assert not compile_pattern(r"[\w+=,.@-]+").fullmatch("rôle")
    assert not compile_pattern(r"\d{12}").fullmatch("١٢٣٤٥٦٧٨٩٠١٢")


@pytest.mark.parametrize("service", ["proton", "iam", "sts", "sso-admin", "identitystore", "organizations"])
def test_every_model_pattern_compiles(service):
    model = SESSION.get_service_model(service)
    for name in model.shape_names:
        pattern = model.shape_for(name).metadata.get("pattern")
        if pattern:
            compile_pattern(pattern)


def test_query_parameters_are_rebuilt_along_the_shape():
    operation = IAM.operation_model("CreateRole")
    params = {"RoleName": "r", "AssumeRolePolicyDocument": "{}", "MaxSessionDuration": 7200,
              "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}
    flat = create_serializer("query").serialize_to_request(params, operation)["body"]
    flat = {key: str(value) for key, value in flat.items() if key not in ("Action", "Version")}
    assert query_to_params(operation.input_shape, flat) == params


def test_query_values_that_do_not_convert_are_type_errors():
    operation = IAM.operation_model("CreateRole")
    params = query_to_params(operation.input_shape, {"RoleName": "r", "AssumeRolePolicyDocument": "{}",
                                                     "MaxSessionDuration": "soon"})
    assert validate(operation.input_shape, params).type_errors == [
        "STRING_VALUE can not be converted to Integer (at 'maxSessionDuration')"]


def test_empty_query_list():
    operation = IAM.operation_model("CreateRole")
    flat = {"RoleName": "r", "AssumeRolePolicyDocument": "{}", "Tags": ""}
    assert query_to_params(operation.input_shape, flat)["Tags"] == []
