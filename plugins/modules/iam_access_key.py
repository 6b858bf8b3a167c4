#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: iam_access_key
short_description: Keep an IAM user's access keys, rotate them, write them to a credentials file
version_added: 0.1.0
description:
  - Without O(id), keeps O(active_keys) active access keys for the IAM user O(user_name), creating a key
    only when fewer are active, so a rerun does not create another key.
  - With O(rotate=true), creates a new key and then deactivates or deletes (O(rotate_old_key)) the key it
    replaces.
  - IAM allows two access keys per user. When a new key needs room, the oldest inactive key is deleted
    first, then the oldest key that is being rotated out.
  - With O(id), manages that one key instead, activating or deactivating it (O(active)) or deleting it
    (O(state=absent)).
  - AWS shows a secret access key only once, when the key is created. The module returns it then in
    RV(secret_access_key), or, with O(credentials_file), writes it to that AWS shared credentials file
    instead and returns it nowhere.
  - With O(credentials_file), every run checks that the profile O(credentials_profile) holds an active key of
    the user (its C(aws_access_key_id) is compared with the ids IAM lists; the secret is never read back).
    When it does not (the file or the profile is missing, or it holds a key id the user does not have), the
    module creates a new key, writes it to the profile, and then retires the user's other active keys as
    O(rotate_old_key) says, reporting C(changed). In that order, so a run stopped half-way never leaves the
    user without a working key, and the next run converges (the profile then holds the new key, which is
    kept; the other active keys are retired).
  - >-
    Before creating the key for O(credentials_file), the module writes a marker comment into the profile,
    C(# awsops.proton: creating an access key for USER since TIME), followed by the process id, the host and the
    user's key ids at that time; atomically, keeping every other byte of the file. The write of the new key
    replaces it. A run killed after CreateAccessKey and before that write leaves the marker. The next run
    deletes, before anything else, the user's keys that are not among those ids, not in the profile, and were
    created from 5 minutes before to 15 minutes after the marker's time (the margin covers clock skew, which
    SigV4 limits to 5 minutes, and the create's retries): their secret was never stored, so nobody can use them.
    It then goes on as usual, so the rerun ends with the profile holding one working key and IAM holding only
    that key. A marker with nothing left to create is removed. While the process that wrote the marker still
    runs on this host, the module fails naming O(credentials_file) instead of touching the keys.
  - When the user already has two keys (IAM's limit), the profile holds neither, and making room would
    delete an active key, the module fails naming O(credentials_file) before any write, as it cannot tell which
    key is still in use elsewhere. Delete the key no longer used, or restore the profile, and run again.
    An inactive key is deleted to make room, as without O(credentials_file).
  - With O(state=absent) and O(credentials_file) (no O(id)), deletes the key the profile holds, if it is
    the user's, and removes the profile from the file.
  - Long-term access keys are not the recommended way for people to use AWS; prefer IAM Identity Center.
author:
  - awsops.proton maintainers (@awsops)
options:
  user_name:
    description:
      - The IAM user the keys belong to. The user must exist.
    type: str
    required: true
    aliases: [user, username]
  id:
    description:
      - The id of one access key of the user, to activate, deactivate (O(active)) or delete
        (O(state=absent)) it.
      - O(state=absent) needs O(id) or O(credentials_file). Mutually exclusive with O(active_keys),
        O(rotate) and O(credentials_file).
    type: str
    aliases: [access_key_id]
  active:
    description:
      - With O(id), whether the key is active (V(true)) or inactive (V(false)). Not set leaves the key's
        status as it is.
    type: bool
    aliases: [enabled]
  active_keys:
    description:
      - How many active access keys the user keeps, 1 or 2. Defaults to 1 when O(id) is not set.
      - When fewer keys are active, new keys are created. When more are active, the oldest are
        deactivated or deleted as O(rotate_old_key) says.
      - Inactive keys are left alone unless their room is needed for a new key.
    type: int
  rotate:
    description:
      - Create a new access key now and retire the oldest active key it replaces (with O(active_keys=1),
        every previously active key), as O(rotate_old_key) says.
      - Every run with V(true) rotates again, so use it on demand (for example from a rotation playbook
        or with a C(when) condition), not in a playbook that runs repeatedly.
    type: bool
    default: false
  rotate_old_key:
    description:
      - What happens to an active key that is rotated out or is over O(active_keys). V(deactivate) keeps
        it, inactive, so it can be reactivated if something still needs it; V(delete) removes it.
    type: str
    choices: [deactivate, delete]
    default: deactivate
  credentials_file:
    description:
      - An AWS shared credentials file (for example C(~/.aws/credentials)) on the host that runs the module,
        whose profile O(credentials_profile) holds the user's one active key. Only that section changes (its
        C(aws_access_key_id) and C(aws_secret_access_key) are set and a stale C(aws_session_token) is
        removed); other sections, keys, comments, blank lines and line endings stay byte for byte.
      - The file is replaced atomically (a temporary file in the same directory, then a rename) with mode
        0600; a missing directory is created with mode 0700.
      - When set, the secret is written only to this file and is not returned.
      - The file is written only when a key is created, which happens when the profile does not hold an
        active key of the user (see the description) or with O(rotate=true). Active keys the profile does
        not hold are retired as O(rotate_old_key) says; the C(awsops.proton.admin_user) role deletes them.
      - With O(state=absent), the profile is removed (see O(state)), with the marker of an interrupted key
        creation; the key that creation left behind is deleted too.
      - Holds one key, so O(active_keys) must be 1.
    type: path
  credentials_profile:
    description:
      - The section (profile) of O(credentials_file) to write. Defaults to O(user_name).
    type: str
  state:
    description:
      - V(present) keeps the keys as described above.
      - V(absent) deletes the key O(id); or, with O(credentials_file), deletes the key the profile
        O(credentials_profile) holds when it is one of the user's (also when the user no longer exists, the
        profile is removed), and removes the profile's section from the file, keeping every other line byte
        for byte.
    type: str
    choices: [present, absent]
    default: present
  variable_names:
    description:
      - >-
        Names under which to report options in error messages, as a dict of option to name, for example
        C({"credentials_file": "admin_user_credentials_file"}). Options not listed are reported under their
        own name. A role passes its own variable names, so a message names what the user set.
    type: dict
    default: {}
