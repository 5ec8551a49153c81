/**
 * The rehearsal walks the real deploy workflow: every step must have a stand-in, its bash must run
 * as written, and build-push-action must receive the tags, labels and build-args a real run gets.
 * Containers are replaced by recording handlers here (`npm run test:e2e` does the real thing).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderMetadata } from '../../scripts/e2e/lib/metadata-action';
import { rehearsalContexts, rehearsalSettings, repositoryInfo } from '../../scripts/e2e/lib/rehearsal-context';
import { readDeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { ActionCall, actionName, parseCommandFile, rehearseJob } from '../../scripts/e2e/lib/workflow-runner';

const ROOT = path.join(__dirname, '..', '..');
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const REGISTRY = 'localhost:5555';

async function walk(movingTags: string): Promise<Record<string, ActionCall>> {
  const deploy = readDeployWorkflow(ROOT);
  const job = deploy.job!;
  const settings = rehearsalSettings({
    cdkContext: { ecrRepositoryName: 'my-ecr-repo', region: 'ap-northeast-1' },
    pushBranches: [...(deploy.push?.branches ?? [])],
    movingTagsOverride: movingTags,
    sha: SHA,
    runId: '1',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-walk-'));
  const calls: Record<string, ActionCall> = {};
  const record = (outputs: Record<string, string> = {}) => async (call: ActionCall) => {
    calls[call.action] = call;
    return { outputs };
  };
  try {
    await rehearseJob(deploy.document, job, {
      contexts: rehearsalContexts(settings, 'deploy', job.id, dir, dir),
      workspace: dir,
      tempDir: dir,
      baseEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      handlers: {
        'actions/checkout': record(),
        'aws-actions/configure-aws-credentials': record(),
        'aws-actions/amazon-ecr-login': record({ registry: REGISTRY }),
        'docker/setup-buildx-action': record(),
        'docker/metadata-action': async (call) => {
          calls[call.action] = call;
          const out = renderMetadata(call.inputs, { eventName: 'push', ref: `refs/heads/${settings.branch}`, sha: SHA, repository: repositoryInfo(settings), date: new Date(0) });
          return { outputs: { tags: out.tags.join('\n'), labels: out.labels.join('\n'), version: out.version ?? '' } };
        },
        'docker/build-push-action': record({ digest: `sha256:${'0'.repeat(64)}` }),
      },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return calls;
}

test('every step of the deploy job has a stand-in, and build-push gets the workflow’s arguments', async () => {
  const calls = await walk('latest');
  const build = calls['docker/build-push-action'];
  expect(build.inputs.push).toBe('true');
  expect(build.inputs['build-args']).toContain(`APP_VERSION=${SHA}`);
  expect(build.inputs.tags.split('\n').sort()).toEqual([`${REGISTRY}/my-ecr-repo:${SHA}`, `${REGISTRY}/my-ecr-repo:latest`]);
  expect(build.inputs.labels).toContain(`org.opencontainers.image.revision=${SHA}`);
});

test('with no moving tags, only the immutable SHA tag is pushed', async () => {
  const calls = await walk('');
  expect(calls['docker/build-push-action'].inputs.tags.split('\n')).toEqual([`${REGISTRY}/my-ecr-repo:${SHA}`]);
});

test('GITHUB_OUTPUT files: name=value lines and heredocs', () => {
  expect(parseCommandFile('a=1\nb=x=y\nlist<<EOF\none\ntwo\nEOF\n')).toEqual({ a: '1', b: 'x=y', list: 'one\ntwo' });
  expect(() => parseCommandFile('x<<END\nnever closed')).toThrow(/END/);
});

test('action names', () => {
  expect(actionName('Docker/Build-Push-Action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a')).toBe('docker/build-push-action');
  expect(actionName('github/codeql-action/init@v3')).toBe('github/codeql-action');
  expect(() => actionName('./local')).toThrow(/not supported/);
});
