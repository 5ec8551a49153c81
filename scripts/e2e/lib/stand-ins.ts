/**
 * What the rehearsal does in place of each action the deploy workflow uses. Everything after
 * "assume the role" is done for real against the loopback registry, with the docker CLI:
 *
 * - actions/checkout: copies the files a commit of the work tree would hold (tracked and
 *   untracked, minus .gitignore'd) into the workspace, keeping their mtimes;
 * - aws-actions/configure-aws-credentials: not rehearsable (GitHub's OIDC token, AWS STS); it
 *   checks the inputs STS would refuse and exports the region and a role session for the steps
 *   after it, as the action does (the `run:` steps' `aws` is the rehearsal's stand-in,
 *   aws-stand-in.ts, which answers from the loopback registry and a make-believe ECS);
 * - aws-actions/amazon-ecr-login: `docker login -u AWS --password-stdin REGISTRY`, as the action does;
 * - docker/metadata-action: the tags and labels the action renders (metadata-action.ts);
 * - docker/setup-buildx-action: nothing (see build-push-action);
 * - docker/build-push-action: `docker build` with the step's context, file, build-args, tags and
 *   labels, then `docker push` of every tag, then the registry checks and a second, cached build
 *   (build-plan.ts, build-push.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sessionCredentials } from './aws-cli';
import { keyValues } from './build-plan';
import { buildAndPush } from './build-push';
import { renderMetadata } from './metadata-action';
import { runCommand } from './processes';
import { repositoryInfo } from './rehearsal-context';
import type { StandInState } from './stand-in-state';
import { ActionCall, ActionHandler, ActionResult } from './workflow-runner';

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

/**
 * configure-aws-credentials without STS: the inputs STS would refuse are refused here (a role
 * ARN, a session name of 2–64 characters from `[\w+=,.@-]`); the action's exports follow.
 */
export function assumeRole(call: ActionCall): Promise<ActionResult> {
  for (const input of ['role-to-assume', 'aws-region']) {
    if (!call.inputs[input]) throw new Error(`input ${input} is empty`);
  }
  const roleArn = call.inputs['role-to-assume'];
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn))
    throw new Error(`role-to-assume '${roleArn}' is not an IAM role ARN`);
  const sessionName = call.inputs['role-session-name'] || 'GitHubActions';
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
    throw new Error(`role-session-name '${sessionName}': STS takes 2 to 64 characters of letters, digits and +=,.@_-`);
  // The action exports the region and the session's keys (here a session the aws stand-in reads).
  const region = call.inputs['aws-region'];
  return Promise.resolve({
    env: { AWS_REGION: region, AWS_DEFAULT_REGION: region, ...sessionCredentials({ roleArn, sessionName }) },
    note: `not rehearsed: needs GitHub's OIDC token and AWS STS (${roleArn}, exports AWS_REGION=${region} and a session)`,
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
    ref: s.ref,
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

/** The stand-ins by action (`owner/repo`, lower case), for the walk through the job. */
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
