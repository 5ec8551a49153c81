/**
 * What the rehearsal does in place of each action the deploy workflow uses. Everything after
 * "assume the role" is done for real against the loopback registry, with the docker CLI:
 *
 * - actions/checkout: copies the files a commit of the work tree would hold (tracked and
 *   untracked, minus .gitignore'd) into the workspace, keeping their mtimes;
 * - aws-actions/configure-aws-credentials: not rehearsable (GitHub's OIDC token, AWS STS); it
 *   exports the region for the steps after it, as the action does (the `run:` steps' `aws` is
 *   the rehearsal's stand-in, aws-stand-in.ts, which answers from the loopback registry);
 * - aws-actions/amazon-ecr-login: `docker login -u AWS --password-stdin REGISTRY`, as the action does;
 * - docker/metadata-action: the tags and labels the action renders (metadata-action.ts);
 * - docker/setup-buildx-action: nothing (see build-push-action);
 * - docker/build-push-action: `docker build` with the step's context, file, build-args, tags and
 *   labels, then `docker push` of every tag, then the registry checks and a second, cached build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { booleanInput, inputList } from './action-inputs';
import { BASE_REPOSITORY, ensureBaseImage } from './base-image';
import { baseImageArg, instructions } from './dockerfile';
import { Engine } from './engine';
import { renderMetadata } from './metadata-action';
import { runCommand } from './processes';
import { Registry } from './registry';
import { repositoryInfo, RehearsalSettings } from './rehearsal-context';
import { Checks, PhaseClock, seconds } from './report';
import { ActionCall, ActionHandler, ActionResult } from './workflow-runner';

/** What the build-push stand-in leaves for the pull-and-run phase and for cleanup. */
export interface PushedImage {
  /** registry host + repository, e.g. 127.0.0.1:40123/my-ecr-repo */
  readonly image: string;
  readonly repository: string;
  readonly digest: string;
  readonly imageId: string;
  readonly tags: string[];
  readonly labels: Record<string, string>;
}

export interface StandInState {
  readonly repoRoot: string;
  readonly workspace: string;
  readonly workDir: string;
  readonly settings: RehearsalSettings;
  readonly engine: Engine;
  readonly registry: Registry;
  readonly checks: Checks;
  readonly clock: PhaseClock;
  readonly notes: string[];
  /** Things to remove from the engine at cleanup. */
  readonly localImages: string[];
  loggedIn: boolean;
  /** The build arguments as lib/workflow/deploy-workflow.ts reads them, for a cross-check. */
  readonly expectedBuildArgs?: Record<string, string>;
  pushed?: PushedImage;
  /** How many times build-push-action's stand-in was called (a re-run must not call it). */
  buildCalls: number;
}

/** The files `git` would put in a commit of the work tree: tracked and untracked, not ignored. */
async function checkout(state: StandInState): Promise<ActionResult> {
  const list = await runCommand('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' },
    cwd: state.repoRoot,
  });
  let copied = 0;
  for (const file of new Set(list.stdout.split('\0').filter(Boolean))) {
    const source = path.join(state.repoRoot, file);
    const stat = fs.lstatSync(source, { throwIfNoEntry: false });
    if (!stat || stat.isDirectory()) continue; // deleted in the work tree, or a submodule
    const target = path.join(state.workspace, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.cpSync(source, target, { preserveTimestamps: true, verbatimSymlinks: true });
    copied++;
  }
  return { note: `${copied} files of the work tree (tracked + untracked, not ignored)` };
}

function assumeRole(call: ActionCall): Promise<ActionResult> {
  for (const input of ['role-to-assume', 'aws-region']) {
    if (!call.inputs[input]) throw new Error(`input ${input} is empty`);
  }
  // The action exports the region (and the session's keys, which the aws stand-in does not need).
  const region = call.inputs['aws-region'];
  return Promise.resolve({
    env: { AWS_REGION: region, AWS_DEFAULT_REGION: region },
    note: `not rehearsed: needs GitHub's OIDC token and AWS STS (exports AWS_REGION=${region})`,
  });
}

