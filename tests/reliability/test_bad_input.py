"""Bad input: every wrong value is refused before any write call, with a message naming the option and rule.

One generated playbook (one ansible-playbook process) tries every case of CASES: a module task or a
role include, each in a block whose rescue records the failure. Afterwards the emulator's call log
must hold no write call at all, which proves that each case failed before writing anything. Each
message must name the option (or role variable) and the rule it breaks.

The same playbook checks the safe defaults (test_safe_defaults.py reads its results): the Proton role
policies built with default options, the environment and pipeline roles planned in check mode with
their default variables, the warning of the administrator mode, and a wildcard-principal trust
policy accepted only with allow_wildcard_principal.
"""

import json

import pytest
import yaml

import harness
from harness import job

ACCOUNT = harness.ACCOUNT
TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "proton.amazonaws.com"}}]}
INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
STORE = "d-1234567890"


def trust(**statement):
    document = json.loads(json.dumps(TRUST))
    document["Statement"][0].update(statement)
    for key in [k for k, v in statement.items() if v is None]:
        del document["Statement"][0][key]
    return document


def module(module_name, **args):
    return ("module", "awsops.proton." + module_name, args)


def role(role_name, **variables):
    return ("role", "awsops.proton." + role_name, variables)


def role_iam(**args):
    return module("iam_role", **dict(dict(name="ProtonTestRole", assume_role_policy_document=TRUST), **args))


REPOSITORY = dict(provider="GITHUB", name="my-org/proton-pipelines", branch="main")

