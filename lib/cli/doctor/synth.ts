/**
 * The doctor checks the *synthesized* template, so it synthesizes first when the one in cdk.out
 * may not match the sources or the settings: the template is missing, older than lib/, bin/ or
 * cdk.json, or was made with other `-c` settings (or by someone else, e.g. `cdk synth` with other
 * settings, which the doctor cannot know).
 *
 * One synth writes the whole cloud assembly, so the record of it covers every template (with
 * `repositories`, every registry stack): checking another repository's role with the same
 * settings reads its template from the same synth. Templates are compared without the metadata
 * the CDK CLI adds and the doctor's synth leaves out (construct paths, asset metadata, the
 * CDKMetadata resource): `cdk synth` with the same settings leaves them as current as they were.
 *
 * Synthesis runs in-process (the same `buildStacks` that bin/ runs, with cdk.json's context plus the
 * `-c` values, as the CDK CLI would pass them): far faster than spawning the CLI. Callers may pass
 * another `Synthesizer` (the tests pass one that serves the templates their run shares).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AppConfig } from '../../stack/config';
import type { CfnTemplate } from '../../iam/cfn-template';
import { readJson } from '../settings';
import { assemblyStacks } from './assembly';
import { templateDigest } from './template-digest';

/** Written next to the templates: the settings of the doctor's last synth, and the templates it made. */
export const SYNTH_RECORD = 'doctor-synth.json';

interface SynthRecord {
  readonly context: Record<string, unknown>;
  /**
   * Every template of the assembly (nested ones included): path in outdir → SHA-256 of its
   * content (templateDigest). Absent in a record of an older doctor: its settings count as unknown.
   */
  readonly templates?: Record<string, string>;
}

export interface SynthCheck {
  readonly needed: boolean;
  /** Why (or why not), for the report. */
  readonly reason: string;
}

/** Whether the template in `outdir` must be (re)synthesized for `context`. */
export function synthNeeded(
  root: string,
  outdir: string,
  stackName: string,
  context: Readonly<Record<string, unknown>>,
): SynthCheck {
  const templatePath = path.join(outdir, `${stackName}.template.json`);
  const template = statOf(templatePath);
  if (!template) return { needed: true, reason: `${relative(root, templatePath)} does not exist` };

  const newest = newestSource(root);
  if (newest && newest.mtimeMs > template.mtimeMs) {
    return { needed: true, reason: `${relative(root, newest.file)} is newer than the template` };
  }

  const record = readJson(path.join(outdir, SYNTH_RECORD)) as SynthRecord | undefined;
  if (!record?.templates) return { needed: true, reason: 'the settings of the last synth are not known' };
  if (JSON.stringify(record.templates) !== JSON.stringify(assemblyTemplates(outdir, templatePath))) {
    return { needed: true, reason: 'the template was synthesized by something else since (settings not known)' };
  }
  const changed = changedKeys(record.context, context);
  if (changed.length > 0) return { needed: true, reason: `settings differ from the last synth: ${changed.join(', ')}` };
  return { needed: false, reason: 'the template is current for these settings' };
}

export interface SynthResult {
  readonly templatePath: string;
  readonly template: CfnTemplate;
  readonly synthesized: boolean;
  readonly reason: string;
}

/**
 * Writes the cloud assembly of the app for `context` into `outdir` (at least
 * `<stackName>.template.json`). Throws the app's `ConfigError` on a bad setting.
 */
export type Synthesizer = (context: Readonly<Record<string, unknown>>, outdir: string) => void;

/**
 * The synthesizer `cdk synth` amounts to: the same `buildStacks` that bin/ runs, in this process, on
 * an App given `context` (the CLI's `-c` values arrive the same way, as context).
 */
export const synthesizeInProcess: Synthesizer = (context, outdir) => {
  // Loaded only when synthesizing: aws-cdk-lib's core, the stack's constructs and cdk-nag take
  // about half a second to load, which a doctor run on a current template does not need.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { buildStacks } = require('../../stack/app') as typeof import('../../stack/app');
  const { checkTemplateSizes } = require('../../stack/template-size') as typeof import('../../stack/template-size');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const app = new App({ outdir, context: { ...context } });
  buildStacks(app);
  let assembly: ReturnType<typeof app.synth>;
  try {
    assembly = app.synth();
  } catch (err) {
    const summary = validationFailureSummary(err);
    if (summary === undefined) throw err;
    throw new SynthValidationError(summary, { cause: err });
  }
  checkTemplateSizes(assembly.stacks);
};

