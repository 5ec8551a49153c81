/**
 * The AWS CLI's own conventions, as the rehearsal's `aws` stand-in follows them: how it reads its
 * arguments (`service command`, global options, `--name value…`, `--name=value`), how it prints a
 * result (`--output json|text`), and its exit codes (252 usage, 253 configuration, 254 service).
 */

/** One invocation, as read from argv. */
export interface AwsCall {
  readonly service: string;
  readonly command: string;
  /** Command options: each `--name` with the words after it (none for a flag). */
  readonly options: Readonly<Record<string, string[]>>;
  readonly query?: string;
  readonly output: 'json' | 'text';
}

/** Options every AWS CLI command takes (with a value, or as a flag). */
const GLOBAL_WITH_VALUE = new Set([
  '--region',
  '--output',
  '--query',
  '--profile',
  '--endpoint-url',
  '--cli-read-timeout',
  '--cli-connect-timeout',
]);
const GLOBAL_FLAGS = new Set(['--no-cli-pager', '--no-paginate', '--debug', '--no-verify-ssl', '--no-sign-request']);

/** An error the CLI prints on stderr, with the exit code it ends with. */
export class AwsCliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Splits argv the way the CLI reads it: `service command`, options with their values. */
export function parseAwsArgs(argv: readonly string[]): AwsCall & { readonly region?: string } {
  const words: string[] = [];
  const options: Record<string, string[]> = {};
  const globals: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    if (GLOBAL_WITH_VALUE.has(arg)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new AwsCliError(`aws: error: argument ${arg}: expected one argument`, 252);
      globals[arg] = value;
    } else if (GLOBAL_FLAGS.has(arg)) {
      globals[arg] = 'true';
    } else if (arg.startsWith('--')) {
      const values: string[] = inline !== undefined ? [inline] : [];
      while (inline === undefined && i + 1 < argv.length && !argv[i + 1].startsWith('--')) values.push(argv[++i]);
      options[arg.slice(2)] = values;
    } else if (words.length < 2) {
      words.push(arg);
    } else {
      throw new AwsCliError(`aws: error: unrecognized arguments: ${arg}`, 252);
    }
  }
  const output = globals['--output'] ?? 'json';
  if (output !== 'json' && output !== 'text')
    throw new AwsCliError(`the rehearsal's aws stand-in prints json or text, not --output ${output}`, 252);
  if (globals['--endpoint-url']) throw new AwsCliError('--endpoint-url is not rehearsed', 252);
  return {
    service: words[0] ?? '',
    command: words[1] ?? '',
    options,
    query: globals['--query'],
    output,
    region: globals['--region'],
  };
}

/**
 * Prints a result like the AWS CLI: JSON indented by 4; text as scalars, `None` for null,
 * `True`/`False`, a list of scalars on one tab-separated line, a list of lists one per line.
 */
export function formatOutput(value: unknown, output: 'json' | 'text'): string {
  if (output === 'json') return `${JSON.stringify(value ?? null, null, 4)}\n`;
  const scalar = (v: unknown): string => {
    if (v === null || v === undefined) return 'None';
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (typeof v === 'object') throw new AwsCliError('the aws stand-in prints objects only with --output json', 252);
    return String(v);
  };
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(Array.isArray))
      return value.map((row) => `${(row as unknown[]).map(scalar).join('\t')}\n`).join('');
    return `${value.map(scalar).join('\t')}\n`;
  }
  return `${scalar(value)}\n`;
}

/** Who the CLI calls as: the role session configure-aws-credentials' stand-in opened. */
export interface AssumedRole {
  readonly roleArn: string;
  readonly sessionName: string;
}

const SESSION_TOKEN_PREFIX = 'e2e-rehearsal-session:';

/**
 * The variables configure-aws-credentials exports for a role session (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). In the rehearsal there is no STS: the session token
 * carries the role and session name, so the stand-in knows whom it answers (and refuses others).
 */
export function sessionCredentials(session: AssumedRole): Record<string, string> {
  const token = Buffer.from(JSON.stringify(session)).toString('base64');
  return {
    AWS_ACCESS_KEY_ID: 'ASIAE2EREHEARSAL0000',
    AWS_SECRET_ACCESS_KEY: 'e2e-rehearsal-not-a-secret',
    AWS_SESSION_TOKEN: `${SESSION_TOKEN_PREFIX}${token}`,
  };
}

/** The role session of `sessionCredentials` in the environment; the CLI's error when there is none. */
export function assumedRole(env: NodeJS.ProcessEnv): AssumedRole {
  const token = env.AWS_SESSION_TOKEN ?? '';
  if (!env.AWS_ACCESS_KEY_ID || !token.startsWith(SESSION_TOKEN_PREFIX)) {
    throw new AwsCliError(
      'Unable to locate credentials. You can configure credentials by running "aws configure".',
      253,
    );
  }
  return JSON.parse(Buffer.from(token.slice(SESSION_TOKEN_PREFIX.length), 'base64').toString('utf8')) as AssumedRole;
}

/** The request body of `--cli-input-json file://PATH` (or inline JSON), as the CLI reads it. */
export function cliInputJson(value: string | undefined, readFile: (path: string) => string): Record<string, unknown> {
  if (value === undefined) throw new AwsCliError('aws: error: argument --cli-input-json: expected one argument', 252);
  const text = value.startsWith('file://') ? readFile(value.slice('file://'.length)) : value;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new AwsCliError(`Error parsing parameter 'cli-input-json': Invalid JSON: ${(error as Error).message}`, 252);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AwsCliError("Error parsing parameter 'cli-input-json': expected a JSON object", 252);
  }
  return body as Record<string, unknown>;
}
