/**
 * The rehearsal walks the real deploy workflow: every step must have a stand-in, its bash must run
 * as written, and build-push-action must receive the tags, labels and build-args a real run gets.
 * Containers are replaced by recording handlers here (`npm run test:e2e` does the real thing);
 * the `aws` the scripts call is the rehearsal's stand-in, answering from a tiny fake registry.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { readCallLog, startAwsStandIn } from '../../../scripts/e2e/lib/aws-stand-in-install';
import { instructions } from '../../../scripts/e2e/lib/dockerfile';
import type { Contexts } from '../../../lib/workflow/expressions';
import { renderMetadata } from '../../../scripts/e2e/lib/metadata-action';
import { rehearsalContexts, rehearsalSettings, repositoryInfo } from '../../../scripts/e2e/lib/rehearsal-context';
import { readDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { parseCommandFile } from '../../../scripts/e2e/lib/run-step';
import { ActionCall, actionName, JobReport, rehearseJob } from '../../../scripts/e2e/lib/workflow-runner';

const ROOT = path.join(__dirname, '..', '..', '..');
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const REGISTRY = 'localhost:5555';
const REPOSITORY = 'my-ecr-repo';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const TOKEN = 'fake-token';

/**
 * A registry that answers manifest GETs only: `images` maps "repository:tag" to a digest. Like
 * distribution, it knows a repository once something is pushed to it (else NAME_UNKNOWN).
 * Basic auth as AWS:TOKEN.
 */
async function fakeRegistry(images: Record<string, string>): Promise<{ url: string; close: () => Promise<void> }> {
  const repositories = Object.keys(images).map((key) => key.slice(0, key.lastIndexOf(':')));
  const server = http.createServer((req, res) => {
    const auth = `Basic ${Buffer.from(`AWS:${TOKEN}`).toString('base64')}`;
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(req.url ?? '');
    const error = (status: number, code: string) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code, message: code.toLowerCase() }] }));
    };
    if (req.headers.authorization !== auth) return error(401, 'UNAUTHORIZED');
    if (!m) return error(404, 'NOT_FOUND');
    const [, repository, tag] = m;
    if (!repositories.includes(repository)) return error(404, 'NAME_UNKNOWN');
    const digest = images[`${repository}:${decodeURIComponent(tag)}`];
    if (!digest) return error(404, 'MANIFEST_UNKNOWN');
    res.writeHead(200, {
      'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
      'docker-content-digest': digest,
    });
    res.end('{"schemaVersion":2}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface WalkOptions {
  /** Images already in the registry ("repository:tag" → digest). */
  readonly images?: Record<string, string>;
  /** Repositories the stack created (default: the one the workflow pushes to). */
  readonly stackRepositories?: string[];
  /** Changes to the github context (event, ref). */
  readonly github?: Record<string, unknown>;
}

interface Walk {
  readonly job: JobReport;
  readonly calls: Record<string, ActionCall>;
  readonly awsCalls: Array<Record<string, unknown>>;
}

