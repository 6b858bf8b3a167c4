"""Check the built collection tarball: Galaxy's own importer first, then what the importer does not check.

    check_build.py --importer-python build/venv-importer/bin/python build/dist/awsops-proton-X.Y.Z.tar.gz

1. galaxy-importer (``python -m galaxy_importer.main TARBALL``, its own virtualenv, configured by
   tests/galaxy-importer.cfg: no container, no network) checks MANIFEST.json and FILES.json against the
   files, galaxy.yml's metadata (name, version, tags, license_file, readme), meta/runtime.yml's
   requires_ansible, the plugins' documentation through ansible-doc, and the content through ansible-lint's
   production profile. It exits 0 on most problems and only logs them, so this script fails on any
   ``ERROR:`` line, on any ansible-lint finding (a ``WARNING:`` between its "Linting collection" and
   "...ansible-lint run complete" lines), and on a non-zero exit.
2. What the importer does not check: no emulator, virtualenv, build output, git or caches in the tarball;
   the shared AWS client is there; license_file is COPYING and COPYING is the GNU GPL version 3 text.
"""

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile

FORBIDDEN = ("tests/emulator", ".venv", "build/", ".git/", "__pycache__", ".pytest_cache", "tests/output")
REQUIRED = ("plugins/module_utils/_aws/client.py", "COPYING")
LICENSE_FIRST_LINE = "GNU GENERAL PUBLIC LICENSE"
CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "tests", "galaxy-importer.cfg")
LINT_START = "Linting collection via ansible-lint"
LINT_END = "...ansible-lint run complete"


def run_importer(importer_python, path):
    """Run galaxy-importer on the tarball; return (problems, warnings) read from its log."""
    env = dict(os.environ)
    env["GALAXY_IMPORTER_CONFIG"] = os.path.abspath(CONFIG)
    # The importer runs ansible-doc and ansible-lint by name: take them from its own virtualenv.
    env["PATH"] = os.path.dirname(os.path.abspath(importer_python)) + os.pathsep + env.get("PATH", "")
    with tempfile.TemporaryDirectory(prefix="galaxy-importer-") as workdir:
        # The importer writes importer_result.json into its working directory.
        proc = subprocess.run([os.path.abspath(importer_python), "-m", "galaxy_importer.main", os.path.abspath(path)],
                              cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, check=False)
        result_file = os.path.join(workdir, "importer_result.json")
        result = None
        if os.path.exists(result_file):
            with open(result_file) as handle:
                result = json.load(handle)
    problems, warnings = [], []
    in_lint = False
    for line in proc.stdout.splitlines():
        # pip's notes about the extra package indexes of this machine are not the importer's.
        if line.startswith("WARNING: Location 'file://"):
            continue
        print("galaxy-importer: " + line)
        if line.startswith(LINT_START):
            in_lint = True
        elif line.startswith(LINT_END):
            in_lint = False
        elif line.startswith("ERROR:") or line.startswith("CRITICAL:"):
            problems.append(line)
        elif line.startswith("WARNING:"):
            (problems if in_lint else warnings).append(("ansible-lint " if in_lint else "") + line)
    if proc.returncode != 0:
        problems.append("galaxy-importer exited {0}".format(proc.returncode))
    if result is None:
        problems.append("galaxy-importer wrote no importer_result.json")
    elif not result.get("contents"):
        problems.append("galaxy-importer found no content in the collection")
    return problems, warnings, result


def check_tarball(path):
    """The checks the importer does not make."""
    problems = []
    with tarfile.open(path) as tar:
        names = tar.getnames()
        bad = [n for n in names if any(n == f.rstrip("/") or n.startswith(f) or "/" + f in n for f in FORBIDDEN)]
        problems.extend("must not contain {0}".format(name) for name in bad)
        missing = [r for r in REQUIRED if r not in names]
        problems.extend("missing {0}".format(name) for name in missing)
        info = json.load(tar.extractfile("MANIFEST.json"))["collection_info"]
        if info.get("license_file") != "COPYING":
            problems.append("MANIFEST.json's license_file is {0!r}, not 'COPYING'".format(info.get("license_file")))
        if "COPYING" not in missing:
            lines = tar.extractfile("COPYING").read().decode("utf-8").splitlines()
            if len(lines) < 2 or LICENSE_FIRST_LINE not in lines[0] or "Version 3" not in lines[1]:
                problems.append("COPYING is not the GNU GPL version 3 text")
    return problems, len(names)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--importer-python", required=True,
                        help="the python of the virtualenv galaxy-importer is installed in")
    parser.add_argument("tarball")
    args = parser.parse_args(argv)
    problems, warnings, result = run_importer(args.importer_python, args.tarball)
    own, entries = check_tarball(args.tarball)
    problems.extend(own)
    for warning in warnings:
        print("{0}: galaxy-importer (not fatal): {1}".format(args.tarball, warning))
    for problem in problems:
        print("{0}: {1}".format(args.tarball, problem))
    if problems:
        print("check-build: 0 passed, 1 failed")
        sys.exit(1)
    print("{0}: galaxy-importer imported {1} content items with no error and no ansible-lint finding; "
          "{2} entries, no emulator/venv/build output, the GPL-3.0 text as license_file".format(
              args.tarball, len(result["contents"]), entries))
    print("check-build: 2 passed, 0 failed")


if __name__ == "__main__":
    main()