# (id, what kind of input, the task, words the message must hold: the option first, then the rule)
CASES = [
    # --- names
    ("role_name_too_long", "name", role_iam(name="r" * 65), ["name", "1 to 64 characters"]),
    ("user_name_slash", "name", module("iam_user", name="admins/proton"), ["name", "letters, digits"]),
    ("permission_set_name_33", "name", module("sso_permission_set", name="P" * 33, instance_arn=INSTANCE),
     ["name", "1 to 32 characters"]),
    ("identity_user_name_space", "name", module("identitystore_user", user_name="proton admin", given_name="P",
                                                family_name="A", identity_store_id=STORE), ["user_name", "no spaces"]),
    ("identity_group_blank", "name", module("identitystore_group", display_name="   ", identity_store_id=STORE),
     ["display_name", "blank"]),
    ("cli_profile_name", "name", module("aws_cli_profile", name="proton admin", sso_account_id=ACCOUNT,
                                        sso_role_name="Admin", sso_region="us-east-1",
                                        sso_start_url="https://d-1234567890.awsapps.com/start"),
     ["name", "1 to 64 letters"]),
    ("role_var_admin_user_name", "name", role("admin_user", admin_user_method="iam", admin_user_name="proton admin"),
     ["admin_user_name", "letters, digits"]),
    # --- paths
    ("role_path_relative", "path", role_iam(path="proton/"), ["path", "start and end with '/'"]),
    ("role_var_environment_path", "path", role("environment_roles", environment_roles_path="/proton"),
     ["environment_roles_path", "start and end with '/'"]),
    ("credentials_file_is_directory", "path", module("iam_access_key", user_name="proton-admin",
                                                     credentials_file="/"), ["credentials_file", "directory"]),
    # --- ARNs
    ("boundary_not_policy_arn", "ARN", role_iam(boundary="arn:aws:iam::aws:role/Admin"),
     ["boundary", "IAM policy ARN"]),
    ("managed_policy_s3_arn", "ARN", role_iam(managed_policies=["arn:aws:s3:::my-bucket"]),
     ["managed_policies", "IAM policy ARN"]),
    ("settings_role_arn_short_account", "ARN", module("account_settings",
                                                      pipeline_service_role="arn:aws:iam::12345:role/Proton"),
     ["pipeline_service_role", "IAM role ARN"]),
    ("instance_arn_malformed", "ARN", module("sso_permission_set", name="Admin", instance_arn="arn:aws:sso:::instance/x"),
     ["instance_arn", "instance ARN"]),
    ("permission_set_arn_malformed", "ARN", module("sso_account_assignment", permission_set="arn:aws:sso:::permissionSet/x",
                                                   principal_type="GROUP", principal_name="Admins",
                                                   account_id=ACCOUNT, instance_arn=INSTANCE),
     ["permission_set", "permission set name or ARN"]),
    # --- JSON documents
    ("trust_not_json", "JSON", role_iam(assume_role_policy_document="{not json"), ["assume_role_policy_document", "JSON"]),
    ("trust_with_resource", "JSON", role_iam(assume_role_policy_document=trust(Resource="*")),
     ["assume_role_policy_document", "Resource"]),
    ("trust_without_principal", "JSON", role_iam(assume_role_policy_document=trust(Principal=None)),
     ["assume_role_policy_document", "needs a Principal"]),
    ("trust_wildcard_principal", "JSON", role_iam(assume_role_policy_document=trust(Principal="*")),
     ["assume_role_policy_document", "allow_wildcard_principal"]),
    ("trust_wildcard_aws_principal", "JSON", role_iam(assume_role_policy_document=trust(Principal={"AWS": "*"})),
     ["assume_role_policy_document", "allow_wildcard_principal"]),
    ("managed_policy_too_large", "JSON", module("iam_managed_policy", name="ProtonBig", policy_document={
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                "Resource": ["arn:aws:s3:::bucket-%04d/*" % i for i in range(250)]}]}),
     ["policy_document", "6144"]),
    ("permission_set_inline_not_json", "JSON", module("sso_permission_set", name="Admin", instance_arn=INSTANCE,
                                                      inline_policy="[1, 2"), ["inline_policy", "JSON"]),
    ("role_var_custom_statement", "JSON", role("environment_roles", environment_roles_permissions="custom",
                                               environment_roles_custom_statements=[{"Effect": "Allow"}]),
     ["environment_roles_custom_statements", "Action"]),
    # --- enums
    ("state_enum", "enum", role_iam(state="gone"), ["state", "present, absent"]),
    ("principal_type_enum", "enum", module("sso_account_assignment", permission_set="Admin", principal_type="ROLE",
                                           principal_name="Admins"), ["principal_type", "USER, GROUP"]),
    ("role_var_method_enum", "enum", role("admin_user", admin_user_method="root"),
     ["admin_user_method", "identity_center, iam, none"]),
    ("role_var_permissions_enum", "enum", role("environment_roles", environment_roles_permissions="full"),
     ["environment_roles_permissions", "scoped, administrator, custom"]),
    ("role_kind_enum", "enum", module("proton_role_policy", kind="pipeline", account_id=ACCOUNT),
     ["kind", "environment_provisioning"]),
    ("role_var_unknown_service", "enum", role("pipeline_roles", pipeline_roles_services=["s3", "notaservice"]),
     ["pipeline_roles_services", "notaservice"]),
    # --- session durations
    ("permission_set_duration_13h", "session duration",
     module("sso_permission_set", name="Admin", instance_arn=INSTANCE, session_duration="PT13H"),
     ["session_duration", "PT12H"]),
    ("permission_set_duration_words", "session duration", module("sso_permission_set", name="Admin",
                                                                 instance_arn=INSTANCE, session_duration="8 hours"),
     ["session_duration", "ISO 8601"]),
    ("role_max_session_short", "session duration", role_iam(max_session_duration=1800),
     ["max_session_duration", "between 3600 and 43200"]),
    ("role_var_admin_session_30m", "session duration", role("admin_user", admin_user_email="a@example.com",
                                                            admin_user_session_duration="PT30M"),
     ["admin_user_session_duration", "PT1H"]),
    # --- repository fields
    ("repository_name_no_owner", "repository", module("account_settings", pipeline_provisioning_repository=dict(
        REPOSITORY, name="proton-pipelines")), ["pipeline_provisioning_repository.name", "owner/repository"]),
    ("repository_branch_missing", "repository", module("account_settings", pipeline_provisioning_repository=dict(
        provider="GITHUB", name="my-org/proton-pipelines")), ["pipeline_provisioning_repository.branch", "required"]),
    ("repository_provider_enum", "repository", module("account_settings", pipeline_provisioning_repository=dict(
        REPOSITORY, provider="GITLAB")), ["provider", "GITHUB, GITHUB_ENTERPRISE, BITBUCKET"]),
    ("role_var_repository_no_owner", "repository", role("pipeline_roles", pipeline_roles_provisioning_repository=dict(
        REPOSITORY, name="proton-pipelines")), ["pipeline_roles_provisioning_repository", "owner/repository"]),
    ("role_var_repository_branch_missing", "repository", role(
        "pipeline_roles", pipeline_roles_provisioning_repository=dict(provider="GITHUB", name="my-org/proton")),
     ["pipeline_roles_provisioning_repository", "branch"]),
    # --- conflicting and missing options
    ("access_key_id_and_rotate", "conflict", module("iam_access_key", user_name="proton-admin",
                                                    id="AKIAIOSFODNN7EXAMPLE", rotate=True),
     ["mutually exclusive", "id|rotate"]),
    ("access_key_file_two_keys", "conflict", module("iam_access_key", user_name="proton-admin", active_keys=2,
                                                    credentials_file="~/.aws/credentials"),
     ["active_keys", "must be 1 with credentials_file"]),
    ("principal_name_and_id", "conflict", module("sso_account_assignment", permission_set="Admin",
                                                 principal_type="GROUP", principal_name="Admins",
                                                 principal_id="906740b0-1234-5678-9abc-def012345678"),
     ["mutually exclusive", "principal_name|principal_id"]),
    ("login_profile_and_remove", "conflict", module("iam_user", name="proton-admin", login_profile=dict(
        password="Example-Passw0rd!"), remove_login_profile=True), ["remove_login_profile", "login_profile"]),
    ("access_key_absent_without_id", "missing", module("iam_access_key", user_name="proton-admin", state="absent"),
     ["state is absent", "id"]),
    ("role_without_trust", "missing", module("iam_role", name="ProtonTestRole"),
     ["state is present", "assume_role_policy_document"]),
    ("assignment_without_principal", "missing", module("sso_account_assignment", permission_set="Admin",
                                                       principal_type="GROUP"),
     ["one of the following is required", "principal_name"]),
    ("role_var_email_missing", "missing", role("admin_user"), ["admin_user_email", "is required"]),
    ("unknown_option", "missing", role_iam(colour="blue"), ["Unsupported parameters", "colour"]),
    # --- account ids, tags, e-mail, timeouts
    ("expected_account_short", "account id", module("aws_caller_info", expected_account_id="12345"),
     ["expected_account_id", "12-digit"]),
    ("role_tag_aws_prefix", "tags", role_iam(tags={"aws:owner": "me"}), ["tags", "aws: prefix is reserved"]),
    ("identity_email", "email", module("identitystore_user", user_name="proton-admin", given_name="P",
                                       family_name="A", email="not-an-email", identity_store_id=STORE),
     ["email", "email address"]),
    ("propagation_timeout_negative", "range", module("account_settings", role_propagation_timeout=-5),
     ["role_propagation_timeout", "between 0 and 3600"]),
]

