/**
 * Command-line arguments of `npm run doctor`, parsed without a library so that every mistake gets
 * one line that says what is accepted (exit code 2).
 */

/** A bad command line: one line, no stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One option read from the command line. */
export interface ArgvOption {
  /** The argument as written, for messages. */
  readonly arg: string;
  /** The option name: `--flag` (without any `=value`), `-c`, or a stray word. */
  readonly flag: string;
  /** The value written as `--flag=value`, if any. */
  readonly inline: string | undefined;
}

/**
 * Reads command-line options one at a time, as both CLIs take them: `--flag=value`,
 * `--flag value` and `-c value`. A lone `--` (which some npm versions pass through) is skipped.
 */
export class ArgvReader {
  private readonly rest: string[];

  /**
   * @param dashIsValue whether a lone "-" counts as a value (standard input) rather than an option
   */
  constructor(
    argv: readonly string[],
    private readonly dashIsValue: boolean,
  ) {
    this.rest = [...argv];
  }

  /** The next option; undefined when none is left. */
  next(): ArgvOption | undefined {
    let arg = this.rest.shift();
    while (arg === '--') arg = this.rest.shift();
    if (arg === undefined) return undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    return eq === -1
      ? { arg, flag: arg, inline: undefined }
      : { arg, flag: arg.slice(0, eq), inline: arg.slice(eq + 1) };
  }

  /** The option's value: written inline, or the next argument, which must not be another option. */
  value(option: ArgvOption): string {
    if (option.inline !== undefined) return option.inline;
    const v = this.rest.shift();
    if (v === undefined || (v.startsWith('-') && !(this.dashIsValue && v === '-'))) {
      throw new UsageError(`${option.flag} needs a value (see --help)`);
    }
    return v;
  }

  /** For an option whose value may be left out: the inline value, or the next argument if `accept` takes it. */
  optionalValue(option: ArgvOption, accept: (next: string) => boolean): string | undefined {
    if (option.inline !== undefined) return option.inline;
    return this.rest[0] !== undefined && accept(this.rest[0]) ? this.rest.shift() : undefined;
  }
}

/** Adds one `-c KEY=VALUE` setting (as the CDK CLI takes it) to `context`. */
export function addContextSetting(context: Record<string, string>, flag: string, kv: string): void {
  const i = kv.indexOf('=');
  if (i <= 0)
    throw new UsageError(`${flag} takes KEY=VALUE (e.g. -c 'allowedBranches=["develop","main"]'), got "${kv}"`);
  context[kv.slice(0, i)] = kv.slice(i + 1);
}

/** Which run of GitHub Actions to check. */
export type RunInput =
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'environment'; readonly environment: string; readonly ref?: string }
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

