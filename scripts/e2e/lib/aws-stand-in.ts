/**
 * The rehearsal's `aws` command. The deploy workflow's `run:` steps may call the AWS CLI after
 * "Assume the deploy role"; in the rehearsal an executable named `aws` comes first on their PATH
 * and runs this file, which answers from the loopback registry the way ECR would:
 *
 * - `aws ecr batch-get-image --repository-name R --image-ids imageTag=T|imageDigest=D …`: a
 *   manifest read from the registry (the only call the deploy role's ecr:BatchGetImage covers
 *   that says whether a tag exists). A missing tag is not an error: it comes back under
 *   `failures` with the code `ImageNotFound`, as ECR answers. A repository the stack did not
 *   create is `RepositoryNotFoundException` (exit 254).
 * - `--query` (the JMESPath subset scripts use: paths, `[n]`, multi-select lists and hashes) and
 *   `--output json|text` (text as the AWS CLI prints it: tab-separated, null as `None`).
 *
 * Any other command or option stops with an error that names it, so a workflow change the
 * stand-in does not know fails the rehearsal instead of being answered wrongly. Like the real CLI
 * it needs a region (configure-aws-credentials exports AWS_REGION). Each call is appended to a
 * JSON-lines log the rehearsal reads afterwards.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the launcher passes (a JSON file named by E2E_AWS_STAND_IN_CONFIG). */
export interface AwsStandInConfig {
  /** e.g. http://127.0.0.1:40123 */
  readonly registryUrl: string;
  readonly user: string;
  readonly token: string;
  /** The account ID ECR answers with. */
  readonly registryId: string;
  /** Repositories the stack created: a missing one of these is empty, any other does not exist. */
  readonly repositories: readonly string[];
  /** JSON lines, one per call. */
  readonly callLog: string;
}

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

/** One entry of `--image-ids`: `imageTag=x` and/or `imageDigest=sha256:…` (comma-separated). */
export function parseImageId(text: string): { imageTag?: string; imageDigest?: string } {
  const id: { imageTag?: string; imageDigest?: string } = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (eq === -1 || (key !== 'imageTag' && key !== 'imageDigest') || value === '') {
      throw new AwsCliError(`--image-ids ${text}: expected imageTag=TAG or imageDigest=DIGEST`, 252);
    }
    id[key] = value;
  }
  return id;
}

/** What a registry answers for GET /v2/<repository>/manifests/<reference>. */
export interface ManifestAnswer {
  readonly status: number;
  readonly digest?: string;
  readonly mediaType?: string;
  readonly body: string;
}

export type ManifestReader = (
  repository: string,
  reference: string,
  accept: readonly string[],
) => Promise<ManifestAnswer>;

/** ECR's default when a request names no accepted media types. */
const DEFAULT_ACCEPTED = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
];

const KNOWN_BATCH_GET_IMAGE_OPTIONS = new Set(['repository-name', 'image-ids', 'accepted-media-types', 'registry-id']);

