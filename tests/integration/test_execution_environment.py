"""The execution environment for AWX / Ansible Automation Platform: `ansible-builder create` (no container engine).

execution-environment.yml is copied unchanged into a temporary directory next to a tarball freshly built by
`ansible-galaxy collection build` at the path it names (build/dist/, where `make build` puts it), so the test writes
nothing into the checkout. Then the two steps of the generated Containerfile that decide what the image holds are
replayed here, offline, with the context's own files: the galaxy stage's `ansible-galaxy collection install` (from
the context's requirements.yml, in the context's directory as the build's WORKDIR) and the builder stage's
introspection (the context's introspect.py over the installed collections), which yields the pip requirements the
image gets.
"""

import json
import os
import re
import shlex
import shutil
import sys
import tarfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import REPO, run_command

BIN = Path(sys.executable).parent
DEFINITION = REPO / "execution-environment.yml"
GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text())
TARBALL = "awsops-proton-{0}.tar.gz".format(GALAXY["version"])
# What an execution environment brings itself, or test-only tools: none of it belongs in requirements.txt.
NOT_RUNTIME = {"ansible", "ansible-core", "ansible-base", "ansible-runner", "ansible-builder", "ansible-lint",
               "molecule", "pytest", "pytest-xdist", "yamllint", "moto"}


def _pins(path):
    """{name: Requirement} of a pip requirements file (comments, options and -r lines left out)."""
    found = {}
    for line in Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            found[requirement.name.lower()] = requirement
    return found


def _containerfile_args(text):
    """The ARG defaults at the top of a Containerfile."""
    return dict(re.findall(r'^ARG (\w+)="(.*)"$', text, re.M))


def _run_step(text, prefix):
    """The one RUN line of the Containerfile that starts with `prefix`, without RUN."""
    lines = [line[len("RUN "):] for line in text.splitlines() if line.startswith("RUN " + prefix)]
    assert len(lines) == 1, (prefix, lines)
    return lines[0]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """The test's environment without the user's Ansible or AWS settings; HOME is a temporary directory."""
    home = tmp_path_factory.mktemp("ee-home")
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("ANSIBLE_", "AWS_"))}
    environment.update({"HOME": str(home), "ANSIBLE_HOME": str(home / ".ansible"), "ANSIBLE_NOCOLOR": "1"})
    return environment


@pytest.fixture(scope="module")
def context(tmp_path_factory, env):
    """`ansible-builder create` for a copy of execution-environment.yml beside a freshly built tarball."""
    work = tmp_path_factory.mktemp("ee")
    shutil.copy(str(DEFINITION), str(work / DEFINITION.name))
    run_command([BIN / "ansible-galaxy", "collection", "build", "--output-path", work / "build" / "dist", REPO], work, env)
    assert (work / "build" / "dist" / TARBALL).is_file()
    # --output-filename: Containerfile whichever engine is installed (the default follows podman or docker).
    created = run_command([BIN / "ansible-builder", "create", "--file", DEFINITION.name, "--context", work / "context",
                           "--output-filename", "Containerfile"], work, env)
    assert "Complete!" in created.stdout, created.stdout
    return work / "context"


def test_definition_is_version_3_and_pins_what_the_tests_run():
    definition = yaml.safe_load(DEFINITION.read_text())
    assert definition["version"] == 3
    dependencies = definition["dependencies"]
    tests = _pins(REPO / "requirements-test.txt")
    # ansible-builder and ansible-runner are pinned exactly for the tests; the image runs that ansible-runner.
    assert str(tests["ansible-builder"].specifier).startswith("==")
    assert str(tests["ansible-runner"].specifier).startswith("==")
    assert Requirement(dependencies["ansible_runner"]["package_pip"]) == tests["ansible-runner"]
    # The image's ansible-core is one the collection supports (meta/runtime.yml's requires_ansible).
    core = Requirement(dependencies["ansible_core"]["package_pip"])
    assert core.name == "ansible-core"
    required = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())["requires_ansible"]
    lowest = [Version(spec.version) for spec in core.specifier if spec.operator in (">=", "==")]
    assert lowest and min(lowest) >= Version(required.lstrip(">=")), (core, required)
    # The optional SAM translator is the version the tests ran template_policy with.
    extras = {Requirement(line).name.lower(): Requirement(line) for line in dependencies["python"]}
    assert extras["aws-sam-translator"] == tests["aws-sam-translator"]
    # The collection comes from this version's tarball, placed where the galaxy requirement points.
    collections = dependencies["galaxy"]["collections"]
    assert collections == [{"name": "collections/" + TARBALL, "type": "file"}]
    assert definition["additional_build_files"] == [{"src": "build/dist/" + TARBALL, "dest": "collections"}]


