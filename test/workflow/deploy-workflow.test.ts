import { readFileSync } from 'node:fs';
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

const ROOT = join(__dirname, '..', '..');

describe('the deploy workflow model', () => {
  const wf = readDeployWorkflow(ROOT);

  test('reads the triggers, the role step and the build step of deploy-ecr.yml', () => {
    expect(wf.path).toBe(DEPLOY_WORKFLOW_PATH);
    expect(wf.triggers).toEqual(['push', 'workflow_dispatch']);
    expect(wf.push).toEqual({
      branches: ['develop'],
      branchesIgnore: undefined,
      tags: undefined,
      tagsIgnore: undefined,
    });
    expect(wf.job?.id).toBe('push-image');
    expect(wf.credentialsStep?.with['role-duration-seconds']).toBe('1800');
    expect(wf.buildStep?.with.push).toBe('true');
    expect(wf.movingTagGates.map((s) => s.id)).toEqual(['moving-tags']);
  });

  test('build-args: the commit SHA as APP_VERSION, one NAME=value per line', () => {
    expect(wf.buildArgs).toEqual([{ name: 'APP_VERSION', value: '${{ github.sha }}' }]);
    expect(renderBuildArgs(wf.buildArgs, { 'github.sha': SAMPLE_COMMIT_SHA })).toEqual({
      APP_VERSION: SAMPLE_COMMIT_SHA,
    });
  });

  test('tags: the bare full SHA always and first by priority, latest only when enabled', () => {
    expect(wf.tags.map((t) => [t.type, t.tag, t.perCommit, t.priority])).toEqual([
      ['sha', SAMPLE_COMMIT_SHA, true, 1001],
      ['raw', 'latest', false, 200],
    ]);
    expect(wf.tags[1].enable).toBe("${{ steps.moving-tags.outputs.latest == 'true' }}");
  });

  test('a condition on a gate step output depends on the variable the gate reads', () => {
    expect(dependsOnVariable(wf.tags[1].enable!, 'ECR_MOVING_TAGS', wf.job)).toBe(true);
    expect(dependsOnVariable(wf.tags[1].enable!, 'AWS_REGION', wf.job)).toBe(false);
    expect(dependsOnVariable("${{ github.ref == 'refs/heads/develop' }}", 'ECR_MOVING_TAGS', wf.job)).toBe(false);
    expect(dependsOnVariable("${{ vars.ECR_MOVING_TAGS != '' }}", 'ECR_MOVING_TAGS', undefined)).toBe(true);
  });

  test('the job condition, the image lookup before the build, and the aws ecr calls', () => {
    expect(wf.job?.if).toBe("github.ref == 'refs/heads/develop'");
    expect(wf.imageLookupStep?.id).toBe('already-pushed');
    expect(wf.imageLookupStep!.index).toBeLessThan(wf.buildStep!.index);
    expect(wf.imageLookupStep!.index).toBeGreaterThan(wf.ecrLoginStep!.index);
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

  test('the text read from disk is the text parsed', () => {
    const again = parseDeployWorkflow(readFileSync(join(ROOT, DEPLOY_WORKFLOW_PATH), 'utf8'));
    expect(again.variablesRead).toEqual(wf.variablesRead);
  });
});

describe('parseTagRules (docker/metadata-action tags input)', () => {
  test('attributes, defaults and bare values', () => {
    const rules = parseTagRules(
      "# comment\ntype=sha\ntype=sha,format=long,prefix=,priority=1001\nnightly\ntype=raw,value=x,enable=${{ a == 'b,c' }}\ntype=ref,event=branch\n",
    );
    expect(rules.map((r) => [r.type, r.tag, r.perCommit, r.enable, r.priority])).toEqual([
      ['sha', `sha-${SAMPLE_COMMIT_SHA.slice(0, 7)}`, true, undefined, 100],
      ['sha', SAMPLE_COMMIT_SHA, true, undefined, 1001],
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