extends_documentation_fragment:
  - awsops.proton.common
  - awsops.proton.attributes
  - awsops.proton.attributes.resource
attributes:
  idempotent:
    support: partial
    details:
      - Idempotent, except with O(rotate=true), which rotates the keys on every run by design.
notes:
  - Ansible hides a module's return values only when they equal a C(no_log) option's value, which a
    new secret is not. Without O(credentials_file), the new secret appears in the task result, so set
    C(no_log) on the task (and keep the registered variable out of logs), or better, use
    O(credentials_file).
  - Check mode makes no write call; a key it predicts has a null RV(access_key.access_key_id). The
    credentials file is not written in check mode; RV(credentials_file.changed) says whether it would be.
  - The diff shows key ids and statuses, and the key id the profile holds before and after, never a secret.
  - A new access key can take a few seconds before AWS accepts it.
  - With O(credentials_file), a key of the user created by someone else for another use within the 20 minutes
    around an interrupted run's marker (after the marker was written), and not in the profile, is taken for that
    run's orphan and deleted on the next run (with a warning naming it). Check mode reports that deletion, and
    the marker's removal, without writing.
seealso:
  - module: amazon.aws.iam_access_key
"""

EXAMPLES = r"""
- name: One active access key for the admin user, written to ~/.aws/credentials as profile proton-admin
  awsops.proton.iam_access_key:
    user_name: proton-admin
    credentials_file: ~/.aws/credentials
    credentials_profile: proton-admin

- name: Rotate it on demand; the old key is deactivated and kept for a rollback
  awsops.proton.iam_access_key:
    user_name: proton-admin
    rotate: true
    credentials_file: ~/.aws/credentials
    credentials_profile: proton-admin
  when: rotate_keys | default(false) | bool

- name: Create a key and get the secret back (once); keep it out of the logs
  awsops.proton.iam_access_key:
    user_name: ci-deployer
  register: ci_key
  no_log: true

- name: Deactivate a key by id
  awsops.proton.iam_access_key:
    user_name: proton-admin
    id: AKIAIOSFODNN7EXAMPLE
    active: false

- name: Delete a key by id
  awsops.proton.iam_access_key:
    user_name: proton-admin
    id: AKIAIOSFODNN7EXAMPLE
    state: absent

- name: Delete the key the proton-admin profile holds and remove the profile from ~/.aws/credentials
  awsops.proton.iam_access_key:
    user_name: proton-admin
    credentials_file: ~/.aws/credentials
    credentials_profile: proton-admin
    state: absent
