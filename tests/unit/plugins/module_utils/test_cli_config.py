# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import datetime
import os

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._identity_center import cli_config

PROFILE = [("sso_session", "proton"), ("sso_account_id", "123456789012"),
           ("sso_role_name", "AdministratorAccess"), ("region", "us-east-1"), ("output", None)]
SESSION = [("sso_start_url", "https://d-1234567890.awsapps.com/start"), ("sso_region", "us-east-1"),
           ("sso_registration_scopes", "sso:account:access")]

EXISTING = """# Managed by hand - keep this comment
[default]
region = eu-west-1
cli_pager =

; another comment
[profile dev]
sso_session = proton
sso_account_id = 210987654321
sso_role_name = ReadOnly
s3 =
  max_concurrent_requests = 20
  signature_version = s3v4

[services local]
sts =
  endpoint_url = http://localhost:4566
"""


def write(text, profile="proton-admin", session="proton", profile_values=None, session_values=None):
    return cli_config.apply_profile(text, profile, profile_values or PROFILE, session, session_values or SESSION)


# --- editing ---------------------------------------------------------------------------------

def test_new_file_gets_both_sections():
    text = write("")
    assert text == (
        "[profile proton-admin]\n"
        "sso_session = proton\n"
        "sso_account_id = 123456789012\n"
        "sso_role_name = AdministratorAccess\n"
        "region = us-east-1\n"
        "\n"
        "[sso-session proton]\n"
        "sso_start_url = https://d-1234567890.awsapps.com/start\n"
        "sso_region = us-east-1\n"
        "sso_registration_scopes = sso:account:access\n"
    )


def test_rewriting_the_same_profile_changes_nothing():
    once = write(EXISTING)
    assert write(once) == once


def test_existing_text_is_kept_byte_for_byte():
    text = write(EXISTING)
    assert text.startswith(EXISTING)
    assert "[profile proton-admin]" in text and "[sso-session proton]" in text


def test_file_without_trailing_newline_untouched_when_unchanged():
    once = write(EXISTING).rstrip("\n")
    assert write(once) == once


def test_changed_value_replaces_only_its_line():
    once = write(EXISTING)
    changed = write(once, profile_values=[("sso_session", "proton"), ("sso_account_id", "123456789012"),
                                          ("sso_role_name", "PowerUser"), ("region", "us-east-1")])
    before_lines, after_lines = once.splitlines(), changed.splitlines()
    assert len(before_lines) == len(after_lines)
    assert [(a, b) for a, b in zip(before_lines, after_lines) if a != b] == [
        ("sso_role_name = AdministratorAccess", "sso_role_name = PowerUser")]


def test_keys_of_a_hand_written_section_are_kept_and_missing_ones_added():
    text = ("[profile proton-admin]\n"
            "# my comment\n"
            "SSO_ACCOUNT_ID=123456789012\n"
            "cli_pager =\n"
            "\n"
            "[profile zzz]\n"
            "region = us-west-2\n")
    result = write(text)
    assert result.startswith(
        "[profile proton-admin]\n"
        "# my comment\n"
        "SSO_ACCOUNT_ID=123456789012\n"  # same value, other spelling: line kept
        "cli_pager =\n"
        "sso_session = proton\n"
        "sso_role_name = AdministratorAccess\n"
        "region = us-east-1\n"
        "\n"
        "[profile zzz]\n"
        "region = us-west-2\n")
    assert result.endswith("[sso-session proton]\nsso_start_url = https://d-1234567890.awsapps.com/start\n"
                           "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n")


def test_nested_values_are_replaced_whole():
    text = "[profile proton-admin]\nregion =\n  nested = 1\n  other = 2\noutput = json\n"
    result = write(text)
    assert "nested" not in result
    assert result.startswith("[profile proton-admin]\nregion = us-east-1\noutput = json\n")


def test_scopes_compare_as_a_set():
    text = write("", session_values=[("sso_start_url", "https://x.awsapps.com/start"), ("sso_region", "us-east-1"),
                                     ("sso_registration_scopes", "sso:account:access, codewhisperer:completions")])
    again = write(text, session_values=[("sso_start_url", "https://x.awsapps.com/start"),
                                        ("sso_region", "us-east-1"),
                                        ("sso_registration_scopes", "codewhisperer:completions,sso:account:access")])
    assert again == text


