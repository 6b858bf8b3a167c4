# awsops.proton - the two commands a user needs are `make demo` and `make test`.
# Everything runs from a virtualenv in .venv, created from the requirements files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PATH := $(CURDIR)/$(BIN):$(PATH)
export ANSIBLE_LINT_SKIP_VERSION_CHECK := 1
# Where ansible-test needs the collection to be (a copy: ansible-test refuses symlinks).
COLLECTION_COPY := build/ansible_collections/awsops/proton
# Collections path holding a symlink to this checkout, for ansible-playbook, ansible-doc and ansible-lint.
COLLECTIONS_LINK := build/collections
EMULATOR_STATE := build/emulator
TARGETS ?=
# Parallel pytest workers for the integration stage (each starts its own emulator).
JOBS ?= 2

.PHONY: help venv collections-link copy-collection demo test lint sanity units test-emulator test-integration test-molecule test-reliability test-compat bench install build \
	check-build emulator-start emulator-stop clean

help:
	@echo "make demo    - run playbooks/setup.yml twice against the local AWS emulator"
	@echo "make test    - everything CI runs: lint, sanity, units, emulator, integration, molecule, build"
	@echo "stages: lint sanity units test-emulator test-integration [TARGETS=name] test-molecule [SCENARIOS=name]"
	@echo "        test-compat test-reliability check-build; also: make bench, make install"

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-test.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	$(BIN)/python scripts/install_get_pip_shim.py
	touch $@

$(COLLECTIONS_LINK)/ansible_collections/awsops/proton:
	mkdir -p $(COLLECTIONS_LINK)/ansible_collections/awsops
	ln -sfn $(CURDIR) $@

collections-link: $(COLLECTIONS_LINK)/ansible_collections/awsops/proton

demo: venv collections-link
	$(BIN)/python scripts/demo.py

test: venv
	$(MAKE) lint sanity units test-compat test-emulator test-integration test-molecule test-reliability check-build
	@echo "make test: all stages passed"