"""

RETURN = r"""
access_key:
  description:
    - The key created in this run (the newest one when two were created), else the key O(id), else the
      user's newest active key. Empty when there is none, or the key O(id) was deleted.
  returned: always
  type: dict
  contains:
    access_key_id:
      description: The key's id; null in check mode for a key that would be created.
      type: str
      sample: AKIAIOSFODNN7EXAMPLE
    status:
      description: V(Active) or V(Inactive).
      type: str
      sample: Active
    create_date:
      description: When the key was created (ISO 8601); null in check mode for a key that would be created.
      type: str
      sample: "2024-05-01T12:00:00+00:00"
    user_name:
      description: The user the key belongs to.
      type: str
      sample: proton-admin
access_keys:
  description:
    - All access keys of the user after the task (predicted in check mode), oldest first.
    - Keys created in this run carry their C(secret_access_key) unless O(credentials_file) is set.
  returned: always
  type: list
  elements: dict
  sample: [{"access_key_id": "AKIAIOSFODNN7EXAMPLE", "status": "Inactive", "create_date": "2024-05-01T12:00:00+00:00",
            "user_name": "proton-admin"}]
secret_access_key:
  description:
    - The secret of the key in RV(access_key), only in the run that created it and only when
      O(credentials_file) is not set. AWS never shows it again.
    - Sensitive. See the notes on C(no_log).
  returned: when a key was created and O(credentials_file) is not set
  type: str
  sample: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
credentials_file:
  description: Where the new key was written (or, in check mode, would be written), or the profile removed.
  returned: when O(credentials_file) is set
  type: dict
  contains:
    path:
      description: The credentials file.
      type: str
      sample: /home/admin/.aws/credentials
    profile:
      description: The profile (section) written.
      type: str
      sample: proton-admin
    access_key_id:
      description: The key id the profile holds after the task; null when unknown (check mode, new key)
        or with O(state=absent).
      type: str
      sample: AKIAIOSFODNN7EXAMPLE
    changed:
      description: Whether the file was (or would be) written.
      type: bool
      sample: true
"""

import os
import re
from datetime import datetime, timedelta, timezone

from ansible_collections.awsops.proton.plugins.module_utils._iam import credentials_file as cred_file
from ansible_collections.awsops.proton.plugins.module_utils._iam import entities as iam
from ansible_collections.awsops.proton.plugins.module_utils._aws import validation
from ansible_collections.awsops.proton.plugins.module_utils._aws.errors import AWSAPIError, ParameterError
from ansible_collections.awsops.proton.plugins.module_utils._aws.modules import AWSModule

KEYS_PER_USER = 2  # IAM's quota
ACCESS_KEY_ID_PATTERN = re.compile(r"^\w{16,128}\Z", re.ASCII)
ACTIVE = "Active"
INACTIVE = "Inactive"
# A key of the user created in [marker - BEFORE, marker + AFTER] and not in the profile is the orphan of an
# interrupted run. SigV4 refuses a request signed more than 5 minutes off AWS's clock, so the marker's time (this
# host's clock) and the key's CreateDate (AWS's) differ by at most that much plus the time CreateAccessKey took
# with its retries (well under 10 minutes).
ORPHAN_BEFORE = timedelta(minutes=5)
ORPHAN_AFTER = timedelta(minutes=15)


def validate(params):
    """Every input, before any API call (the credentials file is read and checked here too)."""
    validation.check_name("user_name", params["user_name"], validation.USER_NAME_MAX)
    if params["id"] is not None and not ACCESS_KEY_ID_PATTERN.match(params["id"]):
        raise ParameterError("id", "must be an access key id: 16 to 128 letters and digits, such as "
                                   "AKIAIOSFODNN7EXAMPLE (got {0!r})".format(params["id"]))
    validation.check_range("active_keys", params["active_keys"], 1, KEYS_PER_USER)
    if params["credentials_file"]:
        if (params["active_keys"] or 1) != 1:
            raise ParameterError("active_keys", "must be 1 with credentials_file, which holds one key "
                                                "(got {0})".format(params["active_keys"]))
        cred_file.check_profile_name("credentials_profile", profile_name(params))
        check_writable("credentials_file", params["credentials_file"])
        cred_file.read_text(params["credentials_file"])


def profile_name(params):
    return params["credentials_profile"] if params["credentials_profile"] is not None else params["user_name"]


def check_writable(option, path):
    """The file, or the nearest existing directory above it, must be writable by us."""
    if os.path.isdir(path):
        raise ParameterError(option, "{0} is a directory, not a file".format(path))
    if os.path.exists(path):
        if not os.access(path, os.R_OK | os.W_OK):
            raise ParameterError(option, "{0} is not readable and writable".format(path))
        return
    parent = os.path.dirname(os.path.abspath(path))
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent) or not os.access(parent, os.W_OK | os.X_OK):
        raise ParameterError(option, "cannot create {0}: {1} is not a writable directory".format(path, parent))


# ---------------------------------------------------------------- reading


def key_state(raw, user_name):
    return dict(access_key_id=raw.get("AccessKeyId"), status=raw.get("Status"),
                create_date=iam.format_date(raw.get("CreateDate")), user_name=raw.get("UserName") or user_name)


def sort_key(key):
    # Predicted keys (no date yet) are the newest.
    return (key["create_date"] is None, key["create_date"] or "", key["access_key_id"] or "")


def read_keys(client, user_name):
    """The user's keys, oldest first; None when the user does not exist."""
    try:
        raw = client.paginate("ListAccessKeys", "AccessKeyMetadata", UserName=user_name)
    except AWSAPIError as e:
        if e.is_code("NoSuchEntity"):
            return None
        raise
    return sorted((key_state(k, user_name) for k in raw), key=sort_key)


