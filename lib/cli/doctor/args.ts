/**
 * Command-line arguments of `npm run doctor`: the options table, read by the shared layer
 * (lib/cli/argv.ts, Node's `util.parseArgs`), and the rules that tie options together. Every
 * mistake gets one line that says what is accepted (exit code 2).
 */
import { DEPLOY_WORKFLOW_PATH } from '../../workflow/deploy-workflow';
import { addContextSetting, ArgvOption, COMMON_OPTIONS, OptionTable, readOptions, UsageError, valueOf } from '../argv';

/** Which run of GitHub Actions to check. */
export type RunInput =
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'environment'; readonly environment: string; readonly ref?: string }
  /** `--stage NAME` (with at most one ref): a job in that stage's environment, resolved with the settings. */
  | { readonly kind: 'stage-job'; readonly ref?: string }
  | { readonly kind: 'pull-request'; readonly number?: number }
  | { readonly kind: 'sub'; readonly sub: string }
  | { readonly kind: 'claims'; readonly file: string }
  | { readonly kind: 'jwt'; readonly token: string };

/** Changes to a generated token (not to `--claims` / `--jwt`, which are taken as they are). */
export interface TokenModifiers {
  /** `OWNER/REPO`: simulate a run of another repository. */
  readonly repository?: string;
  readonly ownerId?: string;
  readonly repositoryId?: string;
  readonly subFormat?: 'name' | 'immutable';
  readonly workflowFile?: string;
  readonly audience?: string;
  readonly issuer?: string;
}

