/**
 * Runs the commands in-process against a throw-away project root (a cdk.json, empty lib/ and bin/)
 * and one cloud-assembly directory per distinct set of `-c` settings, so that other people's edits
 * under lib/ cannot make a template look stale halfway through a test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runDoctor } from '../../../lib/cli/doctor';
import type { Synthesizer } from '../../../lib/cli/doctor/synth';
import { fixtureSettings } from '../../support/fixture-settings';
import { scratchDir } from '../../support/scratch';
import { renderedSynthesizer } from './fixtures';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** A temporary directory, removed when the test file is done (test/support/scratch.ts). */
export const tempDir = scratchDir;

/**
 * A project root holding only what the commands read from it: cdk.json (by default with the
 * fixture settings as its context), lib/, bin/.
 */
export function tempRoot(cdkJson: object = { context: fixtureSettings() }): string {
  const root = tempDir('doctor-root');
  fs.writeFileSync(path.join(root, 'cdk.json'), JSON.stringify(cdkJson, null, 2));
  fs.mkdirSync(path.join(root, 'lib'));
  fs.mkdirSync(path.join(root, 'bin'));
  // The sources must look older than any template synthesized from now on.
  const past = new Date(Date.now() - 60_000);
  for (const p of ['cdk.json', 'lib', 'bin']) fs.utimesSync(path.join(root, p), past, past);
  return root;
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A doctor bound to one root; each distinct list of `-c` settings gets its own cdk.out.
 * Synthesizes with `renderedSynthesizer` (the role's trust policy only, no CDK) unless given another.
 */
export function doctorRunner(root = tempRoot(), synthesize: Synthesizer = renderedSynthesizer) {
  const outdirs = new Map<string, string>();
  const base = tempDir('doctor-out');
  return (args: string[], opts: { cwd?: string; now?: number } = {}): Outcome => {
    const settings = args.filter((a, i) => a === '-c' || args[i - 1] === '-c').join(' ');
    let outdir = outdirs.get(settings);
    if (!outdir) {
      outdir = path.join(base, String(outdirs.size));
      outdirs.set(settings, outdir);
    }
    let stdout = '';
    let stderr = '';
    const code = runDoctor([...args, '--output', outdir], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      root,
      cwd: opts.cwd ?? REPO_ROOT,
      now: opts.now,
      synthesize,
    });
    return { code, stdout, stderr };
  };
}

/** A JWT as GitHub would shape it (the signature is not checked by anything here). */
export function makeJwt(payload: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${part(payload)}.${Buffer.from('not-a-signature').toString('base64url')}`;
}

/**
 * A stand-in for gh: logs each call's arguments joined by spaces (`log`) and, one by one in
 * brackets, as it received them (`argv`, e.g. `[variable][set]…`); `auth status` answers with
 * AUTH_STATUS; a call whose arguments hold `failing` fails like a 403; deleting fails like a 404.
 */
export function fakeGh(
  authStatus = 0,
  /** What `gh variable list --json name` prints (its exit status: 1 when null). */
  variableList: string | null = '[]',
  /** Part of the arguments (joined by spaces) of the calls that fail with "HTTP 403". @default none */
  failing?: string,
): { dir: string; log: string; argv: string } {
  const dir = tempDir('fake-gh');
  const log = path.join(dir, 'calls.log');
  const argv = path.join(dir, 'argv.log');
  fs.writeFileSync(
    path.join(dir, 'gh'),
    [
      '#!/bin/sh',
      `printf '%s\\n' "$*" >> '${log}'`,
      `for a in "$@"; do printf '[%s]' "$a"; done >> '${argv}'`,
      `echo >> '${argv}'`,
      `if [ "$1 $2" = "auth status" ]; then exit ${authStatus}; fi`,
      ...(failing === undefined ? [] : [`case "$*" in *'${failing}'*) echo "HTTP 403" >&2; exit 1;; esac`]),
      'if [ "$2" = "delete" ]; then echo "HTTP 404: Not Found" >&2; exit 1; fi',
      variableList === null
        ? 'if [ "$2" = "list" ]; then echo "HTTP 403: Resource not accessible by integration" >&2; exit 1; fi'
        : `if [ "$2" = "list" ]; then printf '%s\\n' '${variableList}'; exit 0; fi`,
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return { dir, log, argv };
}