/** `aws ecr batch-get-image` answered from a registry: ECR's response shape. */
export async function batchGetImage(
  call: AwsCall,
  config: Pick<AwsStandInConfig, 'registryId' | 'repositories'>,
  read: ManifestReader,
): Promise<unknown> {
  for (const name of Object.keys(call.options)) {
    if (!KNOWN_BATCH_GET_IMAGE_OPTIONS.has(name))
      throw new AwsCliError(`aws ecr batch-get-image --${name} is not rehearsed`, 252);
  }
  const repository = call.options['repository-name']?.[0];
  const ids = (call.options['image-ids'] ?? []).map(parseImageId);
  if (!repository) throw new AwsCliError('aws: error: the following arguments are required: --repository-name', 252);
  if (ids.length === 0) throw new AwsCliError('aws: error: the following arguments are required: --image-ids', 252);
  const accept = call.options['accepted-media-types'] ?? DEFAULT_ACCEPTED;
  const registryId = call.options['registry-id']?.[0] ?? config.registryId;

  const images: unknown[] = [];
  const failures: unknown[] = [];
  for (const imageId of ids) {
    const reference = imageId.imageDigest ?? imageId.imageTag!;
    const answer = await read(repository, reference, accept);
    if (answer.status === 200 && answer.digest) {
      if (imageId.imageDigest && imageId.imageDigest !== answer.digest) {
        failures.push({
          imageId,
          failureCode: 'ImageTagDoesNotMatchDigest',
          failureReason: 'Requested image digest does not match the tag',
        });
        continue;
      }
      images.push({
        registryId,
        repositoryName: repository,
        imageId: { ...imageId, imageDigest: answer.digest },
        imageManifest: answer.body,
        imageManifestMediaType: answer.mediaType ?? '',
      });
      continue;
    }
    const code = registryErrorCode(answer.body);
    if (
      answer.status === 404 &&
      (code === 'MANIFEST_UNKNOWN' || (code === 'NAME_UNKNOWN' && config.repositories.includes(repository)))
    ) {
      // The stack created the repository; the registry only knows it once something is pushed.
      failures.push({ imageId, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' });
    } else if (answer.status === 404 && code === 'NAME_UNKNOWN') {
      throw new AwsCliError(
        `\nAn error occurred (RepositoryNotFoundException) when calling the BatchGetImage operation: The repository with name '${repository}' does not exist in the registry with id '${registryId}'`,
        254,
      );
    } else {
      throw new AwsCliError(
        `\nAn error occurred (ServerException) when calling the BatchGetImage operation: registry answered HTTP ${answer.status} ${code ?? ''}`.trimEnd(),
        254,
      );
    }
  }
  return { images, failures };
}

function registryErrorCode(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { errors?: Array<{ code?: string }> }).errors?.[0]?.code;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// --query: the JMESPath subset scripts write for one value or a few.

/**
 * Evaluates `expression` on `data`: identifiers, `.`, `[n]` (negative from the end), multi-select
 * lists `[a, b]` and hashes `{k: a}`, `@`. A missing value is null, as in JMESPath.
 */
export function jmesQuery(expression: string, data: unknown): unknown {
  const parser = new QueryParser(expression);
  const node = parser.expression();
  parser.end();
  return node(data);
}

type Node = (value: unknown) => unknown;

class QueryParser {
  private i = 0;
  constructor(private readonly text: string) {}

  expression(): Node {
    this.space();
    let node = this.primary();
    for (;;) {
      this.space();
      if (this.peek('.')) {
        this.i++;
        this.space();
        const next = this.peek('[') || this.peek('{') ? this.primary() : this.identifier();
        const left = node;
        node = (v) => {
          const base = left(v);
          return base === null || base === undefined ? null : next(base);
        };
      } else if (this.peek('[') && /^\[\s*-?\d/.test(this.text.slice(this.i))) {
        const index = this.index();
        const left = node;
        node = (v) => index(left(v));
      } else {
        return node;
      }
    }
  }

  end(): void {
    this.space();
    if (this.i !== this.text.length) this.fail(`unexpected '${this.text.slice(this.i)}'`);
  }

  private primary(): Node {
    this.space();
    if (this.peek('@')) {
      this.i++;
      return (v) => v;
    }
    if (this.peek('[')) {
      if (/^\[\s*-?\d/.test(this.text.slice(this.i))) return this.index();
      this.i++;
      const items: Node[] = [];
      do {
        items.push(this.expression());
        this.space();
      } while (this.take(','));
      if (!this.take(']')) this.fail("expected ']'");
      return (v) => (v === null || v === undefined ? null : items.map((item) => item(v) ?? null));
    }
    if (this.peek('{')) {
      this.i++;
      const entries: Array<[string, Node]> = [];
      do {
        this.space();
        const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.i))?.[0];
        if (!key) this.fail('expected a key');
        this.i += key!.length;
        this.space();
        if (!this.take(':')) this.fail("expected ':'");
        entries.push([key!, this.expression()]);
        this.space();
      } while (this.take(','));
      if (!this.take('}')) this.fail("expected '}'");
      return (v) =>
        v === null || v === undefined ? null : Object.fromEntries(entries.map(([k, n]) => [k, n(v) ?? null]));
    }
    return this.identifier();
  }

  private identifier(): Node {
    this.space();
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.i))?.[0];
    if (!name) this.fail('expected a field name');
    this.i += name!.length;
    return (v) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? ((v as Record<string, unknown>)[name!] ?? null) : null;
  }

  private index(): Node {
    const m = /^\[\s*(-?\d+)\s*\]/.exec(this.text.slice(this.i));
    if (!m) this.fail('expected [number]');
    this.i += m![0].length;
    const n = Number(m![1]);
    return (v) => (Array.isArray(v) ? (v[n < 0 ? v.length + n : n] ?? null) : null);
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  private peek(c: string): boolean {
    return this.text[this.i] === c;
  }

  private take(c: string): boolean {
    if (!this.peek(c)) return false;
    this.i++;
    return true;
  }

  private fail(message: string): never {
    throw new AwsCliError(
      `--query '${this.text}' is outside what the rehearsal's aws stand-in evaluates: ${message} at ${this.i}`,
      252,
    );
  }
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

// ---------------------------------------------------------------------------------------------

function registryReader(config: AwsStandInConfig): ManifestReader {
  return async (repository, reference, accept) => {
    const response = await fetch(`${config.registryUrl}/v2/${repository}/manifests/${encodeURIComponent(reference)}`, {
      headers: {
        accept: accept.join(', '),
        authorization: `Basic ${Buffer.from(`${config.user}:${config.token}`).toString('base64')}`,
      },
      signal: AbortSignal.timeout(10_000),
    });
    return {
      status: response.status,
      digest: response.headers.get('docker-content-digest') ?? undefined,
      mediaType: response.headers.get('content-type') ?? undefined,
      body: await response.text(),
    };
  };
}

/** Runs one `aws …` invocation; returns the exit code, printing as the CLI does. */
export async function runAws(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  config: AwsStandInConfig,
  read: ManifestReader = registryReader(config),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let record: Record<string, unknown> = { argv };
  try {
    const call = parseAwsArgs(argv);
    record = { ...record, command: `${call.service} ${call.command}` };
    if (!(call.region || env.AWS_REGION || env.AWS_DEFAULT_REGION)) {
      throw new AwsCliError(
        'You must specify a region. You can also configure your region by running "aws configure".',
        253,
      );
    }
    if (call.service !== 'ecr' || call.command !== 'batch-get-image') {
      throw new AwsCliError(
        `aws ${call.service} ${call.command} is not rehearsed (scripts/e2e/lib/aws-stand-in.ts knows aws ecr batch-get-image)`,
        252,
      );
    }
    const response = await batchGetImage(call, config, read);
    const result = call.query === undefined ? response : jmesQuery(call.query, response);
    const { images, failures } = response as { images: unknown[]; failures: unknown[] };
    record = {
      ...record,
      images: images.length,
      failures: failures.map((f) => (f as { failureCode: string }).failureCode),
      result,
    };
    return { code: 0, stdout: formatOutput(result, call.output), stderr: '' };
  } catch (error) {
    const code = error instanceof AwsCliError ? error.exitCode : 255;
    const message = error instanceof Error ? error.message : String(error);
    record = { ...record, error: message, code };
    return { code, stdout: '', stderr: `${message}\n` };
  } finally {
    fs.appendFileSync(config.callLog, `${JSON.stringify(record)}\n`);
  }
}

/** The calls logged so far (for the rehearsal's checks). */
export function readCallLog(file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * Writes `DIR/bin/aws` (a launcher running a JavaScript copy of this file with the rehearsal's
 * node) and its configuration; returns the directory to put first on PATH.
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
  const script = path.join(binDir, 'aws-stand-in.js');
  fs.writeFileSync(script, standInJavaScript(), { mode: 0o600 });
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

let compiled: string | undefined;

/**
 * This file as CommonJS, transpiled by swc (the transpiler ts-node uses in this project). node
 * starts on it in ~0.1 s of CPU; through ts-node, which loads TypeScript to read tsconfig.json,
 * ~0.6 s, and the deploy workflow calls `aws` on every walk of the job.
 */
function standInJavaScript(): string {
  if (compiled === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const swc = require('@swc/core') as typeof import('@swc/core');
    const { code } = swc.transformFileSync(__filename, {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    // The copy runs from the rehearsal's directory: it can only use node's own modules (and
    // never calls this function, the one place that loads @swc/core).
    const other = /require\((["'])(?!node:|@swc\/core\1)([^"']*)\1\)/.exec(code);
    if (other)
      throw new Error(
        `${__filename} must import only node: modules (its JavaScript copy runs from another directory), not "${other[2]}"`,
      );
    compiled = code;
  }
  return compiled;
}

if (require.main === module) {
  const file = process.env.E2E_AWS_STAND_IN_CONFIG;
  if (!file) {
    process.stderr.write(
      'aws stand-in: E2E_AWS_STAND_IN_CONFIG is not set (run through the launcher installAwsStandIn writes)\n',
    );
    process.exit(255);
  }
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as AwsStandInConfig;
  void runAws(process.argv.slice(2), process.env, config).then(({ code, stdout, stderr }) => {
    process.stdout.write(stdout);
    process.stderr.write(stderr);
    process.exitCode = code;
  });
}