/** The app did not synthesize: a validation (construct, CloudFormation or cdk-nag) failed. */
export class SynthValidationError extends Error {
  constructor(summary: string, options?: ErrorOptions) {
    super(`the app does not synthesize (npx cdk synth shows the full report): ${summary}`, options);
    this.name = 'SynthValidationError';
  }
}

/**
 * One line from the error CDK throws when synthesis fails validation: the construct validations'
 * messages, or the ERROR lines of the plugin report and where the report was written. Undefined
 * for any other error.
 */
export function validationFailureSummary(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const lines = err.message.split('\n').map((l) => l.trim());
  if (lines[0].startsWith('Validation failed with the following errors:')) {
    return lines
      .slice(1)
      .filter((l) => l !== '')
      .join('; ');
  }
  const errors = lines.filter((l) => l.startsWith('ERROR '));
  const report = lines.find((l) => l.startsWith('A copy of this report can be found in:'));
  if (errors.length === 0 || report === undefined) return undefined;
  return [...errors, report].join('; ');
}

export interface EnsureTemplateOptions {
  /** Synthesize even when the template looks current (`--synth`). @default false */
  readonly force?: boolean;
  /** How to synthesize. @default synthesizeInProcess */
  readonly synthesize?: Synthesizer;
}

/**
 * Returns the template for `context`, synthesizing into `outdir` first if needed (`force`: always).
 * Throws the app's `ConfigError` on a bad setting.
 */
export function ensureTemplate(
  root: string,
  outdir: string,
  config: AppConfig,
  context: Readonly<Record<string, unknown>>,
  options: EnsureTemplateOptions = {},
): SynthResult {
  const check = options.force
    ? { needed: true, reason: 'asked with --synth' }
    : synthNeeded(root, outdir, config.stackName, context);
  const templatePath = path.join(outdir, `${config.stackName}.template.json`);
  if (check.needed) {
    (options.synthesize ?? synthesizeInProcess)(context, outdir);
    const record: SynthRecord = { context: { ...context }, templates: assemblyTemplates(outdir, templatePath) };
    fs.writeFileSync(path.join(outdir, SYNTH_RECORD), `${JSON.stringify(record, null, 2)}\n`);
  }
  return {
    templatePath,
    template: JSON.parse(fs.readFileSync(templatePath, 'utf8')) as CfnTemplate,
    synthesized: check.needed,
    reason: check.reason,
  };
}

// ---------------------------------------------------------------------------------------------

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Every template of the assembly in `outdir` (the manifests' stacks, nested assemblies included)
 * and `main`, by path in `outdir`, sorted, with their templateDigest ("missing" for a file the
 * manifest names that does not exist).
 */
function assemblyTemplates(outdir: string, main: string): Record<string, string> {
  const paths = [...new Set([main, ...assemblyStacks(outdir).map((s) => s.templatePath)])];
  const found: Record<string, string> = {};
  for (const p of paths.map((p) => path.relative(outdir, p)).sort()) {
    const file = path.join(outdir, p);
    found[p] = statOf(file) ? templateDigest(fs.readFileSync(file, 'utf8')) : 'missing';
  }
  return found;
}

function relative(root: string, file: string): string {
  const r = path.relative(root, file);
  return r.startsWith('..') ? file : r;
}

/** The most recently modified file among the sources a synth reads. */
function newestSource(root: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  const visit = (file: string) => {
    const st = statOf(file);
    if (!st) return;
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(file)) {
        if (entry !== 'node_modules' && !entry.startsWith('.')) visit(path.join(file, entry));
      }
    } else if (!newest || st.mtimeMs > newest.mtimeMs) {
      newest = { file, mtimeMs: st.mtimeMs };
    }
  };
  for (const source of ['lib', 'bin', 'cdk.json', 'cdk.context.json']) visit(path.join(root, source));
  return newest;
}

/** Keys whose values differ between two contexts (compared as JSON), sorted. */
export function changedKeys(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}
