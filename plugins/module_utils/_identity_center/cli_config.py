# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Edit an AWS CLI config file (``~/.aws/config``) in place, one section at a time.

The file is INI as botocore reads it (``configparser.RawConfigParser``): ``[default]``,
``[profile NAME]``, ``[sso-session NAME]``, ``[services NAME]`` sections; ``key = value``
lines (``:`` works too; keys are case-insensitive); indented lines continue the previous
value (nested settings such as ``s3 =``); ``#`` and ``;`` start comment lines.

Edits touch only the lines of the keys they set: other sections, other keys, comments,
blank lines and the file's line endings stay as they are. No I/O here; the module reads
and writes the file.
"""

from __future__ import annotations

import re
import shlex

_HEADER = re.compile(r"^\[(?P<header>.+)\]\s*$")
_KEY = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*[=:]\s*(?P<value>.*)$")
_COMMENT_PREFIXES = ("#", ";")

PROFILE_KEYS = ("sso_session", "sso_account_id", "sso_role_name", "region", "output")
SSO_SESSION_KEYS = ("sso_start_url", "sso_region", "sso_registration_scopes")


def profile_section(name):
    """The section holding profile ``name`` (``[default]`` for the default profile)."""
    return "default" if name == "default" else "profile {0}".format(name)


def sso_session_section(name):
    return "sso-session {0}".format(name)


def _section_key(header):
    """How botocore identifies a section: ``("profile", name)``, ``("default",)``, ... or the raw header."""
    header = header.strip()
    if header == "default":
        return ("default",)
    try:
        parts = shlex.split(header)
    except ValueError:
        return (header,)
    return tuple(parts)


class ConfigText:
    """The lines of a config file, with the sections found in them."""

    def __init__(self, text):
        self.original = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.lines = text.splitlines()
        self.modified = False

    def render(self):
        """The text; exactly the original when nothing was changed. A file without a final line ending keeps
        it that way while its last line is the same."""
        if not self.modified:
            return self.original
        if not self.lines:
            return ""
        text = self.newline.join(self.lines)
        original = self.original.splitlines()
        if self.original.endswith(("\n", "\r")) or not original or original[-1] != self.lines[-1]:
            text += self.newline
        return text

    def _headers(self):
        """``[(index, section key)]`` of every section header."""
        found = []
        for index, line in enumerate(self.lines):
            match = _HEADER.match(line)
            if match:
                found.append((index, _section_key(match.group("header"))))
        return found

    def section_span(self, section):
        """``(header index, end index)`` of the first section named ``section``; end is exclusive."""
        wanted = _section_key(section)
        headers = self._headers()
        for position, (index, key) in enumerate(headers):
            if key == wanted:
                end = headers[position + 1][0] if position + 1 < len(headers) else len(self.lines)
                return index, end
        return None

    def sections(self):
        return [key for _index, key in self._headers()]

    def _entries(self, start, end):
        """``[(key lowercased, first line, end line exclusive, value)]`` in a section body."""
        entries = []
        current = None
        for index in range(start + 1, end):
            line = self.lines[index]
            stripped = line.strip()
            if not stripped or stripped.startswith(_COMMENT_PREFIXES):
                current = None if not stripped else current
                continue
            if line[0] in " \t" and current is not None:
                current[2] = index + 1
                current[3] = current[3] + "\n" + stripped
                continue
            match = _KEY.match(line)
            if match:
                current = [match.group("key").strip().lower(), index, index + 1, match.group("value").strip()]
                entries.append(current)
            else:
                current = None
        return [tuple(e) for e in entries]

    def read(self, section):
        """The top-level ``{key: value}`` of a section (nested values as their raw text), or None."""
        span = self.section_span(section)
        if span is None:
            return None
        return dict((key, value) for key, _first, _end, value in self._entries(*span))

    def _last_content_line(self, start, end):
        """Index after the section's last key (or its header): where new keys go."""
        last = start + 1
        for _key, _first, entry_end, _value in self._entries(start, end):
            last = max(last, entry_end)
        return last

    def set_values(self, section, values):
        """Set ``values`` (``[(key, value)]`` in order; None values skipped) in ``section``, creating it at the end."""
        values = [(k, v) for k, v in values if v is not None]
        span = self.section_span(section)
        if span is None:
            self.modified = True
            if self.lines and self.lines[-1].strip():
                self.lines.append("")
            self.lines.append("[{0}]".format(section))
            self.lines.extend("{0} = {1}".format(k, v) for k, v in values)
            return
        start, end = span
        entries = dict((key, (first, entry_end, value)) for key, first, entry_end, value
                       in reversed(self._entries(start, end)))
        new_lines = []
        replacements = []
        for key, value in values:
            if key in entries:
                first, entry_end, current = entries[key]
                if current != value:
                    replacements.append((first, entry_end, "{0} = {1}".format(key, value)))
            else:
                new_lines.append("{0} = {1}".format(key, value))
        if not replacements and not new_lines:
            return
        self.modified = True
        insert_at = self._last_content_line(start, end)
        # Apply from the bottom up so earlier indexes stay valid.
        edits = sorted(replacements + [(insert_at, insert_at, None)], key=lambda e: e[0], reverse=True)
        for first, entry_end, line in edits:
            if line is None:
                self.lines[first:first] = new_lines
            else:
                self.lines[first:entry_end] = [line]

    def remove_section(self, section):
        """Remove a section's header, its keys and the blank lines after them; True if it was there.

        Every other line stays: comments after its last key (they usually describe the next section), and
        the blank lines before it, unless it was the file's last section.
        """
        span = self.section_span(section)
        if span is None:
            return False
        self.modified = True
        start, end = span
        stop = self._last_content_line(start, end)
        while stop < end and not self.lines[stop].strip():
            stop += 1
        if stop == len(self.lines):
            # The file's last section: the blank lines before it go too, so the file does not end in one.
            while start > 0 and not self.lines[start - 1].strip():
                start -= 1
        del self.lines[start:stop]
        return True

    def profiles_using_session(self, session_name):
        """Names of the profiles whose ``sso_session`` is ``session_name``."""
        names = []
        for key in self.sections():
            if key == ("default",):
                name = "default"
            elif len(key) == 2 and key[0] == "profile":
                name = key[1]
            else:
                continue
            values = self.read(profile_section(name)) or {}
            if values.get("sso_session") == session_name:
                names.append(name)
        return names