def test_crlf_line_endings_are_kept():
    text = EXISTING.replace("\n", "\r\n")
    result = write(text)
    assert result.startswith(text)
    assert "\n" not in result.replace("\r\n", "")


def test_default_profile_uses_the_default_section():
    result = write(EXISTING, profile="default")
    assert "[profile default]" not in result
    assert cli_config.ConfigText(result).read("default")["region"] == "us-east-1"
    assert cli_config.ConfigText(result).read("default")["cli_pager"] == ""


def test_quoted_section_names_are_recognised():
    text = '[profile "proton-admin"]\nsso_role_name = Old\n'
    result = write(text)
    assert result.count("proton-admin") == 1
    assert "sso_role_name = AdministratorAccess" in result


# --- removing -------------------------------------------------------------------------------

def test_remove_profile_and_unused_session():
    original = "[default]\nregion = eu-west-1\n"
    text = write(original, session="solo", profile_values=[("sso_session", "solo")] + PROFILE[1:])
    result, removed = cli_config.remove_profile(text, "proton-admin")
    assert removed == ["profile proton-admin", "sso-session solo"]
    assert result == original


def test_remove_profile_keeps_a_session_another_profile_uses():
    text = write(EXISTING)
    result, removed = cli_config.remove_profile(text, "proton-admin")
    assert removed == ["profile proton-admin"]
    assert result == EXISTING + "\n[sso-session proton]\nsso_start_url = https://d-1234567890.awsapps.com/start\n" \
                                "sso_region = us-east-1\nsso_registration_scopes = sso:account:access\n"


def test_remove_a_section_in_the_middle_keeps_its_neighbours_and_their_comments():
    text = EXISTING
    result, removed = cli_config.remove_profile(text, "dev", session="nobody-uses-this")
    assert removed == ["profile dev"]
    assert result == ("# Managed by hand - keep this comment\n[default]\nregion = eu-west-1\ncli_pager =\n\n"
                      "; another comment\n[services local]\nsts =\n  endpoint_url = http://localhost:4566\n")


def test_remove_missing_profile_changes_nothing():
    result, removed = cli_config.remove_profile(EXISTING, "nope")
    assert (result, removed) == (EXISTING, [])


def test_profiles_using_session():
    text = write(write(EXISTING), profile="default")
    assert sorted(cli_config.ConfigText(text).profiles_using_session("proton")) == ["default", "dev", "proton-admin"]


# --- botocore reads what was written ------------------------------------------------------------------

botocore = pytest.importorskip("botocore")


@pytest.fixture
def written_config(tmp_path, monkeypatch):
    """A config file written by cli_config, and an environment in which only it can supply credentials."""
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    path = tmp_path / "config"
    path.write_text(write(EXISTING))
    credentials = tmp_path / "credentials"
    credentials.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(path))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    # No instance metadata lookups if the chain ever got that far.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return path


def test_botocore_configloader_reads_the_file(written_config):
    from botocore.configloader import load_config

    config = load_config(str(written_config))
    assert config["profiles"]["proton-admin"] == {
        "sso_session": "proton", "sso_account_id": "123456789012", "sso_role_name": "AdministratorAccess",
        "region": "us-east-1"}
    assert config["sso_sessions"]["proton"] == {
        "sso_start_url": "https://d-1234567890.awsapps.com/start", "sso_region": "us-east-1",
        "sso_registration_scopes": "sso:account:access"}
    # What was there before is still read the same way.
    assert config["profiles"]["dev"]["s3"] == {"max_concurrent_requests": "20", "signature_version": "s3v4"}
    assert config["services"]["local"]["sts"] == {"endpoint_url": "http://localhost:4566"}


def test_botocore_session_resolves_the_profile_to_the_sso_provider(written_config):
    import botocore.session
    from botocore.credentials import create_credential_resolver

    session = botocore.session.Session(profile="proton-admin")
    assert session.get_config_variable("region") == "us-east-1"
    provider = create_credential_resolver(session).get_provider("sso")
    assert provider._load_sso_config() == {
        "sso_session": "proton", "sso_account_id": "123456789012", "sso_role_name": "AdministratorAccess",
        "sso_start_url": "https://d-1234567890.awsapps.com/start", "sso_region": "us-east-1"}
    # The default chain picks SSO for this profile (credentials are fetched lazily, on first use).
    credentials = session.get_credentials()
    assert credentials is not None and credentials.method == "sso"


