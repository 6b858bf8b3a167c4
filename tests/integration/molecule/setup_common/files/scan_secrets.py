# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Find which files hold a secret, without ever printing the secret (tests only).

Usage: SCAN_SECRETS='{"password": "...", "secret_key": "..."}' python scan_secrets.py [--allow NAME=FILE]... PATH...
Reads every file under each PATH (directories recursively; unreadable files and sockets are skipped) and prints
JSON {"files": N, "found": [{"secret": NAME, "file": PATH}, ...]}: where a secret's value occurs, except in the
files --allow lets it be in (for example the credentials file that is meant to hold the secret key).
"""

from __future__ import annotations

import json
import os
import sys


def files_under(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
        for root, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                full = os.path.join(root, name)
                if os.path.isfile(full) and not os.path.islink(full):
                    yield full


def main(argv):
    secrets = dict((name, value.encode("utf-8")) for name, value in json.loads(os.environ["SCAN_SECRETS"]).items())
    if not all(secrets.values()):
        sys.exit("scan_secrets: an empty secret cannot be searched for")
    allowed, paths = set(), []
    args = iter(argv)
    for arg in args:
        if arg == "--allow":
            name, _sep, path = next(args).partition("=")
            allowed.add((name, os.path.realpath(path)))
        else:
            paths.append(arg)
    found, count = [], 0
    for path in files_under(paths):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        count += 1
        for name, value in sorted(secrets.items()):
            if value in data and (name, os.path.realpath(path)) not in allowed:
                found.append(dict(secret=name, file=path))
    print(json.dumps(dict(files=count, found=found)))


if __name__ == "__main__":
    main(sys.argv[1:])
