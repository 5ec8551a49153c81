/**
 * Runs the doctor in-process against a throw-away project root (a copy of cdk.json, empty lib/
 * and bin/) and one cloud-assembly directory per distinct set of `-c` settings, so each setting
 * is written once per doctor runner and other people's edits under lib/ cannot make a template
 * look stale halfway through a test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runDoctor } from '../../../lib/cli/doctor';
import { configFor } from '../../../lib/cli/settings';
import { changedKeys, Synthesizer, synthesizeInProcess } from '../../../lib/cli/doctor/synth';
import { CDK_JSON_CONTEXT } from '../../support/cdk-json';
import { scratchDir } from '../../support/scratch';
import { templateJson } from '../../support/templates';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** A temporary directory, removed when the jest run ends (test/support/scratch.ts). */
export const tempDir = scratchDir;

/** A project root holding only what the doctor reads from it: cdk.json, lib/, bin/. */
export function tempRoot(cdkJson?: object): string {
  const root = tempDir('doctor-root');
  const text = cdkJson ? JSON.stringify(cdkJson, null, 2) : fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8');
  fs.writeFileSync(path.join(root, 'cdk.json'), text);
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
 * A `Synthesizer` for the doctor that writes the run's shared template for the same settings
 * (test/support/templates.ts: the app's `buildApp` on cdk.json's context plus the `-c` values,
 * synthesized once per run), so the doctor suites do not synthesize the same settings again for
 * every doctor root and output directory they make. The doctor's own decisions
 * (whether to synthesize, the record it keeps) run unchanged; test/cli/doctor/synth.test.ts and
 * cli-process.test.ts run the real in-process synthesizer. A context that is not cdk.json's
 * plus overrides (a root with its own cdk.json) is synthesized in-process.
 */
export const cachedSynthesizer: Synthesizer = (context, outdir) => {
  const overrides = overridesOfCdkJson(context);
  if (!overrides) {
    synthesizeInProcess(context, outdir);
    return;
  }
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, `${configFor(context).stackName}.template.json`), templateJson(overrides));
};

/** The settings that turn cdk.json's context into `context`, or undefined if some cdk.json key is missing. */
function overridesOfCdkJson(context: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  if (Object.keys(CDK_JSON_CONTEXT).some((key) => !(key in context))) return undefined;
  return Object.fromEntries(changedKeys(CDK_JSON_CONTEXT, context).map((key) => [key, context[key]]));
}

/**
 * A doctor bound to one root; each distinct list of `-c` settings gets its own cdk.out.
 * Synthesizes with `cachedSynthesizer` unless given another.
 */
export function doctorRunner(root = tempRoot(), synthesize: Synthesizer = cachedSynthesizer) {
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
 * AUTH_STATUS; deleting fails like a 404.
 */
export function fakeGh(authStatus = 0): { dir: string; log: string; argv: string } {
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
      'if [ "$2" = "delete" ]; then echo "HTTP 404: Not Found" >&2; exit 1; fi',
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return { dir, log, argv };
}