export interface DoctorOptions {
  readonly run?: RunInput;
  /** `--workflow [FILE]`: check the deploy workflow against the stack. */
  readonly workflow?: string;
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

export const DEFAULT_WORKFLOW = '.github/workflows/deploy-ecr.yml';

export const DOCTOR_USAGE = `Usage: npm run doctor -- RUN [options]
       npm run doctor -- --workflow [FILE] [options]

Says whether a GitHub Actions run may assume the deploy role (as the synthesized trust policy
decides it), and if not, which condition fails and which setting or workflow change fixes it.

RUN (one of):
  --branch NAME          a push to a branch                    e.g. --branch feature-x
  --ref REF              a full ref                            e.g. --ref refs/heads/feature-x
  --tag NAME             a pushed tag                          e.g. --tag v1.2.0
  --environment NAME     a job with "environment: NAME" (add --branch/--ref for its ref)
  --pull-request [N]     a pull-request run
  --sub SUB              a token with exactly this sub claim (other claims made up to match)
  --claims FILE          token claims as JSON, evaluated as they are (nothing is filled in)
  --jwt TOKEN|@FILE      a real GitHub OIDC token, evaluated as it is: its payload is decoded
                         locally (no signature check, nothing is sent anywhere)

Generated runs are jobs of the file workflowFile pins, or of ${DEFAULT_WORKFLOW} when it pins none.

Simulating other runs (with --branch/--ref/--tag/--environment/--pull-request/--sub):
  --repository OWNER/REPO   a run of another repository (or another spelling of this one)
  --owner-id ID, --repository-id ID   the numeric IDs GitHub sends for it
  --sub-format name|immutable         repo:OWNER/REPO:… or repo:OWNER@ID/REPO@ID:…
  --workflow-file PATH      the workflow file that runs (job_workflow_ref)
  --audience AUD, --issuer URL

Options:
  --workflow [FILE]      check the deploy workflow (default ${DEFAULT_WORKFLOW}) against the stack
  -c, --context KEY=VALUE  a setting, as for cdk synth (repeatable)
  -o, --output DIR       cloud assembly directory (default cdk.out)
  --synth                synthesize even if the template looks current
  --json                 machine-readable output
  -h, --help

Exit codes: 0 allowed (or workflow consistent), 1 denied (or inconsistent), 2 usage or configuration error.`;

/** Parses `argv` (without node and the script). Throws `UsageError`. */
export function parseDoctorArgs(argv: readonly string[]): DoctorOptions {
  const runs: Array<{ flag: string; input: RunInput }> = [];
  const refs: Array<{ flag: string; ref: string }> = [];
  let environment: string | undefined;
  const modifiers: { -readonly [K in keyof TokenModifiers]: TokenModifiers[K] } = {};
  const context: Record<string, string> = {};
  let workflow: string | undefined;
  let output = 'cdk.out';
  let forceSynth = false;
  let json = false;
  let help = false;

  const reader = new ArgvReader(argv, true);
  const once = <K extends keyof TokenModifiers>(key: K, flag: string, value: TokenModifiers[K]) => {
    if (modifiers[key] !== undefined) throw new UsageError(`${flag} given twice`);
    modifiers[key] = value;
  };

  for (let option = reader.next(); option !== undefined; option = reader.next()) {
    const { arg, flag } = option;
    switch (flag) {
      case '--branch': {
        const name = reader.value(option);
        if (name.startsWith('refs/'))
          throw new UsageError(`--branch takes a branch name (e.g. "develop"); for a full ref use --ref ${name}`);
        refs.push({ flag, ref: `refs/heads/${name}` });
        break;
      }
      case '--ref': {
        const ref = reader.value(option);
        if (!ref.startsWith('refs/')) {
          throw new UsageError(
            `--ref takes a full ref such as refs/heads/${ref} or refs/tags/${ref} (or use --branch / --tag)`,
          );
        }
        refs.push({ flag, ref });
        break;
      }
      case '--tag': {
        const name = reader.value(option);
        if (name.startsWith('refs/'))
          throw new UsageError(`--tag takes a tag name (e.g. "v1.2.0"); for a full ref use --ref ${name}`);
        refs.push({ flag, ref: `refs/tags/${name}` });
        break;
      }
      case '--environment':
        if (environment !== undefined) throw new UsageError('--environment given twice');
        environment = reader.value(option);
        if (environment === '') throw new UsageError('--environment needs a name');
        break;
      case '--pull-request': {
        let number: number | undefined;
        const next = reader.optionalValue(option, (v) => /^[0-9]+$/.test(v));
        if (next !== undefined) {
          if (!/^[1-9][0-9]*$/.test(next))
            throw new UsageError(`--pull-request takes a pull-request number, got "${next}"`);
          number = Number(next);
        }
        runs.push({ flag, input: { kind: 'pull-request', number } });
        break;
      }
      case '--sub':
        runs.push({ flag, input: { kind: 'sub', sub: reader.value(option) } });
        break;
      case '--claims':
        runs.push({ flag, input: { kind: 'claims', file: reader.value(option) } });
        break;
      case '--jwt':
        runs.push({ flag, input: { kind: 'jwt', token: reader.value(option) } });
        break;
      case '--repository': {
        const v = reader.value(option);
        if (!/^[^/\s]+\/[^/\s]+$/.test(v)) throw new UsageError(`--repository takes OWNER/REPO, got "${v}"`);
        once('repository', flag, v);
        break;
      }
      case '--owner-id':
      case '--repository-id': {
        const v = reader.value(option);
        if (!/^[1-9][0-9]{0,18}$/.test(v)) throw new UsageError(`${flag} takes GitHub's numeric ID, got "${v}"`);
        once(flag === '--owner-id' ? 'ownerId' : 'repositoryId', flag, v);
        break;
      }
      case '--sub-format': {
        const v = reader.value(option);
        if (v !== 'name' && v !== 'immutable')
          throw new UsageError(`--sub-format takes "name" or "immutable", got "${v}"`);
        once('subFormat', flag, v);
        break;
      }
      case '--workflow-file':
        once('workflowFile', flag, reader.value(option));
        break;
      case '--audience':
        once('audience', flag, reader.value(option));
        break;
      case '--issuer': {
        const v = reader.value(option);
        if (!/^https:\/\/[^/\s]+/.test(v))
          throw new UsageError(
            `--issuer takes the issuer URL, e.g. https://token.actions.githubusercontent.com, got "${v}"`,
          );
        once('issuer', flag, v);
        break;
      }
      case '--workflow': {
        if (workflow !== undefined) throw new UsageError('--workflow given twice');
        const next = reader.optionalValue(option, (v) => !v.startsWith('-'));
        workflow = next ?? DEFAULT_WORKFLOW;
        break;
      }
      case '-c':
      case '--context':
        addContextSetting(context, flag, reader.value(option));
        break;
      case '-o':
      case '--output':
        output = reader.value(option);
        break;
      case '--synth':
        forceSynth = true;
        break;
      case '--json':
        json = true;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      default:
        throw new UsageError(
          arg.startsWith('-')
            ? `unknown option "${arg}" (see --help)`
            : `unexpected argument "${arg}" (options start with --; see --help)`,
        );
    }
  }

  // A job in an environment still runs for a ref: --environment may take one --branch/--ref/--tag.
  if (environment !== undefined) {
    if (refs.length > 1)
      throw new UsageError(`give --environment at most one ref, not ${refs.map((r) => r.flag).join(' and ')}`);
    runs.unshift({ flag: '--environment', input: { kind: 'environment', environment, ref: refs[0]?.ref } });
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
  const usedModifiers = Object.keys(modifiers);
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
  return { run, workflow, modifiers, context, output, forceSynth, json, help };
}
