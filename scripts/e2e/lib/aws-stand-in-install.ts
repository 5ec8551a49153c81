/**
 * Puts the rehearsal's `aws` stand-in (aws-stand-in.ts) first on the job's PATH: a launcher
 * script and JavaScript copies of the stand-in's files; and reads back the calls it logged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AwsStandInConfig } from './aws-stand-in';

/** The calls logged so far (for the rehearsal's checks). */
export function readCallLog(file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The stand-in's files, by name (without .ts): the first is the one the launcher runs. */
const STAND_IN_FILES = ['aws-stand-in', 'aws-cli', 'jmes-query'];

/**
 * Writes `DIR/bin/aws` (a launcher running JavaScript copies of the stand-in's files with the
 * rehearsal's node) and its configuration; returns the directory to put first on PATH.
 */
export function installAwsStandIn(
  dir: string,
  config: Omit<AwsStandInConfig, 'callLog'>,
): { binDir: string; callLog: string } {
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true, mode: 0o700 });
  const callLog = path.join(dir, 'aws-calls.jsonl');
  const configFile = path.join(dir, 'aws-stand-in.json');
  fs.writeFileSync(configFile, JSON.stringify({ ...config, callLog }), { mode: 0o600 });
  for (const [name, code] of Object.entries(standInJavaScript())) {
    fs.writeFileSync(path.join(binDir, `${name}.js`), code, { mode: 0o600 });
  }
  const script = path.join(binDir, `${STAND_IN_FILES[0]}.js`);
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const launcher = [
    '#!/bin/sh',
    "# The rehearsal's stand-in for the AWS CLI (scripts/e2e/lib/aws-stand-in.ts).",
    `E2E_AWS_STAND_IN_CONFIG=${quote(configFile)} exec ${quote(process.execPath)} ${quote(script)} "$@"`,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(binDir, 'aws'), launcher, { mode: 0o700 });
  return { binDir, callLog };
}

let compiled: Record<string, string> | undefined;

/**
 * The stand-in's files as CommonJS, transpiled by swc (the transpiler ts-node uses in this
 * project). node starts on them in ~0.1 s of CPU; through ts-node, which loads TypeScript to read
 * tsconfig.json, ~0.6 s, and the deploy workflow calls `aws` on every walk of the job.
 */
function standInJavaScript(): Record<string, string> {
  if (compiled === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const swc = require('@swc/core') as typeof import('@swc/core');
    const files: Record<string, string> = {};
    for (const name of STAND_IN_FILES) {
      const file = path.join(__dirname, `${name}.ts`);
      const { code } = swc.transformFileSync(file, {
        swcrc: false,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      // The copies run from the rehearsal's directory: they can use node's own modules and each other.
      for (const [, , required] of code.matchAll(/require\((["'])([^"']*)\1\)/g)) {
        if (!required.startsWith('node:') && !STAND_IN_FILES.some((other) => required === `./${other}`)) {
          throw new Error(
            `${file} must import only node: modules and ${STAND_IN_FILES.join(', ')} (its JavaScript copy runs from another directory), not "${required}"`,
          );
        }
      }
      files[name] = code;
    }
    compiled = files;
  }
  return compiled;
}