# ---------------------------------------------------------------- planning (pure)


def plan_keys(keys, wanted_active, rotate, file_mode=False, held=None):
    """``(to_free, to_create, to_retire)``.

    ``to_free``: key ids to delete before creating, to stay within IAM's two keys per user;
    ``to_create``: how many keys to create; ``to_retire``: active key ids to deactivate or
    delete (``old_key_action``) after the new keys exist.

    With a credentials file (``file_mode``), the one active key kept is the one the file holds
    (``held``); when it holds none of the user's active keys, a new key is created for it and the
    active keys it does not hold are retired. The key the file holds is freed last.
    """
    active = [k["access_key_id"] for k in keys if k["status"] == ACTIVE]
    inactive = [k["access_key_id"] for k in keys if k["status"] != ACTIVE]
    if file_mode:
        keep = [held] if held in active and not rotate else []
    else:
        keep_count = min(len(active), wanted_active - 1) if rotate else min(len(active), wanted_active)
        keep = active[len(active) - keep_count:] if keep_count else []
    retire = [key_id for key_id in active if key_id not in keep]
    to_create = wanted_active - len(keep)
    to_free = []
    over = len(keys) + to_create - KEYS_PER_USER
    # Oldest inactive keys first, then keys leaving service anyway (the one the file holds last).
    for key_id in inactive + sorted(retire, key=lambda key_id: key_id == held):
        if over <= 0:
            break
        to_free.append(key_id)
        over -= 1
    to_retire = [key_id for key_id in retire if key_id not in to_free]
    return to_free, to_create, to_retire


def parse_date(value):
    """An ISO 8601 date (as ``key_state`` formats it) as an aware datetime; None when it is not one."""
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return None
    if not isinstance(parsed, datetime):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def marker_alive(marker, host=None, pid_alive=None):
    """Whether the run that wrote ``marker`` still runs: its pid is alive on this host."""
    if not marker or marker["pid"] is None or marker["host"] != (host or cred_file.this_host()):
        return False
    return (pid_alive or _pid_alive)(marker["pid"])


def _pid_alive(pid):
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def orphan_keys(keys, marker, held, user_name):
    """The key ids an interrupted run created for the profile and never wrote to it.

    ``marker`` (``credentials_file.find_marker``) says a run began creating a key of ``user_name`` at
    ``since``, when the user had the keys ``keys_before``; its write of the key would have removed the marker.
    A key of the user that is none of those, was created within [since - ORPHAN_BEFORE, since + ORPHAN_AFTER]
    and that the profile does not hold is therefore that key: its secret was never stored, so nobody can use it.
    """
    if not marker or marker["user_name"] != user_name:
        return []
    start, stop = marker["since"] - ORPHAN_BEFORE, marker["since"] + ORPHAN_AFTER
    before = set(marker.get("keys_before") or ())
    orphans = []
    for key in keys:
        created = parse_date(key["create_date"])
        if key["access_key_id"] not in before and key["access_key_id"] != held and created is not None \
                and start <= created <= stop:
            orphans.append(key["access_key_id"])
    return orphans


