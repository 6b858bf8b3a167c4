# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWS shared credentials file (``~/.aws/credentials``): update or remove one profile, keep the rest.

``configparser`` would lose comments and reorder nothing but rewrite everything, so the
file is edited line by line: only the keys of the one section change (or the section goes); other
sections, comments, blank lines, unknown keys and line endings stay as they are, byte for byte.
The file is written atomically (a temporary file in the same directory, then ``os.replace``) with
mode 0600, so a secret never sits in a world-readable file, not even for a moment.

A key creation in progress is announced in the profile by a marker comment (``mark_profile``), written
before CreateAccessKey and replaced by the key in the same atomic write (``set_profile``), so a run killed
in between leaves the marker, from which the next run tells the key whose secret was lost.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
from datetime import datetime, timezone

from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import ParameterError, ProtonCollectionError

# Keys that belong to one set of credentials: a stale session token next to new long-term keys
# would make botocore send the token with them and fail.
STALE_KEYS = ("aws_session_token", "aws_security_token")

_SECTION = re.compile(r"^\s*\[\s*(?P<name>[^\]]*?)\s*\]\s*(?:[#;].*)?$")
_KEY = re.compile(r"^(?P<indent>\s*)(?P<key>[^=:\s#;\[][^=:]*?)\s*[=:]")
_COMMENT = re.compile(r"^\s*[#;]")
_VALUE = re.compile(r"^[^=:]*[=:]\s*(?P<value>.*?)\s*$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+\Z")

MARKER_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_MARKER = re.compile(r"^\s*#\s*awsops\.proton: creating an access key for (?P<user>\S+) since "
                     r"(?P<since>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"
                     r"(?: \(pid (?P<pid>\d+) on (?P<host>[^\s;)]+)(?:; keys before: (?P<keys>none|\w+(?:, \w+)*))?\))?"
                     r"\s*$")


def check_profile_name(option, name):
    """A profile name that can be written as an INI section header."""
    if not name or name != name.strip() or any(c in name for c in "[]\r\n"):
        raise ParameterError(option, "must be a non-empty profile name without surrounding spaces, "
                                     "brackets or line breaks (got {0!r})".format(name))


def _split(text):
    """The lines of ``text``, each with its own line ending (the last one may have none)."""
    return _LINE.findall(text)


def _content(line):
    return line.rstrip("\r\n")


def _ending(line):
    return line[len(_content(line)):]


def _newline(lines):
    """The file's line ending (its first line's), for lines this module adds."""
    return next((_ending(line) for line in lines if _ending(line)), "\n")


def _sections(lines):
    """``[(name, header_index, end_index)]``: each section's header line and the index after its last line."""
    headers = []
    for index, line in enumerate(lines):
        match = _SECTION.match(_content(line))
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
        line = _content(lines[index])
        match = _KEY.match(line) if not _COMMENT.match(line) else None
        if not match:
            index += 1
            continue
        indent = len(match.group("indent").expandtabs())
        last = index + 1
        # configparser: a non-blank line indented deeper than its key continues that key's value.
        while last < end:
            following = _content(lines[last])
            if not following.strip() or len(following) - len(following.lstrip()) <= indent \
                    or _COMMENT.match(following):
                break
            last += 1
        entries.append((match.group("key").strip().lower(), index, last))
        index = last
    return entries


def _find(lines, profile):
    return next(((header, end) for name, header, end in _sections(lines) if name == profile), None)


def parse_profile(text, profile):
    """The keys (lower case) and values of ``profile`` in credentials-file ``text``; None if there is no such section."""
    lines = _split(text)
    header, end = _find(lines, profile) or (None, None)
    if header is None:
        return None
    values = {}
    for key, first, _last in _entries(lines, header + 1, end):
        if key not in values:
            values[key] = _VALUE.match(_content(lines[first])).group("value")
    return values


def this_host():
    """This host's name as a marker records it (one word)."""
    return (socket.gethostname() or "localhost").split()[0]


def marker_line(user_name, since, keys_before, pid=None, host=None):
    """The comment announcing that a key of ``user_name`` is being created since ``since`` (an aware
    datetime, written in UTC to the second) by process ``pid`` on ``host`` (default: this process), when the
    user had the keys ``keys_before`` (ids; the new key is none of them)."""
    pid = os.getpid() if pid is None else pid
    return "# awsops.proton: creating an access key for {0} since {1} (pid {2} on {3}; keys before: {4})".format(
        user_name, since.astimezone(timezone.utc).strftime(MARKER_TIME_FORMAT), pid, (host or this_host()).split()[0],
        ", ".join(keys_before) or "none")


def find_marker(text, profile):
    """The key-creation marker of section ``profile``: a dict of ``user_name``, ``since`` (an aware datetime),
    ``pid``, ``host`` and ``keys_before`` (a list of key ids), each None when not recorded; None when the
    section has none."""
    lines = _split(text)
    header, end = _find(lines, profile) or (None, None)
    if header is None:
        return None
    for line in lines[header + 1:end]:
        match = _MARKER.match(_content(line))
        if match:
            since = datetime.strptime(match.group("since"), MARKER_TIME_FORMAT).replace(tzinfo=timezone.utc)
            pid, keys = match.group("pid"), match.group("keys")
            return dict(user_name=match.group("user"), since=since, pid=int(pid) if pid else None,
                        host=match.group("host"),
                        keys_before=None if keys is None else [] if keys == "none" else keys.split(", "))
    return None


