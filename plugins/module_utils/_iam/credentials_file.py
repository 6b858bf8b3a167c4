# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWS shared credentials file (``~/.aws/credentials``): update one profile, keep the rest.

``configparser`` would lose comments and reorder nothing but rewrite everything, so the
file is edited line by line: only the keys of the one section change; other sections,
comments, blank lines and unknown keys stay as they are. The file is written atomically
(a temporary file in the same directory, then a rename) with mode 0600, so a secret never
sits in a world-readable file, not even for a moment.
"""

from __future__ import annotations

import os
import re
import tempfile

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError, ProtonCollectionError

# Keys that belong to one set of credentials: a stale session token next to new long-term keys
# would make botocore send the token with them and fail.
STALE_KEYS = ("aws_session_token", "aws_security_token")

_SECTION = re.compile(r"^\s*\[\s*(?P<name>[^\]]*?)\s*\]\s*(?:[#;].*)?$")
_KEY = re.compile(r"^(?P<indent>\s*)(?P<key>[^=:\s#;\[][^=:]*?)\s*[=:]")
_COMMENT = re.compile(r"^\s*[#;]")
_VALUE = re.compile(r"^[^=:]*[=:]\s*(?P<value>.*?)\s*$")


def check_profile_name(option, name):
    """A profile name that can be written as an INI section header."""
    if not name or name != name.strip() or any(c in name for c in "[]\r\n"):
        raise ParameterError(option, "must be a non-empty profile name without surrounding spaces, "
                                     "brackets or line breaks (got {0!r})".format(name))


def _sections(lines):
    """``[(name, header_index, end_index)]``: each section's header line and the index after its last line."""
    headers = []
    for index, line in enumerate(lines):
        match = _SECTION.match(line)
        if match:
            headers.append((match.group("name"), index))
    result = []
    for position, (name, index) in enumerate(headers):
        end = headers[position + 1][1] if position + 1 < len(headers) else len(lines)
        result.append((name, index, end))
    return result


def _entries(lines, start, end):
    """``[(key, first_index, end_index)]`` of the key lines in ``lines[start:end]``, continuations included."""
    entries = []
    index = start
    while index < end:
        line = lines[index]
        match = _KEY.match(line) if not _COMMENT.match(line) else None
        if not match:
            index += 1
            continue
        indent = len(match.group("indent").expandtabs())
        last = index + 1
        # configparser: a non-blank line indented deeper than its key continues that key's value.
        while last < end and lines[last].strip() and len(lines[last]) - len(lines[last].lstrip()) > indent \
                and not _COMMENT.match(lines[last]):
            last += 1
        entries.append((match.group("key").strip().lower(), index, last))
        index = last
    return entries


def parse_profile(text, profile):
    """The keys (lower case) and values of ``profile`` in credentials-file ``text``; None if there is no such section."""
    lines = text.splitlines()
    for name, header, end in _sections(lines):
        if name != profile:
            continue
        values = {}
        for key, first, _last in _entries(lines, header + 1, end):
            if key not in values:
                values[key] = _VALUE.match(lines[first]).group("value")
        return values
    return None


def update_text(text, profile, values, remove=STALE_KEYS):
    """``text`` with ``values`` set in section ``profile`` (created at the end if missing) and ``remove`` keys dropped."""
    for key, value in values.items():
        if any(c in str(value) for c in "\r\n"):
            raise ProtonCollectionError("credentials file value for {0} contains a line break".format(key))
    lines = text.splitlines()
    wanted = dict((k.lower(), str(v)) for k, v in values.items())
    remove = set(k.lower() for k in remove) - set(wanted)
    section = next(((header, end) for name, header, end in _sections(lines) if name == profile), None)
    if section is None:
        new = list(lines)
        while new and not new[-1].strip():
            new.pop()
        if new:
            new.append("")
        new.append("[{0}]".format(profile))
        new.extend("{0} = {1}".format(k, wanted[k]) for k in wanted)
        return "\n".join(new) + "\n"

    header, end = section
    body = lines[header + 1:end]
    entries = _entries(body, 0, len(body))
    seen = set()
    drop = set()
    replace = {}
    for key, first, last in entries:
        if key in wanted and key not in seen:
            seen.add(key)
            replace[first] = "{0} = {1}".format(key, wanted[key])
            drop.update(range(first + 1, last))
        elif key in wanted or key in remove:
            drop.update(range(first, last))
    new_body = []
    for index, line in enumerate(body):
        if index in drop:
            continue
        new_body.append(replace.get(index, line))
    missing = ["{0} = {1}".format(k, wanted[k]) for k in wanted if k not in seen]
    if missing:
        # After the section's last non-blank line, so trailing blank lines keep separating sections.
        insert_at = len(new_body)
        while insert_at > 0 and not new_body[insert_at - 1].strip():
            insert_at -= 1
        new_body[insert_at:insert_at] = missing
    result = lines[:header + 1] + new_body + lines[end:]
    return "\n".join(result) + "\n"


def read_text(path):
    """The file's text, or "" when it does not exist."""
    try:
        with open(path, "r") as handle:
            return handle.read()
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as e:
        raise ProtonCollectionError("Cannot read the credentials file {0}: {1}".format(path, e))


def write_text(path, text):
    """Atomically replace ``path`` with ``text``, mode 0600 (the directory is created with 0700 if missing)."""
    path = os.path.realpath(path)
    directory = os.path.dirname(path)
    try:
        if not os.path.isdir(directory):
            os.makedirs(directory, 0o700)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".{0}.".format(os.path.basename(path)))
    except OSError as e:
        raise ProtonCollectionError("Cannot write the credentials file {0}: {1}".format(path, e))
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as e:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise ProtonCollectionError("Cannot write the credentials file {0}: {1}".format(path, e))


def set_profile(path, profile, values, check_mode=False):
    """Set ``values`` in ``profile`` of the credentials file at ``path``; True when the file changes.

    In check mode nothing is written. An existing file with a looser mode is tightened to 0600.
    """
    current = read_text(path)
    updated = update_text(current, profile, values)
    loose = os.path.exists(path) and (os.stat(path).st_mode & 0o077) != 0
    if updated == current and not loose:
        return False
    if not check_mode:
        write_text(path, updated)
    return True