async function ecrLogin(call: ActionCall, state: StandInState): Promise<ActionResult> {
  if ((call.inputs['registry-type'] ?? 'private') !== 'private')
    throw new Error('only private ECR registries are rehearsed');
  const host = state.registry.host;
  await state.engine.docker(['login', '--username', 'AWS', '--password-stdin', host], { input: state.registry.token });
  state.loggedIn = true;
  const config = JSON.parse(fs.readFileSync(path.join(state.engine.env.DOCKER_CONFIG, 'config.json'), 'utf8')) as {
    auths?: Record<string, unknown>;
  };
  state.checks.expect(
    config.auths?.[host] !== undefined,
    `docker login -u AWS --password-stdin ${host} stored credentials for it`,
  );
  // The first walk moves on to the build phase here; a re-run's walk stays in its own phase.
  if (state.clock.phase === 'login') state.clock.enter('build');
  return { outputs: { registry: host } };
}

function metadata(call: ActionCall, state: StandInState): Promise<ActionResult> {
  const s = state.settings;
  const result = renderMetadata(call.inputs, {
    eventName: 'push',
    ref: `refs/heads/${s.branch}`,
    sha: s.sha,
    repository: repositoryInfo(s),
    date: new Date(),
  });
  if (result.tags.length === 0) throw new Error('metadata-action would produce no tag');
  const sepTags = call.inputs['sep-tags'] || '\n';
  const sepLabels = call.inputs['sep-labels'] || '\n';
  const labels = keyValues(result.labels);
  return Promise.resolve({
    outputs: {
      version: result.version ?? '',
      tags: result.tags.join(sepTags),
      'tag-names': result.tagNames.join(sepTags),
      labels: result.labels.join(sepLabels),
      annotations: result.labels.map((l) => `manifest:${l}`).join(sepLabels),
      json: JSON.stringify({ tags: result.tags, labels }, null, 2),
    },
    note: `tags ${result.tagNames.join(', ')}; version label ${result.version}`,
  });
}

async function setupBuildx(state: StandInState): Promise<ActionResult> {
  const buildx = await state.engine.docker(['buildx', 'version'], { check: false });
  if (state.engine.kind === 'docker' && buildx.code === 0) return { note: 'docker buildx present' };
  return { note: 'no BuildKit behind this engine: build-push-action is rehearsed with `docker build`' };
}

// build-push-action inputs, by how the rehearsal treats them.
const BUILDKIT_ONLY = [
  'provenance',
  'sbom',
  'attests',
  'cache-from',
  'cache-to',
  'annotations',
  'builder',
  'no-cache-filters',
  'allow',
  'github-token',
];
const CHANGES_THE_BUILD = [
  'secrets',
  'secret-envs',
  'secret-files',
  'ssh',
  'build-contexts',
  'call',
  'outputs',
  'cgroup-parent',
  'shm-size',
  'ulimit',
];
const TRANSLATED = [
  'context',
  'file',
  'build-args',
  'tags',
  'labels',
  'push',
  'load',
  'pull',
  'no-cache',
  'target',
  'platforms',
  'network',
  'add-hosts',
];

interface BuildPlan {
  readonly args: string[];
  /** Instructions from the first FROM on: the steps a legacy builder numbers. */
  readonly dockerfileSteps: number;
  readonly contextDir: string;
  readonly tags: string[];
  readonly labels: Record<string, string>;
}

/** Notes the BuildKit-only inputs, and refuses inputs the classic builder would get wrong. */
function screenInputs(inputs: Record<string, string>, notes: string[]): void {
  for (const [name, value] of Object.entries(inputs)) {
    if (!value) continue;
    if (CHANGES_THE_BUILD.includes(name))
      throw new Error(`input ${name} is not supported by the rehearsal (docker build without BuildKit)`);
    if (BUILDKIT_ONLY.includes(name))
      notes.push(`build-push-action ${name}: ${value.replace(/\s*\n\s*/g, '; ')} — BuildKit only, not rehearsed`);
    else if (!TRANSLATED.includes(name)) throw new Error(`input ${name} is unknown to the rehearsal`);
  }
}