lint: venv collections-link
	$(BIN)/yamllint -c .yamllint .
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(COLLECTIONS_LINK) ANSIBLE_LIBRARY=$(CURDIR)/tests/integration/library:$(CURDIR)/tests/integration/molecule/proton_roles_common/library \
	    $(BIN)/ansible-lint --profile production
	$(BIN)/python scripts/check_runtime.py
	$(BIN)/python scripts/role_docs.py --check
	$(BIN)/python scripts/iam_actions.py --check
	# Changelog fragments and changelog.yaml in antsibull-changelog's format (exit 3 and a line per problem).
	$(BIN)/antsibull-changelog lint
	$(BIN)/antsibull-changelog lint-changelog-yaml --strict changelogs/changelog.yaml
	# antsibull-changelog lists new modules and plugins itself, and new roles and playbooks from
	# `add object.role` / `add object.playbook` sections: no fragment announces one in another section.
	! grep -nE -- '^ *- .* - new (module|plugin|role|playbook)' changelogs/fragments/*.y*ml \
	    || { echo 'changelogs/fragments: a new module, plugin, role or playbook is announced by antsibull-changelog, not a fragment'; exit 1; }

copy-collection:
	rm -rf $(COLLECTION_COPY)
	mkdir -p $(COLLECTION_COPY)
	# The collection's files as git sees them (tracked and new, not ignored), minus the emulator,
	# which is test infrastructure and not part of the collection (see build_ignore).
	git ls-files -z --cached --others --exclude-standard -- . ':!tests/emulator' \
	    | xargs -0 -I{} sh -c 'test ! -e "{}" || echo "{}"' | tar -cf - -T - | tar -xf - -C $(COLLECTION_COPY)
	# The copy lives inside this repo's ignored build/: give it its own git index so ansible-test
	# sees exactly the collection's files.
	cd $(COLLECTION_COPY) && git init -q && git add -A

sanity: venv copy-collection
	cd $(COLLECTION_COPY) && $(CURDIR)/scripts/stage.sh sanity -- \
	    $(CURDIR)/$(BIN)/ansible-test sanity --requirements --python 3.11 --color no

units: venv copy-collection
	cd $(COLLECTION_COPY) && $(CURDIR)/scripts/stage.sh units -- \
	    $(CURDIR)/$(BIN)/ansible-test units --requirements --python 3.11 --color no

# Sanity and units on the oldest ansible-core meta/runtime.yml admits and on the newest release, each in its own
# virtualenv (requirements-compat-<core>.txt) and copy of the collection; see scripts/compat.sh.
# pylint is left to `make sanity` (main venv): it alone takes longer than the rest; COMPAT_SKIP= runs it here too.
COMPAT_CORES := 2.17 2.21
COMPAT_SKIP ?= pylint
test-compat: venv
	$(foreach core,$(COMPAT_CORES),$(MAKE) --no-print-directory copy-collection COLLECTION_COPY=build/compat/$(core)/ansible_collections/awsops/proton &&) true
	COMPAT_SKIP="$(COMPAT_SKIP)" scripts/stage.sh compat -- scripts/compat.sh $(COMPAT_CORES)

test-emulator: venv
	scripts/stage.sh emulator -- $(BIN)/python -m pytest tests/emulator/tests -q \
	    --junitxml=build/junit/emulator.xml

test-integration: venv
	scripts/stage.sh integration -- $(BIN)/python -m pytest tests/integration -q -n $(JOBS) --dist load \
	    --junitxml=build/junit/integration.xml $(if $(TARGETS),-k "$(TARGETS)")

test-molecule: venv collections-link
	scripts/stage.sh molecule -- $(BIN)/python scripts/molecule_all.py

test-reliability: venv collections-link
	scripts/stage.sh reliability -- $(BIN)/python -m pytest tests/reliability -q \
	    --junitxml=build/junit/reliability.xml

# Not part of `make test`: timings of setup.yml against the emulator (see docs/bench.md).
# BENCH_SCENARIO=organization: playbooks/organization.yml at 1, 10, 50 and 100 accounts (about 15 minutes).
BENCH_SCENARIO ?= all
bench: venv collections-link
	$(BIN)/python scripts/bench.py --scenario $(BENCH_SCENARIO)

build: venv
	mkdir -p build/dist
	$(BIN)/ansible-galaxy collection build --force --output-path build/dist .

# Galaxy's importer has a virtualenv of its own: it pins attrs and flake8 below what requirements-test.txt admits.
IMPORTER_VENV := build/venv-importer
$(IMPORTER_VENV)/.installed: requirements-importer.txt
	test -x $(IMPORTER_VENV)/bin/python || $(PYTHON) -m venv $(IMPORTER_VENV)
	$(IMPORTER_VENV)/bin/python -m pip install --quiet -r requirements-importer.txt
	touch $@

# galaxy-importer on the built tarball (configured by tests/galaxy-importer.cfg: offline, no container),
# then the checks it does not make (scripts/check_build.py).
check-build: build $(IMPORTER_VENV)/.installed
	scripts/stage.sh check-build -- $(BIN)/python scripts/check_build.py --importer-python $(IMPORTER_VENV)/bin/python \
	    build/dist/awsops-proton-*.tar.gz

# Install the collection from this checkout into Ansible's default collections path, so that
# `ansible-playbook playbooks/setup.yml` and `ansible-playbook awsops.proton.setup` find it.
install: venv
	$(BIN)/ansible-galaxy collection install --force .

emulator-start: venv
	PYTHONPATH=tests/emulator $(BIN)/python -m proton_emulator.ctl start --state-dir $(EMULATOR_STATE)

emulator-stop:
	PYTHONPATH=tests/emulator $(BIN)/python -m proton_emulator.ctl stop --state-dir $(EMULATOR_STATE)

clean:
	rm -rf build