def check_marker(marker, location, names, host=None, pid_alive=None):
    """Refuse to touch keys while the run that wrote ``marker`` is still creating one."""
    if marker_alive(marker, host, pid_alive):
        raise ParameterError(names("credentials_file"), (
            "another run (pid {pid} on {host}) has been creating an access key for {user} in the profile {profile} "
            "of {path} since {since} and is still running. Run again when it has finished.").format(
                pid=marker["pid"], host=marker["host"], user=marker["user_name"], profile=location["profile"],
                path=location["path"], since=marker["since"].strftime("%Y-%m-%dT%H:%M:%SZ")))


def check_room(keys, to_free, held, user_name, location, names):
    """Refuse to delete an active key to make room for the file's new one: the file holds none of the user's
    keys, so nothing tells which of them is in use elsewhere."""
    freed_active = [k for k in keys if k["access_key_id"] in to_free and k["status"] == ACTIVE]
    if not freed_active:
        return
    raise ParameterError(names("credentials_file"), (
        "the profile {profile} in {path} {holds}, and the user {user} already has {count} access keys (IAM's "
        "limit), none of them in the file: {keys}. A new key cannot be created without deleting an active key "
        "that may be in use elsewhere. Delete the key that is no longer used (aws iam delete-access-key "
        "--user-name {user} --access-key-id ID), or restore the file's profile with the key it held, then run "
        "again.").format(
            profile=location["profile"], path=location["path"], user=user_name, count=len(keys),
            holds="holds " + held + ", which is not an active key of the user" if held else "holds no access key",
            keys=", ".join("{0} ({1}, created {2})".format(k["access_key_id"], k["status"], k["create_date"])
                           for k in keys)))


def predict(keys, to_free, to_create, to_retire, old_key_action, user_name):
    after = []
    for key in keys:
        if key["access_key_id"] in to_free:
            continue
        if key["access_key_id"] in to_retire:
            if old_key_action == "delete":
                continue
            key = dict(key, status=INACTIVE)
        after.append(key)
    new = [dict(access_key_id=None, status=ACTIVE, create_date=None, user_name=user_name) for dummy in range(to_create)]
    return after + new


def summary(keys):
    return [dict(access_key_id=k["access_key_id"], status=k["status"]) for k in keys]


# ---------------------------------------------------------------- present, without id


def write_credentials(client, params, created):
    """Write the newest created key to the credentials file; if that fails, delete the key (its secret
    would be lost) and fail."""
    values = dict(aws_access_key_id=created["access_key_id"], aws_secret_access_key=created["secret"])
    try:
        return cred_file.set_profile(params["credentials_file"], profile_name(params), values)
    except Exception:
        iam.call_write(client, "DeleteAccessKey", dict(UserName=params["user_name"],
                                                       AccessKeyId=created["access_key_id"]))
        raise


def held_key_id(params):
    """The access key id the credentials file's profile holds now, or None."""
    text = cred_file.read_text(params["credentials_file"])
    return (cred_file.parse_profile(text, profile_name(params)) or {}).get("aws_access_key_id")


def pick_access_key(after, created):
    """The key created in this run (or predicted), else the newest active key, else {}."""
    if created:
        return next(k for k in after if k["access_key_id"] == created[-1]["access_key_id"])
    predicted = [k for k in after if k["access_key_id"] is None]
    active = [k for k in after if k["status"] == ACTIVE]
    return (predicted or active or [{}])[-1]