DEFAULT_TASKS = [
    {"name": "Defaults - the environment provisioning role's policy with default options",
     "awsops.proton.proton_role_policy": {"kind": "environment_provisioning", "account_id": ACCOUNT},
     "register": "default_environment_provisioning"},
    {"name": "Defaults - the pipeline service role's policy with default options",
     "awsops.proton.proton_role_policy": {"kind": "pipeline_service", "account_id": ACCOUNT},
     "register": "default_pipeline_service"},
    {"name": "Defaults - administrator mode warns",
     "awsops.proton.proton_role_policy": {"kind": "environment_provisioning", "account_id": ACCOUNT,
                                          "permissions": "administrator"},
     "register": "administrator_environment_provisioning"},
    {"name": "Defaults - the environment roles with their default variables (check mode)",
     "ansible.builtin.include_role": {"name": "awsops.proton.environment_roles", "apply": {"check_mode": True}}},
    {"name": "Defaults - the pipeline roles with their default variables (check mode)",
     "ansible.builtin.include_role": {"name": "awsops.proton.pipeline_roles", "apply": {"check_mode": True}}},
    {"name": "Defaults - a wildcard principal is accepted when explicitly allowed (check mode)",
     "awsops.proton.iam_role": {"name": "ProtonWildcardRole", "allow_wildcard_principal": True,
                                "assume_role_policy_document": trust(Principal={"AWS": "*"})},
     "check_mode": True, "register": "wildcard_allowed"},
]


