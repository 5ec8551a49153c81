/**
 * The deploy workflow model, on the rule tests' fixture workflow (test/workflow/checks/fixture.ts):
 * every expected value is written out from that YAML text, not taken from the module.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEPLOY_WORKFLOW_PATH,
  dependsOnVariable,
  parseBuildArgs,
  parseDeployWorkflow,
  parseTagRules,
  readDeployWorkflow,
  renderBuildArgs,
  SAMPLE_COMMIT_SHA,
} from '../../lib/workflow/deploy-workflow';
import { WorkflowParseError } from '../../lib/workflow/workflow-document';
import { FIXTURE_WORKFLOW } from './checks/fixture';

/** The commit SHA that `type=sha` tags are rendered for (SAMPLE_COMMIT_SHA), written out. */
const SAMPLE_SHA = '0123456789abcdef0123456789abcdef01234567';
/** The fixture's metadata-action condition for latest. */
const LATEST_ENABLE = "${{ steps.moving-tags.outputs.latest == 'true' }}";

describe('the deploy workflow model', () => {
  const wf = parseDeployWorkflow(FIXTURE_WORKFLOW, 'ci/deploy.yml');

  test('reads the triggers, the role step and the build step', () => {
    expect(wf.path).toBe('ci/deploy.yml');
    expect(wf.triggers).toEqual(['push', 'workflow_dispatch']);
    expect(wf.push).toEqual({
      branches: ['main'],
      branchesIgnore: undefined,
      tags: undefined,
      tagsIgnore: undefined,
    });
    expect(wf.job?.id).toBe('push-image');
    expect(wf.credentialsStep?.with['role-duration-seconds']).toBe('1800');
    expect(wf.buildStep?.with.push).toBe('true');
    expect(wf.movingTagGates.map((s) => s.id)).toEqual(['moving-tags']);
    expect(wf.variablesRead).toEqual(['AWS_REGION', 'AWS_ROLE_ARN', 'ECR_MOVING_TAGS', 'ECR_REPOSITORY']);
  });

  test('build-args: the commit SHA as APP_VERSION, one NAME=value per line', () => {
    expect(wf.buildArgs).toEqual([{ name: 'APP_VERSION', value: '${{ github.sha }}' }]);
    expect(renderBuildArgs(wf.buildArgs, { 'github.sha': 'c0ffee' })).toEqual({ APP_VERSION: 'c0ffee' });
  });

  test('tags: the bare full SHA always and first by priority, latest only when enabled', () => {
    expect(SAMPLE_COMMIT_SHA).toBe(SAMPLE_SHA);
    expect(wf.tags.map((t) => [t.type, t.tag, t.perCommit, t.priority])).toEqual([
      ['sha', SAMPLE_SHA, true, 1001],
      ['raw', 'latest', false, 200],
    ]);
    expect(wf.tags[1].enable).toBe(LATEST_ENABLE);
  });

  test('a condition on a gate step output depends on the variable the gate reads', () => {
    expect(dependsOnVariable(LATEST_ENABLE, 'ECR_MOVING_TAGS', wf.job)).toBe(true);
    expect(dependsOnVariable(LATEST_ENABLE, 'AWS_REGION', wf.job)).toBe(false);
    expect(dependsOnVariable("${{ github.ref == 'refs/heads/main' }}", 'ECR_MOVING_TAGS', wf.job)).toBe(false);
    expect(dependsOnVariable("${{ vars.ECR_MOVING_TAGS != '' }}", 'ECR_MOVING_TAGS', undefined)).toBe(true);
  });

  test('the job condition, the image lookup before the build, and the aws ecr calls', () => {
    expect(wf.job?.if).toBe("github.ref == 'refs/heads/main'");
    // Steps: checkout, credentials, ECR login, lookup, moving tags, metadata, build.
    expect(wf.ecrLoginStep?.index).toBe(2);
    expect(wf.imageLookupStep?.id).toBe('already-pushed');
    expect(wf.imageLookupStep?.index).toBe(3);
    expect(wf.buildStep?.index).toBe(6);
    expect(wf.buildStep?.if).toBe("steps.already-pushed.outputs.found != 'true'");
    expect(wf.ecrCalls.map((c) => [c.step.id, c.command, c.action])).toEqual([
      ['already-pushed', 'batch-get-image', 'ecr:BatchGetImage'],
    ]);
  });

  test('aws ecr calls are found with global options and line continuations', () => {
    const script =
      'aws --region "$R" ecr \\\n  get-login-password | docker login\naws --no-cli-pager ecr describe-images --repository-name x\nawsx ecr nope\necho aws ecr list-images';
    const model = parseDeployWorkflow(
      `on: push\njobs:\n  j:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@x\n      - run: ${JSON.stringify(script)}\n`,
      'x.yml',
    );
    expect(model.ecrCalls.map((c) => c.action)).toEqual([
      'ecr:GetAuthorizationToken',
      'ecr:DescribeImages',
      'ecr:ListImages',
    ]);
    expect(model.imageLookupStep).toBeUndefined();
  });

  test('malformed YAML is a WorkflowParseError naming the file', () => {
    expect(() => parseDeployWorkflow('on: [push\njobs: {}', 'x.yml')).toThrow(WorkflowParseError);
    expect(() => parseDeployWorkflow('on: push\n', 'x.yml')).toThrow(/x\.yml: expected a "jobs:" mapping/);
  });

  test('readDeployWorkflow reads .github/workflows/deploy-ecr.yml under the root it is given', () => {
    expect(DEPLOY_WORKFLOW_PATH).toBe('.github/workflows/deploy-ecr.yml');
    const root = mkdtempSync(join(tmpdir(), 'deploy-workflow-'));
    try {
      mkdirSync(join(root, '.github', 'workflows'), { recursive: true });
      writeFileSync(join(root, '.github', 'workflows', 'deploy-ecr.yml'), FIXTURE_WORKFLOW);
      const read = readDeployWorkflow(root);
      expect(read.path).toBe('.github/workflows/deploy-ecr.yml');
      expect(read.push?.branches).toEqual(['main']);
      expect(read.variablesRead).toEqual(['AWS_REGION', 'AWS_ROLE_ARN', 'ECR_MOVING_TAGS', 'ECR_REPOSITORY']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('parseTagRules (docker/metadata-action tags input)', () => {
  test('attributes, defaults and bare values', () => {
    const rules = parseTagRules(
      "# comment\ntype=sha\ntype=sha,format=long,prefix=,priority=1001\nnightly\ntype=raw,value=x,enable=${{ a == 'b,c' }}\ntype=ref,event=branch\n",
    );
    expect(rules.map((r) => [r.type, r.tag, r.perCommit, r.enable, r.priority])).toEqual([
      ['sha', 'sha-0123456', true, undefined, 100],
      ['sha', SAMPLE_SHA, true, undefined, 1001],
      ['raw', 'nightly', false, undefined, 200],
      // The comma inside the expression does not split the entry.
      ['raw', 'x', false, "${{ a == 'b,c' }}", 200],
      ['ref', undefined, false, undefined, 600],
    ]);
  });
});

describe('build arguments', () => {
  test('parse NAME=value lines, keeping "=" inside values', () => {
    expect(parseBuildArgs('A=1\n\n  B = x=y \nC\n')).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: 'x=y' },
      { name: 'C', value: '' },
    ]);
  });

  test('rendering refuses an expression it has no value for', () => {
    expect(() => renderBuildArgs([{ name: 'REF', value: '${{ github.ref }}' }], { 'github.sha': 'x' })).toThrow(
      /REF reads \$\{\{ github\.ref \}\}/,
    );
    // A value containing "$&" is inserted literally, not as a replacement pattern.
    expect(renderBuildArgs([{ name: 'V', value: 'v-${{ github.sha }}' }], { 'github.sha': '$&' })).toEqual({
      V: 'v-$&',
    });
  });
});