def mark_text(text, profile, line):
    """``text`` with the marker ``line`` as the first line of section ``profile`` (added at the end of the file
    when missing), replacing a marker already there. Every other line stays byte for byte (a header that
    ended the file without a line ending gets one)."""
    lines = _split(text)
    newline = _newline(lines)
    section = _find(lines, profile)
    if section is None:
        new = _terminated(list(lines), newline)
        if new and _content(new[-1]).strip():
            new.append(newline)
        return "".join(new + ["[{0}]{1}".format(profile, newline), line + newline])
    header, end = section
    body = [kept for kept in lines[header + 1:end] if not _MARKER.match(_content(kept))]
    return "".join(_terminated(lines[:header + 1], newline) + [line + newline] + body + lines[end:])


def unmark_text(text, profile):
    """``text`` without the key-creation marker of section ``profile`` (unchanged when it has none)."""
    lines = _split(text)
    section = _find(lines, profile)
    if section is None:
        return text
    header, end = section
    return "".join(lines[:header + 1] + [kept for kept in lines[header + 1:end]
                                         if not _MARKER.match(_content(kept))] + lines[end:])


def _terminated(lines, newline):
    """``lines`` with a line ending on the last one, so that lines can follow it."""
    if lines and not _ending(lines[-1]):
        lines[-1] += newline
    return lines


def update_text(text, profile, values, remove=STALE_KEYS):
    """``text`` with ``values`` set in section ``profile`` (created at the end if missing) and ``remove`` keys dropped.

    A key-creation marker in the section (``mark_text``) is dropped too. Every line this does not set or drop
    stays byte for byte, line endings included; new lines take the file's line ending.
    """
    for key, value in values.items():
        if any(c in str(value) for c in "\r\n"):
            raise ProtonCollectionError("credentials file value for {0} contains a line break".format(key))
    lines = _split(text)
    newline = _newline(lines)
    wanted = dict((k.lower(), str(v)) for k, v in values.items())
    remove = set(k.lower() for k in remove) - set(wanted)
    section = _find(lines, profile)
    if section is None:
        new = _terminated(list(lines), newline)
        if new and _content(new[-1]).strip():
            new.append(newline)  # a blank line between the last section and the new one
        new.append("[{0}]{1}".format(profile, newline))
        new.extend("{0} = {1}{2}".format(k, wanted[k], newline) for k in wanted)
        return "".join(new)

    header, end = section
    body = lines[header + 1:end]
    entries = _entries(body, 0, len(body))
    seen = set()
    # The key a marker announced is being written: the marker goes.
    drop = set(index for index, line in enumerate(body) if _MARKER.match(_content(line)))
    replace = {}
    for key, first, last in entries:
        if key in wanted and key not in seen:
            seen.add(key)
            # The key's last line ends the entry, so its ending is the one to keep.
            replace[first] = "{0} = {1}{2}".format(key, wanted[key], _ending(body[last - 1]))
            drop.update(range(first + 1, last))
        elif key in wanted or key in remove:
            drop.update(range(first, last))
    new_body = []
    for index, line in enumerate(body):
        if index in drop:
            continue
        new_body.append(replace.get(index, line))
    missing = ["{0} = {1}{2}".format(k, wanted[k], newline) for k in wanted if k not in seen]
    if missing:
        # After the section's last non-blank line, so trailing blank lines keep separating sections.
        insert_at = len(new_body)
        while insert_at > 0 and not _content(new_body[insert_at - 1]).strip():
            insert_at -= 1
        before = _terminated(lines[:header + 1] + new_body[:insert_at], newline)
        return "".join(before + missing + new_body[insert_at:] + lines[end:])
    return "".join(lines[:header + 1] + new_body + lines[end:])


def remove_section_text(text, profile):
    """``(text without the section profile, whether it was there)``.

    Removed: the section's header, its keys, its key-creation marker and the comments among them, and the blank
    lines after its last key (the separator). Kept byte for byte: every other line, comments after its last key
    included (they usually describe the next section). When the section was the file's last, the blank lines
    before its header go too, so the file does not end in a blank line.
    """
    lines = _split(text)
    section = _find(lines, profile)
    if section is None:
        return text, False
    header, end = section
    entries = _entries(lines, header + 1, end)
    markers = [index for index in range(header + 1, end) if _MARKER.match(_content(lines[index]))]
    stop = max([entries[-1][2] if entries else header + 1] + [index + 1 for index in markers])
    while stop < end and not _content(lines[stop]).strip():
        stop += 1
    start = header
    if stop == len(lines):
        while start > 0 and not _content(lines[start - 1]).strip():
            start -= 1
    return "".join(lines[:start] + lines[stop:]), True


def read_text(path):
    """The file's text, or "" when it does not exist."""
    try:
        with open(path, "r", newline="") as handle:  # line endings as they are
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
        with os.fdopen(fd, "w", newline="") as handle:
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


def mark_profile(path, profile, user_name, since, keys_before):
    """Write the key-creation marker (``marker_line``) into ``profile`` of the credentials file at ``path``,
    atomically, before the key is created."""
    write_text(path, mark_text(read_text(path), profile, marker_line(user_name, since, keys_before)))


def unmark_profile(path, profile, check_mode=False):
    """Remove the key-creation marker of ``profile``; True when there was one. In check mode nothing is written."""
    current = read_text(path)
    updated = unmark_text(current, profile)
    if updated == current:
        return False
    if not check_mode:
        write_text(path, updated)
    return True


def remove_profile(path, profile, check_mode=False):
    """Remove section ``profile`` from the credentials file at ``path``, keeping every other line byte for
    byte (see ``remove_section_text``); True when it was there. In check mode nothing is written.

    The file is replaced atomically with mode 0600; a file left with no section and nothing else is
    written empty, not deleted (other tools may expect it).
    """
    current = read_text(path)
    updated, found = remove_section_text(current, profile)
    if found and not check_mode:
        write_text(path, updated)
    return found
