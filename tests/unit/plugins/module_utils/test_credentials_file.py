# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import configparser
import os
import stat
from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.awsops.proton.plugins.module_utils._iam import credentials_file as cf
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError

KEYS = {"aws_access_key_id": "AKIANEWKEY0000000001", "aws_secret_access_key": "new/secret+value"}

EXISTING = """\
# managed by hand: do not lose this comment
[default]
aws_access_key_id = AKIADEFAULT000000000
aws_secret_access_key = defaultsecret
region = eu-west-1

; the admin profile
[proton-admin]
aws_access_key_id = AKIAOLDKEY0000000000
# a comment inside the section
aws_secret_access_key = oldsecret
aws_session_token = stale-token
output = json

[other]
aws_access_key_id=AKIAOTHER00000000000
aws_secret_access_key=othersecret
"""


def parsed(text):
    """What botocore's configparser would see."""
    parser = configparser.RawConfigParser()
    parser.read_string(text)
    return parser


def test_updates_only_the_profile_and_keeps_everything_else():
    text = cf.update_text(EXISTING, "proton-admin", KEYS)
    assert "# managed by hand: do not lose this comment" in text
    assert "; the admin profile" in text
    assert "# a comment inside the section" in text
    config = parsed(text)
    assert dict(config["proton-admin"]) == dict(KEYS, output="json")
    assert dict(config["default"]) == {"aws_access_key_id": "AKIADEFAULT000000000",
                                       "aws_secret_access_key": "defaultsecret", "region": "eu-west-1"}
    assert config["other"]["aws_access_key_id"] == "AKIAOTHER00000000000"
    assert "oldsecret" not in text and "stale-token" not in text
    # Untouched lines keep their exact form, other sections included.
    assert "aws_access_key_id=AKIAOTHER00000000000" in text
    assert text.index("[default]") < text.index("[proton-admin]") < text.index("[other]")


def test_keys_are_replaced_in_place():
    text = cf.update_text(EXISTING, "proton-admin", KEYS)
    lines = text.splitlines()
    header = lines.index("[proton-admin]")
    assert lines[header + 1] == "aws_access_key_id = AKIANEWKEY0000000001"
    assert lines[header + 2] == "# a comment inside the section"
    assert lines[header + 3] == "aws_secret_access_key = new/secret+value"


def test_missing_profile_is_appended():
    text = cf.update_text(EXISTING, "new-profile", KEYS)
    assert text.startswith(EXISTING.rstrip("\n"))
    assert text.endswith("\n[new-profile]\naws_access_key_id = AKIANEWKEY0000000001\n"
                         "aws_secret_access_key = new/secret+value\n")
    assert dict(parsed(text)["new-profile"]) == KEYS


def test_empty_file_gets_one_section():
    assert cf.update_text("", "p", KEYS) == ("[p]\naws_access_key_id = AKIANEWKEY0000000001\n"
                                             "aws_secret_access_key = new/secret+value\n")


def test_missing_keys_are_added_to_an_existing_section_before_its_blank_lines():
    text = cf.update_text("[p]\nregion = us-east-1\n\n[q]\nx = 1\n", "p", KEYS)
    assert text == ("[p]\nregion = us-east-1\naws_access_key_id = AKIANEWKEY0000000001\n"
                    "aws_secret_access_key = new/secret+value\n\n[q]\nx = 1\n")


def test_same_values_change_nothing():
    once = cf.update_text(EXISTING, "proton-admin", KEYS)
    assert cf.update_text(once, "proton-admin", KEYS) == once


def test_key_case_duplicates_and_continuations():
    text = ("[p]\nAWS_ACCESS_KEY_ID = OLD\n  continued\naws_access_key_id = DUP\n"
            "aws_secret_access_key: colon\nnote = keep\n")
    updated = cf.update_text(text, "p", KEYS)
    assert updated == ("[p]\naws_access_key_id = AKIANEWKEY0000000001\n"
                       "aws_secret_access_key = new/secret+value\nnote = keep\n")


def test_section_header_with_spaces_and_comment():
    text = "[ p ]  # mine\naws_access_key_id = OLD\n"
    assert cf.parse_profile(text, "p") == {"aws_access_key_id": "OLD"}
    assert "aws_access_key_id = AKIANEWKEY0000000001" in cf.update_text(text, "p", KEYS)


