#!/usr/bin/env bash
# `npm test`: the type-check (`tsc --noEmit`) and jest, side by side; fails if either fails. Extra
# arguments go to jest: `npm test -- test/stack/config.test.ts`, `npm test -- -t 'some test'`.
#
# `npm test -- --watch` (or --watchAll) is the on-save loop: jest re-runs the affected tests and
# `tsc --watch` re-checks the types beside it, printing its errors and its "Found N errors" line
# after jest's output. Stop both with q or Ctrl-C.
#
# The type-check uses TypeScript 7's native compiler (devDependency alias typescript-native), many
# times faster than TypeScript 6 on aws-cdk-lib's declarations; TypeScript 6 stays the
# `typescript` package because ts-node needs its JavaScript API. --singleThreaded: jest's workers
# keep the cores busy, and one checker thread uses less CPU than several for the same result.
# jest transpiles with @swc/jest and checks no types (jest.config.js).
set -uo pipefail
cd "$(dirname "$0")/.."

TSC=(node node_modules/typescript-native/bin/tsc --noEmit -p . --singleThreaded)
JEST=(node node_modules/jest/bin/jest.js "$@")

watching=false
for arg in "$@"; do
  case "$arg" in --watch | --watchAll | --watch=true | --watchAll=true) watching=true ;; esac
done

if $watching; then
  # Only tsc's diagnostics and its summary line: its other lines would interleave with jest's.
  # In a process group of its own (set -m), stopped with jest: the npm package's tsc is a node
  # wrapper around the native compiler, which in watch mode outlives a signal to the wrapper.
  set -m
  "${TSC[@]}" --watch --preserveWatchOutput --pretty false > >(grep --line-buffered -E 'error TS|Found [0-9]+ error') 2>&1 &
  tsc_group=$!
  set +m
  trap 'kill -TERM -- "-$tsc_group" 2>/dev/null' EXIT
  "${JEST[@]}"
  exit
fi

tsc_log=$(mktemp)
trap 'rm -f "$tsc_log"' EXIT
"${TSC[@]}" >"$tsc_log" 2>&1 &
tsc_pid=$!
"${JEST[@]}"
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
