import { deployJobId, editDeployWorkflow, WorkflowEditError } from '../../../lib/cli/configure/workflow-edit';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { projectWorkflowWithoutStages } from '../../support/workflow-without-stages';

/**
 * The project's own deploy workflow, the file configure edits, without stage jobs: editDeployWorkflow
 * is called here with no stages, for which it removes them (test/cli/configure/stage-jobs-edit.test.ts).
 */
const WORKFLOW = projectWorkflowWithoutStages();
const P = DEPLOY_WORKFLOW_PATH;

/** Lines of `after` that are not in `before`, and the other way round. */
function lineDiff(before: string, after: string): { added: string[]; removed: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
}

const SMALL = `# a deploy workflow
name: deploy
on:
  push:
    branches: [develop] # the role trusts these
  workflow_dispatch:
# one at a time
concurrency: deploy
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - run: make
  deploy:
    name: Deploy
    runs-on: ubuntu-24.04 # hosted
    steps:
      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
`;

describe('editDeployWorkflow', () => {
  test('finds the one job that assumes the role', () => {
    expect(deployJobId(SMALL, P)).toBe('deploy');
  });

  test('the same plan as the file already has changes nothing', () => {
    const job = deployJobId(WORKFLOW, P);
    const wf = parseDeployWorkflow(WORKFLOW, P);
    const branches = wf.push?.branches ?? [];
    const edit = editDeployWorkflow(WORKFLOW, P, {
      branches,
      tags: wf.push?.tags ?? [],
      environment: wf.job?.environment,
    });
    expect(job).toBe(wf.job?.id);
    expect(edit).toEqual({ text: WORKFLOW, changed: [] });
  });

  test("rewrites the triggers and the job's if:, and no other line of the project's workflow", () => {
    // Refs no workflow of an adopter is likely to have already, so that all three places change.
    const environment = parseDeployWorkflow(WORKFLOW, P).job?.environment;
    const edit = editDeployWorkflow(WORKFLOW, P, {
      branches: ['it-main', 'it-release/*'],
      tags: ['it-v*'],
      environment,
    });
    const job = deployJobId(WORKFLOW, P);
    expect(edit.changed).toEqual(expect.arrayContaining(['on.push.branches', 'on.push.tags', `jobs.${job}.if`]));
    const wf = parseDeployWorkflow(edit.text, P);
    expect(wf.push).toMatchObject({ branches: ['it-main', 'it-release/*'], tags: ['it-v*'] });
    expect(wf.job?.if).toBe(
      "github.ref == 'refs/heads/it-main' || startsWith(github.ref, 'refs/heads/it-release/') || startsWith(github.ref, 'refs/tags/it-v')",
    );
    const { added, removed } = lineDiff(WORKFLOW, edit.text);
    expect(added.every((l) => /^\s+- (it-main|it-release\/\*|it-v\*)$|^\s+(branches|tags):$|^\s+if: /.test(l))).toBe(
      true,
    );
    expect(removed.every((l) => /^\s+- \S+$|^\s+if: /.test(l))).toBe(true);
    expect(removed.length).toBeGreaterThan(0);
  });

  test('names the environment beside the if:, keeps every comment, and removes it again', () => {
    const edit = editDeployWorkflow(SMALL, P, { branches: ['main'], tags: [], environment: 'production' });
    expect(edit.text).toBe(
      SMALL.replace('branches: [develop]', 'branches: [main]').replace(
        '    name: Deploy\n',
        "    name: Deploy\n    if: github.ref == 'refs/heads/main'\n    environment: production\n",
      ),
    );
    const back = editDeployWorkflow(edit.text, P, { branches: ['develop'], tags: [] });
    expect(back.changed).toEqual(['on.push.branches', 'jobs.deploy.if', 'jobs.deploy.environment']);
    expect(back.text).toBe(
      SMALL.replace('branches: [develop]', 'branches: [develop]').replace(
        '    name: Deploy\n',
        "    name: Deploy\n    if: github.ref == 'refs/heads/develop'\n",
      ),
    );
  });

  test('refuses a workflow with two jobs that assume the role, or none', () => {
    const two = SMALL.replace('      - run: make', '      - uses: aws-actions/configure-aws-credentials@x\n');
    expect(() => editDeployWorkflow(two, P, { branches: ['main'], tags: [] })).toThrow(WorkflowEditError);
    expect(() => deployJobId(two, P)).toThrow('found "build", "deploy"');
    const none = SMALL.replace('aws-actions/configure-aws-credentials', 'actions/checkout');
    expect(() => deployJobId(none, P)).toThrow('found none');
  });

  test('refuses an on: it cannot edit as a mapping', () => {
    const listed = SMALL.replace(
      /on:\n {2}push:\n {4}branches: \[develop\] # the role trusts these\n {2}workflow_dispatch:\n/,
      'on: [push, workflow_dispatch]\n',
    );
    expect(() => editDeployWorkflow(listed, P, { branches: ['main'], tags: [] })).toThrow('"on:" must be a mapping');
  });
});

describe('editDeployWorkflow keeps what it does not own', () => {
  const withMap = SMALL.replace(
    '    name: Deploy\n',
    '    name: Deploy\n    environment:\n      name: prod\n      url: https://example.com # the deployment link\n',
  );

  test("an environment written as a map keeps its url: only its name is the role's business", () => {
    const same = editDeployWorkflow(withMap, P, { branches: ['develop'], tags: [], environment: 'prod' });
    expect(same.text).toContain('      url: https://example.com # the deployment link\n');
    expect(same.changed).toEqual(['jobs.deploy.if']);
    const renamed = editDeployWorkflow(withMap, P, { branches: ['develop'], tags: [], environment: 'production' });
    expect(renamed.text).toContain('    environment:\n      name: production\n      url: https://example.com');
    expect(renamed.changed).toEqual(['jobs.deploy.if', 'jobs.deploy.environment.name']);
  });

  test('a new tags filter goes after the branches it joins', () => {
    const edit = editDeployWorkflow(SMALL, P, { branches: ['develop'], tags: ['v*'] });
    expect(edit.text).toContain('    branches: [develop] # the role trusts these\n    tags:\n      - v*\n');
  });

  test('other on.push filters stay as they are', () => {
    const withPaths = SMALL.replace(
      '    branches: [develop] # the role trusts these\n',
      "    branches: [develop] # the role trusts these\n    paths: ['src/**']\n",
    );
    const edit = editDeployWorkflow(withPaths, P, { branches: ['main'], tags: [] });
    expect(edit.text).toContain("    paths: ['src/**']\n");
  });
});
