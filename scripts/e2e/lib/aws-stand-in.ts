/**
 * The rehearsal's `aws` command. The deploy workflow's `run:` steps may call the AWS CLI after
 * "Assume the deploy role"; in the rehearsal an executable named `aws` comes first on their PATH
 * and hands the call to this file, inside the rehearsal's own process (aws-stand-in-install.ts),
 * which answers the way AWS would:
 *
 * - `aws ecr batch-get-image --repository-name R --image-ids imageTag=T|imageDigest=D …`: a
 *   manifest read from the registry (the only call the deploy role's ecr:BatchGetImage covers
 *   that says whether a tag exists). A missing tag is not an error: it comes back under
 *   `failures` with the code `ImageNotFound`, as ECR answers. A repository the stack did not
 *   create is `RepositoryNotFoundException` (exit 254).
 * - `aws ecs describe-services | describe-task-definition | register-task-definition |
 *   update-service`: answered from a make-believe ECS (ecs-stand-in.ts, ecs-state.ts), for the
 *   role session configure-aws-credentials' stand-in opened.
 * - `--query` (the JMESPath subset scripts use: paths, `[n]`, multi-select lists and hashes,
 *   filter projections, pipes) and `--output json|text` (text as the AWS CLI prints it:
 *   tab-separated, null as `None`).
 *
 * Any other command or option stops with an error that names it, so a workflow change the
 * stand-in does not know fails the rehearsal instead of being answered wrongly. Like the real CLI
 * it needs a region (configure-aws-credentials exports AWS_REGION). Each call is appended to a
 * JSON-lines log the rehearsal reads afterwards.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AwsCliError, formatOutput, parseAwsArgs, type AwsCall } from './aws-cli';
import { ecsCall } from './ecs-stand-in';
import type { EcsState } from './ecs-state';
import { jmesQuery } from './jmes-query';

/** What the stand-in answers from. */
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
  /** The make-believe ECS, changed in place by the `aws ecs` calls (none: `aws ecs` is not rehearsed). */
  readonly ecs?: EcsState;
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

/**
 * Runs one `aws …` invocation made in directory `cwd` (where `file://` paths start); returns the
 * exit code and what the CLI would print.
 */
export async function runAws(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  config: AwsStandInConfig,
  read: ManifestReader = registryReader(config),
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let record: Record<string, unknown> = { argv };
  try {
    const call = parseAwsArgs(argv);
    record = { ...record, command: `${call.service} ${call.command}` };
    const region = call.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) {
      throw new AwsCliError(
        'You must specify a region. You can also configure your region by running "aws configure".',
        253,
      );
    }
    if (call.service === 'ecs' && config.ecs) {
      const { response, record: done } = ecsCall(call, config.ecs, {
        region,
        env,
        readFile: (file) => fs.readFileSync(path.resolve(cwd, file), 'utf8'),
      });
      const result = call.query === undefined ? response : jmesQuery(call.query, response);
      record = { ...record, ...done, result };
      return { code: 0, stdout: formatOutput(result, call.output), stderr: '' };
    }
    if (call.service !== 'ecr' || call.command !== 'batch-get-image') {
      throw new AwsCliError(
        `aws ${call.service} ${call.command} is not rehearsed (scripts/e2e/lib/aws-stand-in.ts knows aws ecr batch-get-image${config.ecs ? ' and four aws ecs commands' : ''})`,
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