async function walk(movingTags: string, options: WalkOptions = {}): Promise<Walk> {
  const deploy = readDeployWorkflow(ROOT);
  const job = deploy.job!;
  const settings = rehearsalSettings({
    cdkContext: { ecrRepositoryName: REPOSITORY, region: 'ap-northeast-1' },
    pushBranches: [...(deploy.push?.branches ?? [])],
    pushTags: [...(deploy.push?.tags ?? [])],
    movingTagsOverride: movingTags,
    sha: SHA,
    runId: '1',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-walk-'));
  const registry = await fakeRegistry(options.images ?? {});
  const aws = await startAwsStandIn(path.join(dir, 'aws'), {
    registryUrl: registry.url,
    user: 'AWS',
    token: TOKEN,
    registryId: '123456789012',
    repositories: options.stackRepositories ?? [REPOSITORY],
  });
  const calls: Record<string, ActionCall> = {};
  const record =
    (outputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
    async (call: ActionCall) => {
      calls[call.action] = call;
      return { outputs, env };
    };
  const contexts: Contexts = rehearsalContexts(settings, 'deploy', job.id, dir, dir);
  contexts.github = { ...(contexts.github as Record<string, unknown>), ...options.github };
  try {
    const report = await rehearseJob(deploy.document, job, {
      contexts,
      workspace: dir,
      tempDir: dir,
      baseEnv: { PATH: `${aws.binDir}:${process.env.PATH ?? '/usr/bin:/bin'}` },
      handlers: {
        'actions/checkout': record(),
        'aws-actions/configure-aws-credentials': record({}, { AWS_REGION: 'ap-northeast-1' }),
        'aws-actions/amazon-ecr-login': record({ registry: REGISTRY }),
        'docker/setup-buildx-action': record(),
        'docker/metadata-action': async (call) => {
          calls[call.action] = call;
          const out = renderMetadata(call.inputs, {
            eventName: 'push',
            ref: settings.ref,
            sha: SHA,
            repository: repositoryInfo(settings),
            date: new Date(0),
          });
          return { outputs: { tags: out.tags.join('\n'), labels: out.labels.join('\n'), version: out.version ?? '' } };
        },
        'docker/build-push-action': record({ digest: DIGEST }),
      },
    });
    return { job: report, calls, awsCalls: readCallLog(aws.callLog) };
  } finally {
    await aws.close();
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The walks the tests read, started together in beforeAll (each has its own directory, registry
 * and stand-in, and most of a walk is waiting on bash and the stand-in's processes); each test
 * awaits its own, so a failure is still reported by the test that reads it.
 */
let pushWithLatest: Promise<Walk>;
let noMovingTags: Promise<Walk>;
let rerun: Promise<Walk>;
let noRepository: Promise<Walk>;
let untrustedBranch: Promise<Walk>;
/**
 * `walk`, failed if it has not finished within WALK_LIMIT_MS (about 20 times what one takes here
 * beside the rest of the suite), with a message that says which walk hung rather than jest's generic timeout.
 */
const WALK_LIMIT_MS = 30_000;
// The tests await their walks: give them longer than a walk may take, so the walk's own message wins.
jest.setTimeout(WALK_LIMIT_MS + 10_000);
function timedWalk(name: string, ...args: Parameters<typeof walk>): Promise<Walk> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the "${name}" walk did not finish within ${WALK_LIMIT_MS} ms`)),
      WALK_LIMIT_MS,
    );
  });
  return Promise.race([walk(...args), limit]).finally(() => clearTimeout(timer));
}

beforeAll(() => {
  pushWithLatest = timedWalk('push with latest', 'latest');
  noMovingTags = timedWalk('no moving tags', '');
  rerun = timedWalk('re-run', 'latest', { images: { [`${REPOSITORY}:${SHA}`]: DIGEST } });
  // The repository does not exist (the stack made another): ECR answers RepositoryNotFoundException.
  noRepository = timedWalk('no repository', '', { stackRepositories: [] });
  untrustedBranch = timedWalk('untrusted branch', '', {
    github: { event_name: 'workflow_dispatch', ref: 'refs/heads/feature/x', ref_name: 'feature/x' },
  });
  for (const w of [pushWithLatest, noMovingTags, rerun, noRepository, untrustedBranch]) w.catch(() => {}); // reported by the tests that await them
});

test('every step of the deploy job has a stand-in, and build-push gets the workflow’s arguments', async () => {
  const { job, calls, awsCalls } = await pushWithLatest;
  const build = calls['docker/build-push-action'];
  expect(build.inputs.push).toBe('true');
  expect(build.inputs['build-args']).toContain(`APP_VERSION=${SHA}`);
  expect(build.inputs.tags.split('\n')).toEqual([
    `${REGISTRY}/${REPOSITORY}:${SHA}`,
    `${REGISTRY}/${REPOSITORY}:latest`,
  ]);
  expect(build.inputs.labels).toContain(`org.opencontainers.image.revision=${SHA}`);
  // The SHA tag was looked up first, with the region configure-aws-credentials exported.
  expect(awsCalls).toEqual([
    expect.objectContaining({ command: 'ecr batch-get-image', images: 0, failures: ['ImageNotFound'] }),
  ]);
  expect(job.summary).toContain(`### Image pushed to Amazon ECR`);
  expect(job.summary).toContain(`${REGISTRY}/${REPOSITORY}@${DIGEST}`);
});

test('with no moving tags, only the immutable SHA tag is pushed', async () => {
  const { calls } = await noMovingTags;
  expect(calls['docker/build-push-action'].inputs.tags.split('\n')).toEqual([`${REGISTRY}/${REPOSITORY}:${SHA}`]);
});

test('a re-run of a commit already in ECR builds and pushes nothing, and its summary says so', async () => {
  const { job, calls, awsCalls } = await rerun;
  expect(calls['docker/build-push-action']).toBeUndefined();
  expect(calls['docker/metadata-action']).toBeUndefined();
  expect(calls['docker/setup-buildx-action']).toBeUndefined();
  expect(job.steps.filter((s) => s.kind === 'skipped').map((s) => s.step.id ?? s.title)).toEqual([
    'meta',
    'Set up Docker Buildx',
    'build',
  ]);
  expect(job.steps.find((s) => s.step.id === 'already-pushed')?.outputs).toEqual({ found: 'true', digest: DIGEST });
  expect(awsCalls).toEqual([expect.objectContaining({ images: 1, failures: [] })]);
  expect(job.summary).toContain('### Image already in Amazon ECR: nothing built or pushed');
  expect(job.summary).toContain(`${REGISTRY}/${REPOSITORY}@${DIGEST}`);
});

test('an unexpected ECR answer fails the lookup step instead of building', async () => {
  // The repository does not exist (the stack made another): ECR answers RepositoryNotFoundException.
  await expect(noRepository).rejects.toThrow(
    /Look for this commit's image in ECR.*\n[\s\S]*RepositoryNotFoundException/,
  );
});

test('a manual run from a branch the role does not trust is skipped by the job condition', async () => {
  const elsewhere = await untrustedBranch;
  expect(elsewhere.job.ran).toBe(false);
  expect(elsewhere.calls).toEqual({});
  expect(elsewhere.awsCalls).toEqual([]);
});

/** The Dockerfile's LABEL values, with ${APP_VERSION} as the workflow passes it. */
function dockerfileLabels(appVersion: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const { keyword, args } of instructions(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))) {
    if (keyword !== 'LABEL') continue;
    for (const m of args.matchAll(/([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
      labels[m[1]] = m[2].replace(/^"|"$/g, '').replace(/\$\{APP_VERSION\}/g, appVersion);
    }
  }
  return labels;
}

test("the labels build-push gets keep the Dockerfile's description, title and licenses, and make the version the SHA", async () => {
  // With latest allowed to move, metadata-action would name the version after its first tag.
  const { calls } = await pushWithLatest;
  const fromWorkflow = Object.fromEntries(
    calls['docker/build-push-action'].inputs.labels
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const fromDockerfile = dockerfileLabels(SHA);
  // `docker build --label` overrides the Dockerfile's LABEL: every key both set must agree.
  const shared = Object.keys(fromDockerfile).filter((k) => k in fromWorkflow);
  expect(shared.sort()).toEqual(
    [
      'org.opencontainers.image.description',
      'org.opencontainers.image.licenses',
      'org.opencontainers.image.revision',
      'org.opencontainers.image.title',
      'org.opencontainers.image.version',
    ].sort(),
  );
  for (const key of shared) expect([key, fromWorkflow[key]]).toEqual([key, fromDockerfile[key]]);
  expect(fromWorkflow['org.opencontainers.image.version']).toBe(SHA);
});

test('GITHUB_OUTPUT files: name=value lines and heredocs', () => {
  expect(parseCommandFile('a=1\nb=x=y\nlist<<EOF\none\ntwo\nEOF\n')).toEqual({ a: '1', b: 'x=y', list: 'one\ntwo' });
  expect(() => parseCommandFile('x<<END\nnever closed')).toThrow(/END/);
});

test('action names', () => {
  expect(actionName('Docker/Build-Push-Action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a')).toBe(
    'docker/build-push-action',
  );
  expect(actionName('github/codeql-action/init@v3')).toBe('github/codeql-action');
  expect(() => actionName('./local')).toThrow(/not supported/);
});