def test_similar_section_names_are_not_confused():
    text = "[p-old]\naws_access_key_id = A\n[profile p]\naws_access_key_id = B\n"
    updated = cf.update_text(text, "p", KEYS)
    assert "aws_access_key_id = A\n" in updated and "aws_access_key_id = B\n" in updated
    assert updated.endswith("[p]\naws_access_key_id = AKIANEWKEY0000000001\n"
                            "aws_secret_access_key = new/secret+value\n")


def test_values_with_line_breaks_are_refused():
    with pytest.raises(Exception) as caught:
        cf.update_text("", "p", {"aws_access_key_id": "A\n[default]"})
    assert "line break" in str(caught.value)


def test_parse_profile():
    assert cf.parse_profile(EXISTING, "proton-admin") == {
        "aws_access_key_id": "AKIAOLDKEY0000000000", "aws_secret_access_key": "oldsecret",
        "aws_session_token": "stale-token", "output": "json"}
    assert cf.parse_profile(EXISTING, "other")["aws_access_key_id"] == "AKIAOTHER00000000000"
    assert cf.parse_profile(EXISTING, "missing") is None
    assert cf.parse_profile("", "default") is None


@pytest.mark.parametrize("name", ["", " p", "p ", "a]b", "a[b", "a\nb"])
def test_check_profile_name_rejects(name):
    with pytest.raises(ParameterError) as caught:
        cf.check_profile_name("credentials_profile", name)
    assert caught.value.option == "credentials_profile"


@pytest.mark.parametrize("name", ["default", "proton-admin", "profile x", "a.b@c"])
def test_check_profile_name_accepts(name):
    cf.check_profile_name("credentials_profile", name)


# --- files on disk ---------------------------------------------------------------------------

def mode(path):
    return stat.S_IMODE(os.stat(str(path)).st_mode)


def test_set_profile_creates_the_file_with_mode_0600(tmp_path):
    path = tmp_path / "aws" / "credentials"
    assert cf.set_profile(str(path), "p", KEYS) is True
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert dict(parsed(path.read_text())["p"]) == KEYS
    assert cf.set_profile(str(path), "p", KEYS) is False
    assert [p.name for p in path.parent.iterdir()] == ["credentials"]  # no temporary file left


def test_set_profile_keeps_other_sections_and_tightens_the_mode(tmp_path):
    path = tmp_path / "credentials"
    path.write_text(EXISTING)
    os.chmod(str(path), 0o644)
    assert cf.set_profile(str(path), "proton-admin", KEYS) is True
    assert mode(path) == 0o600
    text = path.read_text()
    assert "# managed by hand: do not lose this comment" in text
    assert parsed(text)["default"]["aws_secret_access_key"] == "defaultsecret"


def test_set_profile_fixes_a_loose_mode_even_when_the_content_is_right(tmp_path):
    path = tmp_path / "credentials"
    path.write_text(cf.update_text("", "p", KEYS))
    os.chmod(str(path), 0o640)
    assert cf.set_profile(str(path), "p", KEYS) is True
    assert mode(path) == 0o600
    assert cf.set_profile(str(path), "p", KEYS) is False


def test_set_profile_check_mode_writes_nothing(tmp_path):
    path = tmp_path / "credentials"
    assert cf.set_profile(str(path), "p", KEYS, check_mode=True) is True
    assert not path.exists()
    path.write_text(EXISTING)
    assert cf.set_profile(str(path), "proton-admin", KEYS, check_mode=True) is True
    assert path.read_text() == EXISTING


def test_set_profile_follows_a_symlink(tmp_path):
    real = tmp_path / "real-credentials"
    real.write_text(EXISTING)
    link = tmp_path / "credentials"
    link.symlink_to(real)
    cf.set_profile(str(link), "proton-admin", KEYS)
    assert link.is_symlink()
    assert parsed(real.read_text())["proton-admin"]["aws_access_key_id"] == KEYS["aws_access_key_id"]


def test_read_text_of_a_missing_file_is_empty(tmp_path):
    assert cf.read_text(str(tmp_path / "nope")) == ""


# --- line endings and removal ------------------------------------------------------------------

def test_crlf_and_a_missing_final_line_ending_are_kept_outside_the_edited_lines():
    text = "# c\r\n[a]\r\nx = 1\r\n\r\n[p]\r\naws_access_key_id = OLD\r\nregion = eu-west-1\r\n\r\n[z]\r\ny = 2"
    updated = cf.update_text(text, "p", KEYS)
    assert updated == ("# c\r\n[a]\r\nx = 1\r\n\r\n[p]\r\naws_access_key_id = AKIANEWKEY0000000001\r\n"
                       "region = eu-west-1\r\naws_secret_access_key = new/secret+value\r\n\r\n[z]\r\ny = 2")