def test_collection_declares_only_runtime_python_requirements():
    meta = yaml.safe_load((REPO / "meta" / "execution-environment.yml").read_text())
    assert meta == {"version": 3, "dependencies": {"python": "requirements.txt"}}
    runtime = _pins(REPO / meta["dependencies"]["python"])
    assert {"boto3", "botocore"} <= set(runtime), runtime
    assert not NOT_RUNTIME & set(runtime), runtime


def test_create_writes_a_containerfile_that_installs_the_collection(context):
    containerfile = (context / "Containerfile").read_text()
    args = _containerfile_args(containerfile)
    definition = yaml.safe_load(DEFINITION.read_text())
    assert args["EE_BASE_IMAGE"] == definition["images"]["base_image"]["name"]
    assert "FROM $EE_BASE_IMAGE AS base" in containerfile
    dependencies = definition["dependencies"]
    refs = [dependencies["ansible_core"]["package_pip"], dependencies["ansible_runner"]["package_pip"]]
    assert args["ANSIBLE_INSTALL_REFS"].split() == refs
    assert "RUN $PYCMD -m pip install --no-cache-dir $ANSIBLE_INSTALL_REFS" in containerfile
    # The galaxy stage installs from the context's requirements.yml, offline, into the image's collections path.
    assert args["ANSIBLE_GALAXY_CLI_COLLECTION_OPTS"] == "--offline"
    install = _run_step(containerfile, "ANSIBLE_GALAXY_DISABLE_GPG_VERIFY=1 ansible-galaxy collection install")
    assert "-r requirements.yml" in install and '--collections-path "/usr/share/ansible/collections"' in install
    assert "COPY _build /build\nWORKDIR /build" in containerfile
    assert "COPY --from=galaxy /usr/share/ansible /usr/share/ansible" in containerfile
    # The builder stage resolves the Python requirements of the installed collections plus the definition's own.
    assert "RUN $PYCMD /output/scripts/introspect.py introspect --user-pip=requirements.txt" in containerfile
    assert "RUN /output/scripts/assemble" in containerfile

    # The context holds the tarball of this collection at this version, with its EE metadata and requirements.
    tarball = context / "_build" / "collections" / TARBALL
    with tarfile.open(str(tarball)) as tar:
        names = set(tar.getnames())
        info = json.load(tar.extractfile("MANIFEST.json"))["collection_info"]
    assert (info["namespace"], info["name"], info["version"]) == ("awsops", "proton", GALAXY["version"])
    assert {"meta/execution-environment.yml", "requirements.txt", "meta/runtime.yml"} <= names
    assert yaml.safe_load((context / "_build" / "requirements.yml").read_text()) == {
        "collections": [{"name": "collections/" + TARBALL, "type": "file"}]}


def test_context_installs_the_collection_and_its_python_requirements(context, env, tmp_path):
    containerfile = (context / "Containerfile").read_text()
    args = _containerfile_args(containerfile)
    build = context / "_build"  # COPY _build /build; WORKDIR /build
    image_collections = tmp_path / "usr-share-ansible-collections"

    # The galaxy stage's command, with the ARG substituted and the image's path replaced by a temporary one. It must
    # work with no network: Galaxy is not reachable from here.
    command = _run_step(containerfile, "ANSIBLE_GALAXY_DISABLE_GPG_VERIFY=1 ansible-galaxy collection install")
    command = command.replace("$ANSIBLE_GALAXY_CLI_COLLECTION_OPTS", args["ANSIBLE_GALAXY_CLI_COLLECTION_OPTS"])
    command = command.replace('"/usr/share/ansible/collections"', shlex.quote(str(image_collections)))
    words = shlex.split(command)
    assert words[:2] == ["ANSIBLE_GALAXY_DISABLE_GPG_VERIFY=1", "ansible-galaxy"]
    run_command([BIN / "ansible-galaxy"] + words[2:], build, dict(env, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY="1"))
    installed = image_collections / "ansible_collections" / "awsops" / "proton"
    manifest = json.loads((installed / "MANIFEST.json").read_text())["collection_info"]
    assert manifest["version"] == GALAXY["version"]
    assert (installed / "meta" / "execution-environment.yml").is_file()

    # The builder stage's introspection, run with the context's script over what was installed.
    written = tmp_path / "src"
    run_command([sys.executable, build / "scripts" / "introspect.py", "introspect", image_collections,
                 "--user-pip=requirements.txt", "--write-bindep={0}".format(written / "bindep.txt"),
                 "--write-pip={0}".format(written / "requirements.txt")], build, env)
    lines = (written / "requirements.txt").read_text().splitlines()
    by_origin = {}
    for line in lines:
        requirement, origin = line.split("  # from collection ")
        by_origin.setdefault(origin, set()).add(Requirement(requirement).name.lower())
    assert by_origin == {"awsops.proton": set(_pins(REPO / "requirements.txt")), "user": {"aws-sam-translator"}}
    assert {"boto3", "botocore"} <= by_origin["awsops.proton"]
    # No system package is needed.
    assert not (written / "bindep.txt").exists()
