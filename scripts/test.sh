#!/usr/bin/env bash
# `npm test`: the type-check and the jest suite, run side by side. Fails if either fails; extra
# arguments go to jest (e.g. `npm test -- test/config.test.ts`).
#
# The type-check uses TypeScript 7's native compiler (devDependency alias typescript-native):
# ~2.5 s for the whole project instead of ~11 s with TypeScript 6, which spends them parsing
# aws-cdk-lib's million lines of declarations. TypeScript 6 stays the `typescript` package
# because ts-node needs its JavaScript API (TypeScript 7 has none).
set -uo pipefail
cd "$(dirname "$0")/.."

tsc_log=$(mktemp)
trap 'rm -f "$tsc_log"' EXIT
node node_modules/typescript-native/bin/tsc --noEmit -p . >"$tsc_log" 2>&1 &
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
