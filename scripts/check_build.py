"""Check the built collection tarball holds no emulator, virtualenv or build output."""

import sys
import tarfile

FORBIDDEN = ("tests/emulator", ".venv", "build/", ".git/", "__pycache__", ".pytest_cache", "tests/output")
REQUIRED = ("MANIFEST.json", "FILES.json", "meta/runtime.yml", "README.md", "plugins/module_utils/_aws/client.py")


def main(path):
    with tarfile.open(path) as tar:
        names = tar.getnames()
    bad = [n for n in names if any(n == f.rstrip("/") or n.startswith(f) or "/" + f in n for f in FORBIDDEN)]
    missing = [r for r in REQUIRED if r not in names]
    for name in bad:
        print("{0}: must not contain {1}".format(path, name))
    for name in missing:
        print("{0}: missing {1}".format(path, name))
    if bad or missing:
        sys.exit(1)
    print("{0}: ok, {1} entries, no emulator/venv/build output (1 passed)".format(path, len(names)))


if __name__ == "__main__":
    main(sys.argv[1])