/** The doctor's command line, read. */
export interface DoctorOptions {
  readonly run?: RunInput;
  /** `--workflow [FILE]`: check the deploy workflow against the stack. */
  readonly workflow?: string;
  /** `--stage NAME`: check the deploy role of this stage of deployStages. */
  readonly stage?: string;
  readonly modifiers: TokenModifiers;
  /** `-c key=value` settings, as the CDK CLI passes them (strings). */
  readonly context: Readonly<Record<string, string>>;
  /** Cloud assembly directory. @default 'cdk.out' */
  readonly output: string;
  /** Synthesize even when the template looks current. */
  readonly forceSynth: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

/** The deploy workflow `--workflow` checks when given no file. */
export const DEFAULT_WORKFLOW = DEPLOY_WORKFLOW_PATH;

export { DOCTOR_USAGE } from './usage';

/** The doctor's options, by long name. */
const DOCTOR_OPTIONS = {
  branch: { type: 'string' },
  ref: { type: 'string' },
  tag: { type: 'string' },
  environment: { type: 'string' },
  stage: { type: 'string' },
  'pull-request': { type: 'string', optionalValue: (next) => /^[0-9]+$/.test(next) },
  sub: { type: 'string' },
  claims: { type: 'string' },
  jwt: { type: 'string' },
  repository: { type: 'string' },
  'owner-id': { type: 'string' },
  'repository-id': { type: 'string' },
  'sub-format': { type: 'string' },
  'workflow-file': { type: 'string' },
  audience: { type: 'string' },
  issuer: { type: 'string' },
  workflow: { type: 'string', optionalValue: (next) => !next.startsWith('-') },
  output: { type: 'string', short: 'o' },
  synth: { type: 'boolean' },
  ...COMMON_OPTIONS,
} satisfies OptionTable;

/** The options as read so far, before the rules that tie them together. */
interface Draft {
  readonly runs: Array<{ flag: string; input: RunInput }>;
  readonly refs: Array<{ flag: string; ref: string }>;
  environment?: string;
  stage?: string;
  readonly modifiers: { -readonly [K in keyof TokenModifiers]: TokenModifiers[K] };
  readonly context: Record<string, string>;
  workflow?: string;
  output: string;
  forceSynth: boolean;
  json: boolean;
  help: boolean;
}

/** Sets a token modifier that may be given once. */
function once<K extends keyof TokenModifiers>(draft: Draft, key: K, flag: string, value: TokenModifiers[K]): void {
  if (draft.modifiers[key] !== undefined) throw new UsageError(`${flag} given twice`);
  draft.modifiers[key] = value;
}

/** A value that must match `pattern`, else `message(value)`. */
function checked(option: ArgvOption, pattern: RegExp, message: (value: string) => string): string {
  const value = valueOf(option);
  if (!pattern.test(value)) throw new UsageError(message(value));
  return value;
}

/** What each option does to the draft. */
const READERS: Record<keyof typeof DOCTOR_OPTIONS, (draft: Draft, option: ArgvOption) => void> = {
  branch: (d, o) => {
    const name = valueOf(o);
    if (name.trim() === '') throw new UsageError(`--branch needs a branch name (e.g. "develop"), got "${name}"`);
    if (name.startsWith('refs/'))
      throw new UsageError(`--branch takes a branch name (e.g. "develop"); for a full ref use --ref ${name}`);
    d.refs.push({ flag: o.flag, ref: `refs/heads/${name}` });
  },
  ref: (d, o) => {
    const ref = valueOf(o);
    if (ref.startsWith('refs/') && !/^refs\/[^/\s]+\/\S/.test(ref))
      throw new UsageError(
        `--ref needs a full ref with a name, e.g. refs/heads/main or refs/tags/v1.2.0, got "${ref}"`,
      );
    if (!ref.startsWith('refs/'))
      throw new UsageError(
        `--ref takes a full ref such as refs/heads/${ref} or refs/tags/${ref} (or use --branch / --tag)`,
      );
    d.refs.push({ flag: o.flag, ref });
  },
  tag: (d, o) => {
    const name = valueOf(o);
    if (name.trim() === '') throw new UsageError(`--tag needs a tag name (e.g. "v1.2.0"), got "${name}"`);
    if (name.startsWith('refs/'))
      throw new UsageError(`--tag takes a tag name (e.g. "v1.2.0"); for a full ref use --ref ${name}`);
    d.refs.push({ flag: o.flag, ref: `refs/tags/${name}` });
  },
  environment: (d, o) => {
    if (d.environment !== undefined) throw new UsageError('--environment given twice');
    d.environment = valueOf(o);
    if (d.environment === '') throw new UsageError('--environment needs a name');
  },
  stage: (d, o) => {
    if (d.stage !== undefined) throw new UsageError('--stage given twice');
    d.stage = valueOf(o);
  },
  'pull-request': (d, o) => {
    if (o.value !== undefined && !/^[1-9][0-9]*$/.test(o.value))
      throw new UsageError(`--pull-request takes a pull-request number, got "${o.value}"`);
    const number = o.value === undefined ? undefined : Number(o.value);
    d.runs.push({ flag: o.flag, input: { kind: 'pull-request', number } });
  },
  sub: (d, o) => d.runs.push({ flag: o.flag, input: { kind: 'sub', sub: valueOf(o) } }),
  claims: (d, o) => d.runs.push({ flag: o.flag, input: { kind: 'claims', file: valueOf(o) } }),
  jwt: (d, o) => d.runs.push({ flag: o.flag, input: { kind: 'jwt', token: valueOf(o) } }),
  repository: (d, o) =>
    once(
      d,
      'repository',
      o.flag,
      checked(o, /^[^/\s]+\/[^/\s]+$/, (v) => `--repository takes OWNER/REPO, got "${v}"`),
    ),
  'owner-id': (d, o) => once(d, 'ownerId', o.flag, numericId(o)),
  'repository-id': (d, o) => once(d, 'repositoryId', o.flag, numericId(o)),
  'sub-format': (d, o) => {
    const v = valueOf(o);
    if (v !== 'name' && v !== 'immutable') throw new UsageError(`--sub-format takes "name" or "immutable", got "${v}"`);
    once(d, 'subFormat', o.flag, v);
  },
  'workflow-file': (d, o) => once(d, 'workflowFile', o.flag, valueOf(o)),
  audience: (d, o) => once(d, 'audience', o.flag, valueOf(o)),
  issuer: (d, o) =>
    once(
      d,
      'issuer',
      o.flag,
      checked(
        o,
        /^https:\/\/[^/\s]+/,
        (v) => `--issuer takes the issuer URL, e.g. https://token.actions.githubusercontent.com, got "${v}"`,
      ),
    ),
  workflow: (d, o) => {
    if (d.workflow !== undefined) throw new UsageError('--workflow given twice');
    d.workflow = o.value ?? DEFAULT_WORKFLOW;
  },
  context: (d, o) => addContextSetting(d.context, o.flag, valueOf(o)),
  output: (d, o) => (d.output = valueOf(o)),
  synth: (d) => (d.forceSynth = true),
  json: (d) => (d.json = true),
  help: (d) => (d.help = true),
};

function numericId(option: ArgvOption): string {
  return checked(option, /^[1-9][0-9]{0,18}$/, (v) => `${option.flag} takes GitHub's numeric ID, got "${v}"`);
}

/** Parses `argv` (without node and the script). Throws `UsageError`. */
export function parseDoctorArgs(argv: readonly string[]): DoctorOptions {
  const draft: Draft = {
    runs: [],
    refs: [],
    modifiers: {},
    context: {},
    output: 'cdk.out',
    forceSynth: false,
    json: false,
    help: false,
  };
  const positionalHint = '(options start with --; see --help)';
  for (const option of readOptions(argv, DOCTOR_OPTIONS, { dashIsValue: true, positionalHint })) {
    READERS[option.name as keyof typeof DOCTOR_OPTIONS](draft, option);
  }
  return finish(draft);
}

/** The rules that tie options together: one run (or --workflow), modifiers only for generated tokens. */
function finish(draft: Draft): DoctorOptions {
  const { refs, environment, stage, modifiers, workflow, help } = draft;
  const runs = [...draft.runs];
  if (stage !== undefined && workflow !== undefined) {
    throw new UsageError(
      "--stage checks one run against a stage's deploy role; --workflow checks the workflow file: leave out one",
    );
  }
  // A job in an environment still runs for a ref: --environment may take one --branch/--ref/--tag.
  if (environment !== undefined) {
    if (refs.length > 1)
      throw new UsageError(`give --environment at most one ref, not ${refs.map((r) => r.flag).join(' and ')}`);
    runs.unshift({ flag: '--environment', input: { kind: 'environment', environment, ref: refs[0]?.ref } });
  } else if (stage !== undefined && runs.length === 0) {
    // --stage alone is a job in the stage's environment, on the ref given (or the default one).
    if (refs.length > 1)
      throw new UsageError(`give --stage at most one ref, not ${refs.map((r) => r.flag).join(' and ')}`);
    runs.unshift({ flag: '--stage', input: { kind: 'stage-job', ref: refs[0]?.ref } });
  } else {
    runs.unshift(...refs.map((r) => ({ flag: r.flag, input: { kind: 'ref', ref: r.ref } as RunInput })));
  }
  if (runs.length > 1) {
    throw new UsageError(`give one run to check, not ${runs.map((r) => r.flag).join(' and ')}`);
  }
  const run = runs[0]?.input;
  if (run && workflow !== undefined)
    throw new UsageError(`--workflow checks the workflow file; leave out ${runs[0].flag}`);
  if (!run && workflow === undefined && !help) {
    throw new UsageError(
      'say which run to check, e.g. --branch feature-x, --tag v1.2.0, --environment production, --jwt TOKEN; or --workflow (see --help)',
    );
  }
  // --repository alone may also choose one of `repositories` (checked with the settings: see
  // checkRepositoryChoice); with any other modifier the rules hold as for a single repository.
  // --workflow FILE --workflow-file PATH: FILE is checked as the repository's PATH (a copy kept elsewhere).
  const usedModifiers = Object.keys(modifiers).filter((m) => !(m === 'workflowFile' && !run && workflow !== undefined));
  if (usedModifiers.some((m) => m !== 'repository')) checkModifiers(run, modifiers, usedModifiers);
  const { context, output, forceSynth, json } = draft;
  return { run, workflow, stage, modifiers, context, output, forceSynth, json, help };
}

/** Modifiers change a generated token: none with --workflow, --claims or --jwt, no repository with --sub. */
function checkModifiers(
  run: RunInput | undefined,
  modifiers: TokenModifiers,
  usedModifiers: readonly string[] = Object.keys(modifiers),
): void {
  if (usedModifiers.length > 0 && (!run || run.kind === 'claims' || run.kind === 'jwt')) {
    throw new UsageError(
      `--${usedModifiers[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} changes a generated token; it cannot be combined with ${run ? `--${run.kind}` : '--workflow'}`,
    );
  }
  if (
    run?.kind === 'sub' &&
    (modifiers.repository || modifiers.ownerId || modifiers.repositoryId || modifiers.subFormat)
  ) {
    throw new UsageError(
      '--sub already names the repository and its format; leave out --repository, --owner-id, --repository-id and --sub-format',
    );
  }
}

/**
 * With `repositories`, `--repository OWNER/REPO` chooses the repository whose role is checked,
 * with any run or --workflow. Without, it only simulates a run of another repository, so the
 * rules for modifiers apply to it.
 */
export function checkRepositoryChoice(options: DoctorOptions, listed: boolean): void {
  if (!listed) checkModifiers(options.run, options.modifiers);
}
