"""Check the built collection tarball holds no emulator, virtualenv or build output, and its license."""

import json
import sys
import tarfile

FORBIDDEN = ("tests/emulator", ".venv", "build/", ".git/", "__pycache__", ".pytest_cache", "tests/output")
REQUIRED = ("MANIFEST.json", "FILES.json", "meta/runtime.yml", "README.md", "plugins/module_utils/_aws/client.py",
            "COPYING")
LICENSE_FIRST_LINE = "GNU GENERAL PUBLIC LICENSE"


def main(path):
    with tarfile.open(path) as tar:
        names = tar.getnames()
        bad = [n for n in names if any(n == f.rstrip("/") or n.startswith(f) or "/" + f in n for f in FORBIDDEN)]
        missing = [r for r in REQUIRED if r not in names]
        wrong = []
        if not missing:
            info = json.load(tar.extractfile("MANIFEST.json"))["collection_info"]
            if info.get("license_file") != "COPYING":
                wrong.append("MANIFEST.json's license_file is {0!r}, not 'COPYING'".format(info.get("license_file")))
            text = tar.extractfile("COPYING").read().decode("utf-8")
            if LICENSE_FIRST_LINE not in text.splitlines()[0] or "Version 3" not in text.splitlines()[1]:
                wrong.append("COPYING is not the GNU GPL version 3 text")
    for name in bad:
        print("{0}: must not contain {1}".format(path, name))
    for name in missing:
        print("{0}: missing {1}".format(path, name))
    for problem in wrong:
        print("{0}: {1}".format(path, problem))
    if bad or missing or wrong:
        sys.exit(1)
    print("{0}: ok, {1} entries, no emulator/venv/build output, the GPL-3.0 text as license_file (1 passed)".format(
        path, len(names)))


if __name__ == "__main__":
    main(sys.argv[1])
