"""Give ansible-test a pip bootstrap script that works offline.

ansible-test downloads get-pip-<version>.py from ci-files.testing.ansible.com, which
our machines cannot reach, to bootstrap pip in the virtualenvs it creates. It looks in
~/.ansible/test/cache/get_pip_<version>.py first. This writes a small script there that
does the same job with the venv's own ensurepip and then installs the requested
packages (pip==<version> and friends) from the package index we can reach.
"""

import os
import re
import sys
from pathlib import Path

import ansible_test

SHIM = '''\
"""get-pip replacement written by awsops.proton's scripts/install_get_pip_shim.py."""
import subprocess
import sys

# get-pip.py's own options are not pip options.
args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"])
subprocess.check_call([sys.executable, "-m", "pip", "install"] + args)
'''


def pip_version():
    source = Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py"
    match = re.search(r"pip='([0-9.]+)'", source.read_text())
    if not match:
        sys.exit("Cannot find the pip version ansible-test bootstraps in {0}".format(source))
    return match.group(1)


def main():
    version = pip_version()
    cache = Path(os.path.expanduser("~/.ansible/test/cache"))
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "get_pip_{0}.py".format(version.replace(".", "_"))
    if not path.exists() or path.read_text() != SHIM:
        path.write_text(SHIM)
    print("ansible-test pip bootstrap: {0}".format(path))


if __name__ == "__main__":
    main()