def test_a_new_section_after_a_last_line_without_ending():
    assert cf.update_text("[a]\r\nx = 1", "p", {"k": "v"}) == "[a]\r\nx = 1\r\n\r\n[p]\r\nk = v\r\n"


def test_a_new_section_keeps_trailing_blank_lines():
    assert cf.update_text("[a]\nx = 1\n\n\n", "p", {"k": "v"}) == "[a]\nx = 1\n\n\n[p]\nk = v\n"


def test_remove_a_middle_section_keeps_every_other_byte():
    before = "# keep\r\n[default]\r\nx = 1\r\n\r\n; about the next one\r\n"
    section = "[proton-admin]\r\naws_access_key_id = A\r\n# inside\r\naws_secret_access_key = S\r\n  cont\r\n\r\n\r\n"
    after = "# about ci\r\n[ci]\r\ny=2\r\n\r\n\r\n# end, no line ending"
    assert cf.remove_section_text(before + section + after, "proton-admin") == (before + after, True)


def test_remove_the_last_section_takes_the_blank_lines_before_it():
    text = "[default]\nx = 1\n\n\n[proton-admin]\naws_access_key_id = A\n\n"
    assert cf.remove_section_text(text, "proton-admin") == ("[default]\nx = 1\n", True)
    assert cf.remove_section_text("[proton-admin]\nk = v", "proton-admin") == ("", True)


def test_remove_the_last_section_keeps_a_comment_after_it():
    text = "[a]\nx = 1\n\n[proton-admin]\nk = v\n\n# trailer\n"
    assert cf.remove_section_text(text, "proton-admin") == ("[a]\nx = 1\n\n# trailer\n", True)


def test_remove_only_the_named_section():
    text = "[proton-admin-old]\nk = 1\n[profile proton-admin]\nk = 2\n"
    assert cf.remove_section_text(text, "proton-admin") == (text, False)
    assert cf.remove_section_text("", "proton-admin") == ("", False)
    removed, found = cf.remove_section_text(EXISTING, "proton-admin")
    assert found and "[proton-admin]" not in removed and "oldsecret" not in removed
    assert removed == EXISTING.replace(EXISTING[EXISTING.index("[proton-admin]"):EXISTING.index("[other]")], "")


def test_remove_profile_on_disk(tmp_path):
    path = tmp_path / "credentials"
    original = (EXISTING.replace("\n", "\r\n")).encode()
    path.write_bytes(original)
    os.chmod(str(path), 0o644)
    assert cf.remove_profile(str(path), "proton-admin", check_mode=True) is True
    assert path.read_bytes() == original
    assert cf.remove_profile(str(path), "proton-admin") is True
    text = path.read_bytes().decode()
    assert "\r\n[other]\r\n" in text and "[proton-admin]" not in text and "\n" not in text.replace("\r\n", "")
    assert mode(path) == 0o600
    assert cf.remove_profile(str(path), "proton-admin") is False
    assert cf.remove_profile(str(tmp_path / "missing"), "proton-admin") is False
    assert not (tmp_path / "missing").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["credentials"]


def test_set_profile_keeps_crlf_on_disk(tmp_path):
    path = tmp_path / "credentials"
    path.write_bytes(b"[other]\r\nk = v\r\n")
    cf.set_profile(str(path), "p", KEYS)
    assert path.read_bytes() == (b"[other]\r\nk = v\r\n\r\n[p]\r\naws_access_key_id = AKIANEWKEY0000000001\r\n"
                                 b"aws_secret_access_key = new/secret+value\r\n")


# ---------------------------------------------------------------- the marker of a key creation in progress

SINCE = datetime(2026, 12, 3, 14, 0, 5, 123456, tzinfo=timezone.utc)
MARKER = cf.marker_line("proton-admin", SINCE, ["AKIAOLDKEY0000000000", "AKIAOTHER00000000000"], pid=4242,
                        host="laptop")


def test_the_marker_line_names_the_user_the_time_to_the_second_the_process_and_the_keys_before():
    assert MARKER == ("# awsops.proton: creating an access key for proton-admin since 2026-12-03T14:00:05Z "
                      "(pid 4242 on laptop; keys before: AKIAOLDKEY0000000000, AKIAOTHER00000000000)")
    local = SINCE.astimezone(timezone(timedelta(hours=-5)))
    assert cf.marker_line("proton-admin", local, ["AKIAOLDKEY0000000000", "AKIAOTHER00000000000"], pid=4242,
                          host="laptop") == MARKER  # written in UTC
    none = cf.marker_line("u", SINCE, [], pid=1, host="h")
    assert none.endswith("(pid 1 on h; keys before: none)")
    assert cf.find_marker("[p]\n" + none + "\n", "p")["keys_before"] == []


