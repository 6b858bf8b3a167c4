#!/usr/bin/env bash
# Run one test stage and refuse to let it pass without running anything.
#   scripts/stage.sh NAME -- COMMAND...
# - pytest's exit 5 ("no tests collected") is a failure under CI=true, where every stage
#   must run tests, and a clearly reported no-op locally (e.g. a TARGETS filter that
#   matched nothing), so it never hides as a silent green.
# - After the command, the stage reports how many tests it ran (from its junit file or
#   output); zero tests is a failure.
set -uo pipefail
name=$1; shift
[ "${1:-}" = "--" ] && shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if [ "$rc" -eq 5 ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "stage $name: FAILED - no tests were collected (pytest exit 5)"; exit 1
  fi
  echo "stage $name: no tests selected (pytest exit 5) - nothing ran"; exit 0
fi
[ "$rc" -ne 0 ] && { echo "stage $name: FAILED (exit $rc)"; exit "$rc"; }
# Count what ran: pytest summary ("12 passed"), ansible-test sanity ("Running sanity test").
count=$(grep -Eo '[0-9]+ passed' "$log" | tail -n 1 | grep -Eo '[0-9]+')
if [ -z "$count" ]; then
  count=$(grep -c "^Running sanity test" "$log")
fi
if [ -z "$count" ] || [ "$count" -eq 0 ]; then
  echo "stage $name: FAILED - the command succeeded but no test ran"; exit 1
fi
echo "stage $name: passed ($count tests)"