def _case_block(index, case):
    case_id, _kind, (how, name, args), _words = case
    title = "bad input {0:02d} {1}".format(index, case_id)
    if how == "module":
        attempt = {"name": title, name: args}
    else:
        attempt = {"name": title, "ansible.builtin.include_role": {"name": name}, "vars": args}
    record = "{{{{ bad_input_results | combine({{'{0}': {1}}}) }}}}"
    return {
        "name": title,
        "block": [attempt, {"name": title + " was accepted", "ansible.builtin.set_fact": {
            "bad_input_results": record.format(case_id, "{'failed': false}")}}],
        "rescue": [{"name": title + " was refused", "ansible.builtin.set_fact": {
            "bad_input_results": record.format(case_id, "{'failed': true, 'msg': ansible_failed_result.msg | "
                                                        "default(''), 'errors': ansible_failed_result.argument_errors"
                                                        " | default([]), 'items': ansible_failed_result.results | "
                                                        "default([]) | selectattr('failed', 'defined') | "
                                                        "selectattr('failed') | map(attribute='msg') | list, "
                                                        "'task': ansible_failed_task.name}")}}],
    }


def playbook(results_path):
    tasks = [_case_block(index, case) for index, case in enumerate(CASES, 1)]
    tasks += DEFAULT_TASKS
    tasks.append({"name": "Write the results",
                  "ansible.builtin.copy": {"dest": str(results_path), "mode": "0600", "content": "{{ results | to_nice_json }}"},
                  "vars": {"results": {
                      "cases": "{{ bad_input_results }}",
                      "environment_provisioning": "{{ default_environment_provisioning }}",
                      "pipeline_service": "{{ default_pipeline_service }}",
                      "administrator": "{{ administrator_environment_provisioning }}",
                      "environment_roles_plan": "{{ environment_roles_result }}",
                      "pipeline_roles_plan": "{{ pipeline_roles_result }}",
                      "wildcard_allowed": "{{ wildcard_allowed }}"}}})
    # The roles take the caller's account from these instead of one STS call each (no write either way).
    caller = {"account": ACCOUNT, "partition": "aws"}
    variables = {"bad_input_results": {}, "admin_user_caller_info": caller, "environment_roles_caller_info": caller,
                 "pipeline_roles_caller_info": caller}
    return [{"name": "Bad inputs and safe defaults", "hosts": "localhost", "connection": "local",
             "gather_facts": False, "vars": variables, "tasks": tasks}]


@job("bad-input", weight=2.2)
def bad_input_job(ctx):
    results_path = ctx.workdir / "results.json"
    path = ctx.workdir / "bad_input.yml"
    path.write_text(yaml.safe_dump(playbook(results_path), sort_keys=False, width=1000))
    env = ctx.env("home")
    run = harness.run_playbook(env, path, label="bad inputs and defaults")
    calls = ctx.emulator.calls()
    harness.STATS.add("bad inputs tried", len(CASES))
    results = json.loads(results_path.read_text()) if results_path.exists() else None
    return dict(run=run, calls=calls, results=results)


def _result(jobs):
    result = jobs.result("bad-input")
    assert result["run"].ok and result["results"], result["run"].describe()
    return result


def test_the_cases_are_distinct_and_cover_every_kind():
    assert len(CASES) >= 30
    assert len(set(case[0] for case in CASES)) == len(CASES)
    assert len(set(json.dumps(case[2], sort_keys=True) for case in CASES)) == len(CASES)
    kinds = set(case[1] for case in CASES)
    assert {"name", "path", "ARN", "JSON", "enum", "session duration", "repository", "conflict", "missing"} <= kinds
    assert any(case[2][0] == "role" for case in CASES) and any(case[2][0] == "module" for case in CASES)


@pytest.mark.jobs("bad-input")
def test_no_bad_input_reaches_a_write_call(jobs):
    calls = _result(jobs)["calls"]
    assert not harness.write_calls(calls), harness.write_calls(calls)


@pytest.mark.parametrize("case", [pytest.param(case, id=case[0], marks=pytest.mark.jobs("bad-input"))
                                  for case in CASES])
def test_bad_input_is_refused_naming_option_and_rule(jobs, case):
    case_id, _kind, _task, words = case
    outcome = _result(jobs)["results"]["cases"].get(case_id)
    assert outcome is not None, "the case did not run"
    assert outcome["failed"], "the input was accepted"
    # A loop task (the roles build each role's policy in a loop) says "One or more items failed": its
    # items hold the messages.
    message = " ".join([outcome["msg"]] + list(outcome["errors"] or []) + list(outcome.get("items") or []))
    missing = [word for word in words if word not in message]
    assert not missing, "the message lacks {0}: {1!r} (task {2})".format(missing, message, outcome["task"])