def ensure_keys(module, client, params, keys, names):
    """``(changed, result, credentials file diff before, after)`` for state present without ``id``."""
    user_name = params["user_name"]
    old_key_action = params["rotate_old_key"]
    file_mode = bool(params["credentials_file"])
    location = dict(path=params["credentials_file"], profile=profile_name(params)) if file_mode else None
    held_before = held_key_id(params) if file_mode else None
    marker = cred_file.find_marker(cred_file.read_text(params["credentials_file"]), location["profile"]) \
        if file_mode else None
    if file_mode:
        check_marker(marker, location, names)
    orphans = orphan_keys(keys, marker, held_before, user_name)
    if orphans:
        module.warn("{0} the access key {1} of {2}: an interrupted run created it for the profile {3} of {4} "
                    "(marked since {5}) and never wrote its secret there, so nobody can use it.".format(
                        "Would delete" if module.check_mode else "Deleting", ", ".join(orphans), user_name,
                        location["profile"], location["path"], marker["since"].strftime("%Y-%m-%dT%H:%M:%SZ")))
    keys = [k for k in keys if k["access_key_id"] not in orphans]
    to_free, to_create, to_retire = plan_keys(keys, params["active_keys"] or 1, params["rotate"],
                                              file_mode=file_mode, held=held_before)
    if file_mode and not params["rotate"]:
        check_room(keys, to_free, held_before, user_name, location, names)
    freed_active = [k["access_key_id"] for k in keys if k["access_key_id"] in to_free and k["status"] == ACTIVE]
    if freed_active and old_key_action == "deactivate":
        module.warn("IAM allows {0} access keys per user, so the rotated-out key {1} is deleted instead of "
                    "deactivated.".format(KEYS_PER_USER, ", ".join(freed_active)))
    # A marker with nothing to create (the orphan was the only trouble) is removed on its own.
    unmark = bool(marker) and not to_create
    changed = bool(orphans or to_free or to_create or to_retire or unmark)
    after = predict(keys, to_free, to_create, to_retire, old_key_action, user_name)
    created = []
    file_changed = unmark
    if changed and not module.check_mode:
        for key_id in orphans + to_free:
            iam.call_write(client, "DeleteAccessKey", dict(UserName=user_name, AccessKeyId=key_id))
        if to_create and file_mode:
            # Before the create: a run killed before the key reaches the file leaves this marker behind.
            cred_file.mark_profile(params["credentials_file"], location["profile"], user_name,
                                   datetime.now(timezone.utc),
                                   [k["access_key_id"] for k in keys if k["access_key_id"] not in to_free])
        if unmark:
            file_changed = cred_file.unmark_profile(params["credentials_file"], location["profile"])
        for dummy in range(to_create):
            raw = iam.call_write(client, "CreateAccessKey", dict(UserName=user_name))["AccessKey"]
            created.append(dict(key_state(raw, user_name), secret=raw["SecretAccessKey"]))
        if created and params["credentials_file"]:
            file_changed = write_credentials(client, params, created[-1])
        for key_id in to_retire:
            if old_key_action == "delete":
                iam.call_write(client, "DeleteAccessKey", dict(UserName=user_name, AccessKeyId=key_id))
            else:
                iam.call_write(client, "UpdateAccessKey", dict(UserName=user_name, AccessKeyId=key_id,
                                                               Status=INACTIVE))
        public = [dict((f, c[f]) for f in ("access_key_id", "status", "create_date", "user_name")) for c in created]
        after = sorted([k for k in after if k["access_key_id"] is not None] + public, key=sort_key)
    result = dict(access_key=pick_access_key(after, created), access_keys=after)
    if created and not params["credentials_file"]:
        secrets = dict((c["access_key_id"], c["secret"]) for c in created)
        result["secret_access_key"] = created[-1]["secret"]
        result["access_keys"] = [dict(k, secret_access_key=secrets[k["access_key_id"]])
                                 if k["access_key_id"] in secrets else k for k in after]
    file_before = file_after = None
    if file_mode:
        if created:
            held_after = created[-1]["access_key_id"]
        elif to_create:  # check mode: a new key would be written
            held_after, file_changed = None, True
        else:
            held_after = held_before
        result["credentials_file"] = dict(location, access_key_id=held_after, changed=file_changed)
        file_before = dict(location, access_key_id=held_before)
        file_after = dict(location, access_key_id=held_after)
    return changed, result, file_before, file_after


# ---------------------------------------------------------------- one key, by id


def ensure_key_by_id(module, client, params, keys):
    user_name, key_id = params["user_name"], params["id"]
    key = next((k for k in keys if k["access_key_id"] == key_id), None)
    if params["state"] == "absent":
        if key is None:
            return False, dict(access_key={}, access_keys=keys)
        if not module.check_mode:
            iam.call_write(client, "DeleteAccessKey", dict(UserName=user_name, AccessKeyId=key_id))
        return True, dict(access_key={}, access_keys=[k for k in keys if k["access_key_id"] != key_id])
    if key is None:
        raise ParameterError("id", "the user {0} has no access key {1} (it has: {2})".format(
            user_name, key_id, ", ".join(k["access_key_id"] for k in keys) or "none"))
    wanted = None if params["active"] is None else (ACTIVE if params["active"] else INACTIVE)
    if wanted is None or wanted == key["status"]:
        return False, dict(access_key=key, access_keys=keys)
    if not module.check_mode:
        iam.call_write(client, "UpdateAccessKey", dict(UserName=user_name, AccessKeyId=key_id, Status=wanted))
    updated = dict(key, status=wanted)
    return True, dict(access_key=updated,
                      access_keys=[updated if k["access_key_id"] == key_id else k for k in keys])


