"""Regenerate plugins/module_utils/_iam/service_prefixes.py from the installed botocore's service models.

    .venv/bin/python scripts/update_iam_service_prefixes.py

The derivation itself is proton_roles.derive_service_prefixes (which the modules also use, at run
time, for services newer than the table); this script only writes its result down, so a module
does not read every service model on each run.
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "plugins" / "module_utils" / "_iam" / "service_prefixes.py"

HEADER = '''# -*- coding: utf-8 -*-
# Copyright: Contributors to the awsops.proton collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM service prefixes derived from botocore's service models. Generated: do not edit.

Regenerate with ``scripts/update_iam_service_prefixes.py``; the derivation is
``proton_roles.derive_service_prefixes`` (service names, endpoint prefixes, signing names and
endpoints.json service keys shaped like an IAM prefix).
"""

from __future__ import annotations

GENERATED_WITH_BOTOCORE = "{version}"

SERVICE_PREFIXES = frozenset((
{names}
))
'''


def main():
    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp) / "ansible_collections" / "awsops"
        link.mkdir(parents=True)
        os.symlink(str(ROOT), str(link / "proton"))
        sys.path.insert(0, tmp)
        import botocore
        from ansible_collections.awsops.proton.plugins.module_utils._proton.role_policies import derive_service_prefixes
        names = sorted(derive_service_prefixes())
    lines = []
    line = "   "
    for name in names:
        item = ' "{0}",'.format(name)
        if len(line) + len(item) > 110:
            lines.append(line)
            line = "   "
        line += item
    lines.append(line)
    TARGET.write_text(HEADER.format(version=botocore.__version__, names="\n".join(lines)))
    print("{0}: {1} prefixes from botocore {2}".format(TARGET.relative_to(ROOT), len(names), botocore.__version__))


if __name__ == "__main__":
    main()