def test_botocore_fetches_role_credentials_with_the_cached_sso_token(written_config):
    """End to end: token from the SSO cache -> sso GetRoleCredentials(account, role) -> credentials."""
    import botocore.session
    from botocore.credentials import SSOProvider
    from botocore.stub import Stubber
    from botocore.tokens import SSOTokenProvider
    from botocore.utils import SSOTokenLoader

    session = botocore.session.Session(profile="proton-admin")
    token_cache = {}
    expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1))
    SSOTokenLoader(token_cache).save_token(
        "https://d-1234567890.awsapps.com/start",
        {"startUrl": "https://d-1234567890.awsapps.com/start", "region": "us-east-1", "accessToken": "token-1",
         "expiresAt": expires.strftime("%Y-%m-%dT%H:%M:%SZ")},
        session_name="proton")
    sso_client = session.create_client("sso", region_name="us-east-1")
    stubber = Stubber(sso_client)
    stubber.add_response(
        "get_role_credentials",
        {"roleCredentials": {"accessKeyId": "ASIAEXAMPLE", "secretAccessKey": "secret", "sessionToken": "session",
                             "expiration": int((expires.timestamp()) * 1000)}},
        {"roleName": "AdministratorAccess", "accountId": "123456789012", "accessToken": "token-1"})
    stubber.activate()

    provider = SSOProvider(
        load_config=lambda: session.full_config,
        client_creator=lambda *args, **kwargs: sso_client,
        profile_name="proton-admin",
        token_cache=token_cache,
        token_provider=SSOTokenProvider(session, cache=token_cache, profile_name="proton-admin"),
    )
    frozen = provider.load().get_frozen_credentials()
    assert (frozen.access_key, frozen.secret_key, frozen.token) == ("ASIAEXAMPLE", "secret", "session")
    stubber.assert_no_pending_responses()


def test_botocore_reports_a_missing_sign_in(written_config):
    """Without a cached token botocore asks for a sign-in, which is what `aws sso login` fixes."""
    import botocore.session
    from botocore.credentials import SSOProvider
    from botocore.exceptions import SSOTokenLoadError, TokenRetrievalError, UnauthorizedSSOTokenError
    from botocore.tokens import SSOTokenProvider

    session = botocore.session.Session(profile="proton-admin")
    provider = SSOProvider(load_config=lambda: session.full_config, client_creator=session.create_client,
                           profile_name="proton-admin", token_cache={},
                           token_provider=SSOTokenProvider(session, cache={}, profile_name="proton-admin"))
    with pytest.raises((SSOTokenLoadError, TokenRetrievalError, UnauthorizedSSOTokenError)) as error:
        provider.load().get_frozen_credentials()
    assert "proton" in str(error.value)


def test_remove_a_middle_section_keeps_the_files_trailing_blank_lines_and_comments():
    text = "[default]\nregion = eu-west-1\n\n[profile p]\nsso_session = s\n\n[profile q]\nregion = x\n\n\n"
    result, removed = cli_config.remove_profile(text, "p", session="s")
    assert removed == ["profile p"]
    assert result == "[default]\nregion = eu-west-1\n\n[profile q]\nregion = x\n\n\n"


def test_remove_keeps_a_missing_final_line_ending_and_crlf():
    text = "[profile p]\r\nsso_session = s\r\n\r\n[sso-session s]\r\nsso_region = us-east-1\r\n\r\n# end"
    result, removed = cli_config.remove_profile(text, "p")
    assert removed == ["profile p", "sso-session s"]
    assert result == "# end"
    text = "[default]\r\nregion = x\r\n\r\n[profile p]\r\nsso_session = s\r\n\r\n[profile q]\r\nsso_session = s"
    result, removed = cli_config.remove_profile(text, "p")
    assert removed == ["profile p"]
    assert result == "[default]\r\nregion = x\r\n\r\n[profile q]\r\nsso_session = s"


def test_remove_the_last_profile_takes_the_blank_lines_before_it():
    text = "[default]\nregion = x\n\n\n[profile p]\nregion = y\n"
    assert cli_config.remove_profile(text, "p") == ("[default]\nregion = x\n", ["profile p"])
