#!/usr/bin/env bash
# `npm test`: the type-check and the jest suite, run side by side (tsc spends most of its time
# parsing aws-cdk-lib's declarations on one core while jest works on the other). Fails if either
# fails; extra arguments go to jest (e.g. `npm test -- test/config.test.ts`).
set -uo pipefail
cd "$(dirname "$0")/.."

tsc_log=$(mktemp)
trap 'rm -f "$tsc_log"' EXIT
npx tsc --noEmit -p . >"$tsc_log" 2>&1 &
tsc_pid=$!

npx jest "$@"
jest_status=$?

wait "$tsc_pid"
tsc_status=$?
if [ "$tsc_status" -ne 0 ]; then
  echo "type-check (tsc --noEmit) failed:" >&2
  cat "$tsc_log" >&2
else
  echo "type-check: tsc --noEmit passed"
fi
[ "$jest_status" -eq 0 ] && [ "$tsc_status" -eq 0 ]
