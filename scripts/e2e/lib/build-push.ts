/**
 * The rehearsal's docker/build-push-action: the base image pushed to the loopback registry, the
 * build the plan describes (build-plan.ts), `docker push` of every tag, then what the registry must
 * hold (every tag, one digest, the built image, no anonymous pull) and a second build from the cache.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { booleanInput } from './action-inputs';
import { BASE_REPOSITORY, ensureBaseImage } from './base-image';
import { planBuild, repositoryOf, screenInputs, type BuildPlan } from './build-plan';
import { seconds } from './report';
import type { StandInState } from './stand-in-state';
import type { ActionCall, ActionResult } from './workflow-runner';

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

/** build-push-action: the build, the push of every tag, the registry checks, a cached rebuild. */
export async function buildAndPush(call: ActionCall, state: StandInState): Promise<ActionResult> {
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