def scopes_value(scopes):
    """``sso_registration_scopes`` as the AWS CLI writes it: comma-separated."""
    return ",".join(scopes)


def _scope_set(value):
    return sorted(set(s.strip() for s in (value or "").split(",") if s.strip()))


def same_scopes(a, b):
    """Whether two ``sso_registration_scopes`` values name the same scopes (order and spaces aside)."""
    return _scope_set(a) == _scope_set(b)


def apply_profile(text, profile, profile_values, session, session_values):
    """The config text with the profile and its sso-session set. Unchanged values keep their lines."""
    config = ConfigText(text)
    current_session = config.read(sso_session_section(session)) or {}
    if "sso_registration_scopes" in dict(session_values) and same_scopes(
            current_session.get("sso_registration_scopes"), dict(session_values)["sso_registration_scopes"]):
        session_values = [(k, current_session["sso_registration_scopes"] if k == "sso_registration_scopes" else v)
                          for k, v in session_values]
    config.set_values(profile_section(profile), profile_values)
    config.set_values(sso_session_section(session), session_values)
    return config.render()


def remove_profile(text, profile, session=None):
    """The config text without the profile, and without its sso-session unless another profile uses it.

    ``session`` names the sso-session to consider; by default the one the profile refers to.
    Returns ``(text, removed sections)``.
    """
    config = ConfigText(text)
    removed = []
    values = config.read(profile_section(profile))
    if values is not None:
        session = session or values.get("sso_session")
        config.remove_section(profile_section(profile))
        removed.append(profile_section(profile))
    if session and not config.profiles_using_session(session):
        if config.remove_section(sso_session_section(session)):
            removed.append(sso_session_section(session))
    return config.render(), removed