# ---------------------------------------------------------------- absent, with the credentials file


def remove_credentials(module, client, params, keys, names):
    """Delete the key the profile holds (when it is the user's), then remove the profile from the file.

    ``(changed, result, credentials file diff before, after)``. In that order, so that a run stopped in
    between leaves a profile holding a dead key, which the next run removes.
    """
    user_name = params["user_name"]
    location = dict(path=params["credentials_file"], profile=profile_name(params))
    section = cred_file.parse_profile(cred_file.read_text(params["credentials_file"]), location["profile"])
    in_file = section is not None
    held = (section or {}).get("aws_access_key_id")
    keys = keys or []
    marker = cred_file.find_marker(cred_file.read_text(params["credentials_file"]), location["profile"])
    check_marker(marker, location, names)
    doomed = [held] if held in [k["access_key_id"] for k in keys] else []
    # The key an interrupted run created for the profile goes with it (its secret never reached the file).
    doomed += orphan_keys(keys, marker, held, user_name)
    if not module.check_mode:
        for key_id in doomed:
            iam.call_write(client, "DeleteAccessKey", dict(UserName=user_name, AccessKeyId=key_id))
    if in_file:
        cred_file.remove_profile(params["credentials_file"], location["profile"], check_mode=module.check_mode)
    after = [k for k in keys if k["access_key_id"] not in doomed]
    result = dict(access_key={}, access_keys=after,
                  credentials_file=dict(location, access_key_id=None, changed=in_file))
    file_before = dict(location, access_key_id=held) if in_file else {}
    return bool(doomed or in_file), result, file_before, {}


def variable_namer(variable_names):
    """``names(option)``: the name ``variable_names`` gives ``option``, else the option itself."""
    variable_names = variable_names or {}
    return lambda option: variable_names.get(option, option)


def run(module):
    names = variable_namer(module.params["variable_names"])
    try:
        return converge(module, names)
    except ParameterError as e:
        if names(e.option) == e.option:
            raise
        raise ParameterError(names(e.option), e.rule)


def converge(module, names):
    params = module.params
    validate(params)
    client = module.client("iam")
    user_name = params["user_name"]
    keys = read_keys(client, user_name)
    absent_from_file = params["state"] == "absent" and params["id"] is None
    if keys is None and not absent_from_file:
        if params["state"] == "absent":
            return module.result(False, before={}, after={}, access_key={}, access_keys=[])
        raise ParameterError("user_name", "the IAM user {0} does not exist".format(user_name))
    file_before = file_after = None
    if absent_from_file:
        changed, result, file_before, file_after = remove_credentials(module, client, params, keys, names)
    elif params["id"] is not None:
        changed, result = ensure_key_by_id(module, client, params, keys)
    else:
        changed, result, file_before, file_after = ensure_keys(module, client, params, keys, names)
    keys = keys or []
    before = dict(user_name=user_name, access_keys=summary(keys))
    after = dict(user_name=user_name, access_keys=summary(result["access_keys"]))
    if file_before is not None:
        before["credentials_file"], after["credentials_file"] = file_before, file_after
    return module.result(changed, before=before, after=after, **result)


def main():
    argument_spec = dict(
        user_name=dict(type="str", required=True, aliases=["user", "username"]),
        id=dict(type="str", aliases=["access_key_id"]),
        active=dict(type="bool", aliases=["enabled"]),
        active_keys=dict(type="int", no_log=False),
        rotate=dict(type="bool", default=False),
        rotate_old_key=dict(type="str", choices=["deactivate", "delete"], default="deactivate"),
        credentials_file=dict(type="path"),
        credentials_profile=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        variable_names=dict(type="dict", default={}),
    )
    module = AWSModule(
        argument_spec,
        supports_check_mode=True,
        required_if=[("state", "absent", ["id", "credentials_file"], True)],
        mutually_exclusive=[("id", "active_keys"), ("id", "rotate"), ("id", "credentials_file")],
        required_by={"active": "id", "credentials_profile": "credentials_file"},
    )
    module.run(lambda: run(module))


if __name__ == "__main__":
    main()