def test_marking_an_existing_profile_puts_the_marker_first_and_keeps_every_other_byte():
    marked = cf.mark_text(EXISTING, "proton-admin", MARKER)
    assert marked == EXISTING.replace("[proton-admin]\n", "[proton-admin]\n" + MARKER + "\n")
    assert cf.find_marker(marked, "proton-admin") == dict(
        user_name="proton-admin", since=SINCE.replace(microsecond=0), pid=4242, host="laptop",
        keys_before=["AKIAOLDKEY0000000000", "AKIAOTHER00000000000"])
    assert cf.find_marker(marked, "default") is None and cf.find_marker(EXISTING, "proton-admin") is None
    # The marker is a comment: botocore sees the same profile, and parse_profile the same keys.
    assert parsed(marked) == parsed(EXISTING)
    assert cf.parse_profile(marked, "proton-admin") == cf.parse_profile(EXISTING, "proton-admin")
    assert cf.unmark_text(marked, "proton-admin") == EXISTING
    assert cf.unmark_text(EXISTING, "proton-admin") == EXISTING


def test_marking_again_replaces_the_marker():
    later = cf.marker_line("proton-admin", SINCE + timedelta(minutes=1), [], pid=1, host="laptop")
    twice = cf.mark_text(cf.mark_text(EXISTING, "proton-admin", MARKER), "proton-admin", later)
    assert twice.count("awsops.proton: creating") == 1
    assert cf.find_marker(twice, "proton-admin")["pid"] == 1


def test_marking_a_missing_profile_adds_a_section_holding_only_the_marker():
    marked = cf.mark_text(EXISTING, "proton-admin2", MARKER)
    assert marked == EXISTING + "\n[proton-admin2]\n" + MARKER + "\n"
    assert cf.mark_text("", "p", MARKER) == "[p]\n" + MARKER + "\n"
    crlf = "[default]\r\nregion = x"
    assert cf.mark_text(crlf, "p", MARKER) == crlf + "\r\n\r\n[p]\r\n" + MARKER + "\r\n"


def test_writing_the_key_replaces_the_marker_in_the_same_text():
    for text in (EXISTING, "", "[default]\nregion = x\n"):
        marked = cf.mark_text(text, "proton-admin", MARKER)
        assert cf.update_text(marked, "proton-admin", KEYS) == cf.update_text(text, "proton-admin", KEYS)


def test_removing_a_marked_profile_takes_the_marker_too():
    for text in (EXISTING, "[default]\nregion = x\n"):
        without, found = cf.remove_section_text(text, "proton-admin")
        marked = cf.mark_text(text, "proton-admin", MARKER)
        assert cf.remove_section_text(marked, "proton-admin") == (without if found else text, True)


def test_a_marker_must_be_well_formed_and_in_the_profile():
    assert cf.find_marker("[p]\n# awsops.proton: creating an access key for u since yesterday\n", "p") is None
    old_style = "[p]\n# awsops.proton: creating an access key for u since 2026-01-02T03:04:05Z\n"
    since = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert cf.find_marker(old_style, "p") == dict(user_name="u", since=since, pid=None, host=None, keys_before=None)
    assert cf.find_marker("[q]\n" + MARKER + "\n[p]\nx = 1\n", "p") is None


def test_mark_and_unmark_profile_on_disk(tmp_path):
    path = tmp_path / "credentials"
    path.write_text(EXISTING)
    os.chmod(str(path), 0o644)
    cf.mark_profile(str(path), "proton-admin", "proton-admin", SINCE, ["AKIAOLDKEY0000000000"])
    found = cf.find_marker(path.read_text(), "proton-admin")
    assert found["since"] == SINCE.replace(microsecond=0) and found["keys_before"] == ["AKIAOLDKEY0000000000"]
    assert found["pid"] == os.getpid() and found["host"] == cf.this_host()
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    assert cf.unmark_profile(str(path), "proton-admin", check_mode=True) is True
    assert cf.find_marker(path.read_text(), "proton-admin") is not None
    assert cf.unmark_profile(str(path), "proton-admin") is True
    assert path.read_text() == EXISTING
    assert cf.unmark_profile(str(path), "proton-admin") is False
