/**
 * How the rehearsal turns docker/build-push-action's inputs into a `docker build` without BuildKit:
 * the inputs it translates, the BuildKit-only ones it notes and skips, the ones that would change
 * the image and stop it; the base image replaced by the one pushed to the loopback registry.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { booleanInput, inputList } from './action-inputs';
import { baseImageArg, instructions } from './dockerfile';
import type { StandInState } from './stand-in-state';

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

/** The `docker build` that stands in for build-push-action. */
export interface BuildPlan {
  readonly args: string[];
  /** Instructions from the first FROM on: the steps a legacy builder numbers. */
  readonly dockerfileSteps: number;
  readonly contextDir: string;
  readonly tags: string[];
  readonly labels: Record<string, string>;
}

/** Notes the BuildKit-only inputs, and refuses inputs the classic builder would get wrong. */
export function screenInputs(inputs: Record<string, string>, notes: string[]): void {
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

/** `key=value` lines as a record (the value may hold `=`). */
export function keyValues(list: string[]): Record<string, string> {
  return Object.fromEntries(list.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

/** The `docker build` arguments for build-push-action's inputs, with the local base image. */
export function planBuild(inputs: Record<string, string>, state: StandInState, baseRef: string): BuildPlan {
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
export function repositoryOf(tags: string[], host: string): string {
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
