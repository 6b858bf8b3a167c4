#!/usr/bin/env bash
# `make test-compat`: ansible-test sanity and units on other ansible-core releases than the main venv's.
#   scripts/compat.sh CORE...        e.g. scripts/compat.sh 2.17 2.21
# For each CORE:
# - a virtualenv build/compat/CORE/venv on that core's controller Python (controller() below), with
#   requirements-compat-CORE.txt; rebuilt only when that file is newer than its stamp (.installed);
# - its own copy of the collection, build/compat/CORE/ansible_collections/awsops/proton (made by the
#   Makefile's copy-collection before this runs);
# - `ansible-test sanity` with no --python, so that the tests that run per Python version (compile, import)
#   run on every module Python the collection claims that this core supports (module_pythons() below, linked
#   into build/compat/CORE/pythons), and the controller-side tests on the controller Python; then
#   `ansible-test units` on the controller Python.
# The cores run side by side (one per CPU core), each into its own log; the logs are printed when both are done.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

controller() {
  case $1 in
    2.17) echo 3.12 ;;
    2.21) echo 3.13 ;;
    *) echo "compat: no controller Python set for ansible-core $1 in scripts/compat.sh" >&2; return 1 ;;
  esac
}
# The module Pythons the collection claims (README, "Compatibility"), limited to what each core supports.
module_pythons() {
  case $1 in
    2.17) echo 3.8 3.9 3.10 3.11 3.12 ;;
    2.21) echo 3.9 3.10 3.11 3.12 3.13 ;;
  esac
}

# An interpreter by version: a working pythonX.Y on PATH that is not a virtualenv's (pyenv's shims print
# "command not found" for a version that is not selected; .venv/bin is first on make's PATH), else pyenv's build.
find_python() {
  local version=$1 candidate
  for candidate in $(type -ap "python$version") "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/"python$version"; do
    # Its own sys.executable: the interpreter itself, not a shim in front of it.
    if [ -x "$candidate" ] && "$candidate" -c 'import sys; sys.exit(sys.prefix != sys.base_prefix)' >/dev/null 2>&1; then
      "$candidate" -c 'import sys; print(sys.executable)'; return 0
    fi
  done
  echo "compat: Python $version not found (on PATH or under ${PYENV_ROOT:-$HOME/.pyenv}/versions)" >&2
  return 1
}

# COMPAT_SKIP: sanity tests not run on these cores (the Makefile skips pylint, which `make sanity` runs on the main
# venv's core: on 2.17 and 2.21 it takes longer than all the other sanity tests together).
skip=""
for test in ${COMPAT_SKIP:-}; do skip="$skip --skip-test $test"; done

# PATH without pyenv's shims, so that ansible-test finds only the interpreters linked in build/compat/CORE/pythons.
base_path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/\.pyenv/shims$' | paste -sd: -)

prepare() {
  local core=$1 dir=build/compat/$1 py version
  py=$(find_python "$(controller "$core")") || return 1
  if [ ! -e "$dir/venv/.installed" ] || [ "requirements-compat-$core.txt" -nt "$dir/venv/.installed" ]; then
    rm -rf "$dir/venv"
    "$py" -m venv "$dir/venv" && "$dir/venv/bin/python" -m pip install --quiet -r "requirements-compat-$core.txt" \
      && touch "$dir/venv/.installed" || return 1
  fi
  "$dir/venv/bin/python" scripts/install_get_pip_shim.py || return 1
  rm -rf "$dir/pythons" && mkdir -p "$dir/pythons"
  for version in $(module_pythons "$core"); do
    ln -s "$(find_python "$version")" "$dir/pythons/python$version" || return 1
  done
}

run_core() {
  local core=$1 dir=$root/build/compat/$1 rc=0 start
  start=$(date +%s)
  (
    cd "$dir/ansible_collections/awsops/proton" || exit 1
    export PATH="$dir/venv/bin:$dir/pythons:$base_path"
    ansible-test --version
    # Units run after a failed sanity too, so that one run reports both.
    failed=0
    ansible-test sanity --requirements --color no $skip || failed=1
    ansible-test units --requirements --python "$(controller "$core")" --color no || failed=1
    exit $failed
  ) >"$dir/compat.log" 2>&1 || rc=1
  echo "$(( $(date +%s) - start ))" >"$dir/seconds"
  return $rc
}

[ $# -gt 0 ] || { echo "usage: scripts/compat.sh CORE..." >&2; exit 2; }
for core in "$@"; do
  prepare "$core" || { echo "compat $core: FAILED to prepare its virtualenv"; exit 1; }
done
pids=()
for core in "$@"; do
  run_core "$core" & pids+=($!)
done
failed=0 total=0
for i in "${!pids[@]}"; do
  core=${*:$((i + 1)):1}
  wait "${pids[$i]}"; rc=$?
  log=build/compat/$core/compat.log
  sed "s/^/[$core] /" "$log"
  sanity=$(grep -c '^Running sanity test' "$log")
  # ansible-test units runs pytest once per context (modules, module_utils, ...): add their summaries up.
  units=$(grep -E '^=+ .*[0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{n += $1} END {if (NR) print n}')
  skipped=$(grep -E '^WARNING: Skipping sanity test' "$log" | sort -u)
  [ -n "$skipped" ] && printf '%s\n' "$skipped" | sed "s/^/compat $core: /"
  echo "compat $core: $(sed -n 1p "$log"), sanity $sanity test runs${COMPAT_SKIP:+ (skipped: $COMPAT_SKIP)}, units ${units:-0} passed," \
    "$(cat "build/compat/$core/seconds") s, exit $rc"
  if [ "$rc" -ne 0 ] || [ "$sanity" -eq 0 ] || [ -z "$units" ]; then
    failed=$((failed + 1))
  else
    total=$((total + sanity + units))
  fi
done
echo "compat: $total passed, $failed failed"
[ "$failed" -eq 0 ]