/** Compares the build-args the walk evaluated with lib/workflow/deploy-workflow.ts's reading. */
function crossCheckBuildArgs(buildArgs: string[], state: StandInState): void {
  if (!state.expectedBuildArgs) return;
  const walked = Object.fromEntries(buildArgs.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  state.checks.expect(
    JSON.stringify(walked) === JSON.stringify(state.expectedBuildArgs),
    'the build-args are those lib/workflow/deploy-workflow.ts reads',
    buildArgs.map((a) => a.replace(/=([0-9a-f]{12})[0-9a-f]{28}$/, '=$1…')).join(', '),
  );
}

function keyValues(list: string[]): Record<string, string> {
  return Object.fromEntries(list.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** The `docker build` arguments for build-push-action's inputs, with the local base image. */
function planBuild(inputs: Record<string, string>, state: StandInState, baseRef: string): BuildPlan {
  // Without `context`, build-push-action builds the commit from GitHub (Git context): the same
  // files the checkout holds.
  const contextDir = path.resolve(state.workspace, inputs.context || '.');
  const dockerfile = inputs.file ? path.resolve(state.workspace, inputs.file) : path.join(contextDir, 'Dockerfile');
  if (!fs.existsSync(dockerfile)) throw new Error(`no Dockerfile at ${path.relative(state.workspace, dockerfile)}`);
  const dockerfileText = fs.readFileSync(dockerfile, 'utf8');
  const base = baseImageArg(dockerfileText);
  if (!base) {
    throw new Error(
      `${path.basename(dockerfile)} names its base without an ARG before FROM; the rehearsal needs one (FROM \${BASE_IMAGE}) to use its local base`,
    );
  }
  const parsed = instructions(dockerfileText);
  const buildArgs = inputList(inputs['build-args'], { ignoreComma: true });
  crossCheckBuildArgs(buildArgs, state);
  if (buildArgs.some((a) => a.split('=')[0] === base.name))
    state.notes.push(`build-arg ${base.name} from the workflow replaced by the local base`);
  const tags = inputList(inputs.tags);
  const labelList = inputList(inputs.labels, { ignoreComma: true });
  const platforms = inputList(inputs.platforms);
  if (platforms.length > 1) throw new Error(`platforms: ${platforms.join(',')}: several platforms need BuildKit`);

  const args = ['build', '--file', dockerfile];
  for (const a of buildArgs) args.push('--build-arg', a);
  // After the workflow's own: the last value of a build-arg wins.
  args.push('--build-arg', `${base.name}=${baseRef}`);
  for (const t of tags) args.push('--tag', t);
  for (const l of labelList) args.push('--label', l);
  if (platforms.length === 1) args.push('--platform', platforms[0]);
  if (inputs.target) args.push('--target', inputs.target);
  if (inputs.network) args.push('--network', inputs.network);
  for (const h of inputList(inputs['add-hosts'])) args.push('--add-host', h);
  if (booleanInput('pull', inputs.pull, false)) args.push('--pull');
  if (booleanInput('no-cache', inputs['no-cache'], false)) args.push('--no-cache');
  return {
    args,
    dockerfileSteps: parsed.length - parsed.findIndex((i) => i.keyword === 'FROM'),
    contextDir,
    tags,
    labels: keyValues(labelList),
  };
}

/** The image's repository in the registry, or an error when a tag points elsewhere. */
function repositoryOf(tags: string[], host: string): string {
  const repos = new Set(
    tags.map((tag) => {
      if (!tag.startsWith(`${host}/`))
        throw new Error(`tag ${tag} is not in the registry the job logged in to (${host})`);
      return tag.slice(host.length + 1).replace(/:[^:/]+$/, '');
    }),
  );
  if (repos.size !== 1) throw new Error(`tags name several repositories: ${[...repos].join(', ')}`);
  return [...repos][0];
}

async function pushBase(state: StandInState): Promise<string> {
  const started = Date.now();
  const { docker, env } = state.engine;
  const base = await ensureBaseImage(docker, state.workDir, env);
  const remote = `${state.registry.host}/${BASE_REPOSITORY}:${base.tag}`;
  await docker(['tag', base.localRef, remote]);
  await docker(['push', remote], { timeoutMs: 300_000 });
  const manifest = await state.registry.manifest(BASE_REPOSITORY, base.tag);
  // Untag the registry copy, so the build pulls its base from the registry as a runner would.
  await docker(['rmi', remote]);
  state.clock.note('base', Date.now() - started);
  state.checks.expect(
    true,
    `base image ${base.built ? "made from this machine's node and its libraries" : 'found in the cache'} and pushed`,
    `${remote.split('/').slice(1).join('/')}@${manifest.digest.slice(0, 19)}…`,
  );
  return remote;
}

async function timedBuild(
  state: StandInState,
  plan: BuildPlan,
  iidFile: string,
): Promise<{ id: string; ms: number; output: string }> {
  fs.rmSync(iidFile, { force: true });
  const result = await state.engine.docker([...plan.args, '--iidfile', iidFile, plan.contextDir], {
    cwd: state.workspace,
    timeoutMs: 600_000,
  });
  const id = fs.readFileSync(iidFile, 'utf8').trim();
  return { id, ms: result.ms, output: result.stdout + result.stderr };
}

/**
 * How a build used the cache, from its output: for each step of the Dockerfile itself (after the
 * first FROM), whether it came from the cache. Understands the legacy builder's "STEP n/m:" (podman)
 * and "Step n/m :" (Docker) blocks with "Using cache", and BuildKit's "#k [i/n] …" + "#k CACHED".
 */
export function cacheUse(
  output: string,
  dockerfileSteps: number,
): { steps: number; cached: number; rebuilt: string[] } {
  const lines = output.split('\n').map((l) => l.trim());
  const blocks: Array<{ title: string; cached: boolean }> = [];
  const buildkit = new Map<string, { title: string; cached: boolean }>();
  for (const line of lines) {
    const legacy = /^(?:STEP|Step) \d+\/\d+ ?: ?(.*)$/.exec(line);
    if (legacy) {
      blocks.push({ title: legacy[1], cached: false });
      continue;
    }
    if (/^(?:--> |---> )?Using cache\b/.test(line) && blocks.length > 0) blocks[blocks.length - 1].cached = true;
    const bkStep = /^#(\d+) \[(?:[^\]]*\s)?\d+\/\d+\] (.*)$/.exec(line);
    if (bkStep && !buildkit.has(bkStep[1])) buildkit.set(bkStep[1], { title: bkStep[2], cached: false });
    const bkCached = /^#(\d+) CACHED$/.exec(line);
    if (bkCached && buildkit.has(bkCached[1])) buildkit.get(bkCached[1])!.cached = true;
  }
  // Legacy builders append `--label` flags as extra LABEL steps after the Dockerfile's own;
  // podman orders them at random from one build to the next, so only the Dockerfile's count.
  const own = blocks.length > 0 ? blocks.slice(0, dockerfileSteps) : [...buildkit.values()];
  const relevant = own.filter((b) => !/^FROM\b/i.test(b.title));
  const rebuilt = relevant.filter((b) => !b.cached).map((b) => b.title.slice(0, 60));
  return { steps: relevant.length, cached: relevant.length - rebuilt.length, rebuilt };
}

async function layersOf(state: StandInState, imageId: string): Promise<string[]> {
  const out = await state.engine.docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', imageId]);
  return JSON.parse(out.stdout) as string[];
}

/** `docker push` of every tag; returns the digest each push reported. */
async function pushTags(state: StandInState, tags: string[]): Promise<string[]> {
  const reported: string[] = [];
  for (const tag of tags) {
    const result = await state.engine.docker(['push', tag], { timeoutMs: 300_000 });
    const digest = /digest: (sha256:[0-9a-f]{64})/.exec(result.stdout + result.stderr)?.[1];
    if (digest) reported.push(digest);
  }
  return reported;
}

/** What the registry now holds: every tag, one digest, the built image, closed to anonymous pulls. */
async function checkRegistry(
  state: StandInState,
  repository: string,
  tags: string[],
  imageId: string,
  reported: string[],
): Promise<string> {
  const { checks, registry } = state;
  const tagNames = tags.map((t) => t.slice(t.lastIndexOf(':') + 1));
  const listed = await registry.tags(repository);
  checks.expect(
    tagNames.every((t) => listed.includes(t)),
    'registry lists every tag the workflow pushes',
    `${repository}: ${tagNames.map(shortTag).join(', ')}`,
  );
  const manifests = await Promise.all(tagNames.map((t) => registry.manifest(repository, t)));
  const digests = new Set([...manifests.map((m) => m.digest), ...reported]);
  const digest = manifests[0].digest;
  const oneDigest =
    tagNames.length === 1 ? 'the tag resolves to one digest' : `all ${tagNames.length} tags point at one digest`;
  checks.expect(
    digests.size === 1,
    oneDigest,
    digests.size === 1 ? `${digest.slice(0, 19)}…` : [...digests].join(' ≠ '),
  );
  checks.expect(
    manifests[0].config.digest === imageId,
    'the pushed manifest carries the image that was built',
    `config ${imageId.slice(7, 19)}, ${manifests[0].layers.length} layers, ${manifests[0].mediaType}`,
  );
  const anonymous = await registry.status(`/v2/${repository}/manifests/${tagNames[0]}`, 'anonymous');
  checks.expect(anonymous === 401, 'the pushed image is refused to an anonymous pull', `HTTP ${anonymous}`);
  return digest;
}

/** The same build again must take every Dockerfile step from the cache and give the same layers. */
async function checkCachedRebuild(
  state: StandInState,
  plan: BuildPlan,
  iidFile: string,
  first: { id: string; ms: number },
): Promise<void> {
  const second = await timedBuild(state, plan, iidFile);
  state.localImages.push(second.id);
  const use = cacheUse(second.output, plan.dockerfileSteps);
  state.checks.expect(
    use.steps > 0 && use.rebuilt.length === 0,
    'a second build takes every step of the Dockerfile from the cache',
    use.rebuilt.length
      ? `rebuilt: ${use.rebuilt.join(' | ')}`
      : `${use.cached}/${use.steps} steps, ${seconds(second.ms)} vs ${seconds(first.ms)}`,
  );
  const [firstLayers, secondLayers] = [await layersOf(state, first.id), await layersOf(state, second.id)];
  state.checks.expect(
    firstLayers.length > 0 && JSON.stringify(firstLayers) === JSON.stringify(secondLayers),
    'and ends with the same layers',
    // podman's legacy builder adds --label steps in random order, so the image ID may differ.
    `${secondLayers.length} layers${second.id === first.id ? ', same image' : ''}`,
  );
}

async function buildAndPush(call: ActionCall, state: StandInState): Promise<ActionResult> {
  state.buildCalls++;
  if (!booleanInput('push', call.inputs.push, false))
    throw new Error('push is not true: the workflow would push nothing');
  screenInputs(call.inputs, state.notes);
  const baseRef = await pushBase(state);
  const plan = planBuild(call.inputs, state, baseRef);
  if (plan.tags.length === 0) throw new Error('no tags to build');
  const repository = repositoryOf(plan.tags, state.registry.host);
  const iidFile = path.join(state.workDir, 'iid');

  const first = await timedBuild(state, plan, iidFile);
  state.localImages.push(first.id);
  state.checks.expect(
    /^sha256:[0-9a-f]{64}$/.test(first.id),
    "docker build of the workflow's Dockerfile with its build-args, tags and labels",
    `${first.id.slice(7, 19)}, ${seconds(first.ms)}`,
  );

  state.clock.enter('push');
  const reported = await pushTags(state, plan.tags);
  const digest = await checkRegistry(state, repository, plan.tags, first.id, reported);
  await checkCachedRebuild(state, plan, iidFile, first);

  state.pushed = {
    image: `${state.registry.host}/${repository}`,
    repository,
    digest,
    imageId: first.id,
    tags: plan.tags,
    labels: plan.labels,
  };
  const tagNames = plan.tags.map((t) => t.slice(t.lastIndexOf(':') + 1));
  return {
    outputs: {
      digest,
      imageid: first.id,
      metadata: JSON.stringify({ 'containerimage.digest': digest, 'image.name': plan.tags.join(',') }),
    },
    note: `pushed ${tagNames.map(shortTag).join(', ')} → ${digest.slice(0, 19)}…`,
  };
}

function shortTag(tag: string): string {
  return /^[0-9a-f]{40}$/.test(tag) ? `${tag.slice(0, 12)}…(SHA)` : tag;
}

export function standIns(state: StandInState): Record<string, ActionHandler> {
  return {
    'actions/checkout': () => checkout(state),
    'aws-actions/configure-aws-credentials': (call) => assumeRole(call),
    'aws-actions/amazon-ecr-login': (call) => ecrLogin(call, state),
    'docker/metadata-action': (call) => metadata(call, state),
    'docker/setup-buildx-action': () => setupBuildx(state),
    'docker/build-push-action': (call) => buildAndPush(call, state),
  };
}
