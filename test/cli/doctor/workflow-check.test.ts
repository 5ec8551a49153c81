/**
 * `doctor --workflow`: each run the deploy workflow starts is evaluated against the synthesized
 * trust policy, and each run the policy trusts must be one the workflow starts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { configFor } from '../../../lib/cli/settings';
import { checkWorkflowAgainstStack, sampleForFilter } from '../../../lib/cli/doctor/workflow-check';
import { workflowExitCode } from '../../../lib/cli/doctor/json-report';
import { workflowReport } from '../../../lib/cli/doctor/workflow-report';
import { parseDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { CDK_JSON_CONTEXT } from '../../support/cdk-json';
import { fixtureConfig, HEADER, TARGET, trustPolicyFor } from './fixtures';
import { REPO_ROOT } from './helpers';

const WORKFLOW = '.github/workflows/deploy-ecr.yml';

/** A minimal workflow: just what decides who assumes the role. */
function workflow(opts: { on: string; environment?: string }): string {
  return [
    'name: Deploy',
    'on:',
    ...opts.on.split('\n').map((l) => `  ${l}`),
    'permissions:',
    '  contents: read',
    'jobs:',
    '  push-image:',
    '    runs-on: ubuntu-24.04',
    ...(opts.environment ? [`    environment: ${opts.environment}`] : []),
    '    permissions:',
    '      contents: read',
    '      id-token: write',
    '    steps:',
    '      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3',
    '        with:',
    '          role-to-assume: ${{ vars.AWS_ROLE_ARN }}',
    '          aws-region: ${{ vars.AWS_REGION }}',
    '',
  ].join('\n');
}

/** The workflow against the trust policy the fixture settings (with `overrides`) render. */
function check(text: string, overrides: Record<string, string> = {}, file = WORKFLOW) {
  const wf = parseDeployWorkflow(text, file);
  const config = fixtureConfig(overrides);
  return checkWorkflowAgainstStack(wf, config, trustPolicyFor(config), TARGET);
}

const summary = (r: ReturnType<typeof check>) =>
  r.triggers.map((t) => [t.trigger, t.ref, t.decision, t.causes.map((c) => c.id)]);

describe('sampleForFilter', () => {
  it.each([
    ['develop', 'develop'],
    ['release/*', 'release/x'],
    ['release/**', 'release/x/x'],
    ['v[0-9]+.*', 'v0.x'],
    ['feat?', 'feat'],
    ['a\\*b', 'a*b'],
  ])('%s → %s', (filter, sample) => {
    expect(sampleForFilter(filter, 'x')).toBe(sample);
  });
});

describe("the repository's deploy workflow with the default settings", () => {
  it('every push it starts can assume the role, and the role trusts nothing else', () => {
    const wf = parseDeployWorkflow(fs.readFileSync(path.join(REPO_ROOT, WORKFLOW), 'utf8'), WORKFLOW);
    const config = configFor(CDK_JSON_CONTEXT);
    const result = checkWorkflowAgainstStack(wf, config, trustPolicyFor(config), TARGET);
    expect(summary(result)).toEqual([['on.push.branches "develop"', 'refs/heads/develop', 'Allow', []]]);
    expect(result.unreachable).toEqual([]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('triggers against the trust policy', () => {
  it('a push branch the role does not trust is denied, with the cause', () => {
    const result = check(workflow({ on: 'push:\n  branches: [main, develop]' }));
    expect(summary(result)).toEqual([
      ['on.push.branches "main"', 'refs/heads/main', 'Allow', []],
      ['on.push.branches "develop"', 'refs/heads/develop', 'Deny', ['branch-not-allowed']],
    ]);
    expect(result.ok).toBe(false);
  });

  it('a wildcard filter inside a trusted pattern is allowed', () => {
    const result = check(workflow({ on: 'push:\n  branches: ["release/**"]' }), { allowedBranches: '["release/*"]' });
    expect(summary(result)).toEqual([['on.push.branches "release/**"', 'refs/heads/release/x/x', 'Allow', []]]);
    expect(result.unreachable).toEqual([]);
  });

  it('every branch (no filter) cannot all be trusted', () => {
    const result = check(workflow({ on: 'push:' }));
    expect(summary(result)).toEqual([
      ['on.push (no branches filter: every branch)', 'refs/heads/any-branch', 'Deny', ['branch-not-allowed']],
      ['on.push (no tags filter: every tag)', 'refs/tags/any-tag', 'Deny', ['tag-not-allowed']],
    ]);
  });

  it('tags: denied unless allowedTags covers them', () => {
    const on = 'push:\n  branches: [main]\n  tags: ["v*"]';
    expect(summary(check(workflow({ on })))[1]).toEqual([
      'on.push.tags "v*"',
      'refs/tags/v1',
      'Deny',
      ['tag-not-allowed'],
    ]);
    expect(check(workflow({ on }), { allowedTags: '["v*"]' }).triggers.every((t) => t.decision === 'Allow')).toBe(true);
  });

  it('a job with an environment sends environment:NAME, which the role must trust', () => {
    const text = workflow({ on: 'push:\n  branches: [main]', environment: 'production' });
    expect(summary(check(text))).toEqual([
      ['on.push.branches "main"', 'refs/heads/main', 'Deny', ['environment-subject']],
    ]);
    const trusted = check(text, { allowedEnvironments: '["production"]' });
    expect(summary(trusted)).toEqual([['on.push.branches "main"', 'refs/heads/main', 'Allow', []]]);
    // The branch main is still trusted, but no run of this workflow sends it any more.
    expect(trusted.unreachable.map((u) => u.sub)).toEqual(['repo:Octo-Org/octo-service:ref:refs/heads/main']);
  });

  it('pull-request runs are denied unless allowPullRequests', () => {
    const result = check(workflow({ on: 'push:\n  branches: [main]\npull_request:' }));
    expect(summary(result)[1]).toEqual(['on.pull_request', 'refs/pull/1/merge', 'Deny', ['pull-request']]);
  });

  it('a pinned workflowFile that is not this file denies every run', () => {
    const result = check(
      workflow({ on: 'push:\n  branches: [main]' }),
      { workflowFile: '.github/workflows/deploy-ecr.yml' },
      '.github/workflows/other.yml',
    );
    expect(summary(result)).toEqual([['on.push.branches "main"', 'refs/heads/main', 'Deny', ['workflow-file']]]);
  });
});

describe('trust the workflow never uses', () => {
  it('names each trusted branch, tag, environment or pull request no run sends', () => {
    const result = check(workflow({ on: 'push:\n  branches: [main]' }), {
      allowedBranches: '["main","release/*"]',
      allowedTags: '["v*"]',
      allowedEnvironments: '["production"]',
      allowPullRequests: 'true',
    });
    expect(result.triggers.every((t) => t.decision === 'Allow')).toBe(true);
    expect(result.unreachable.map((u) => u.message)).toEqual([
      `The role trusts branch "release/*" (repo:Octo-Org/octo-service:ref:refs/heads/release/*), but ${WORKFLOW} never starts a deploy that sends it: remove it from the settings (least privilege) or add the trigger to the workflow.`,
      `The role trusts tag "v*" (repo:Octo-Org/octo-service:ref:refs/tags/v*), but ${WORKFLOW} never starts a deploy that sends it: remove it from the settings (least privilege) or add the trigger to the workflow.`,
      `The role trusts environment "production" (repo:Octo-Org/octo-service:environment:production), but no job of ${WORKFLOW} that assumes the role names it: remove it from the settings (least privilege) or add "environment: production" to the job that should deploy with it.`,
      `The role trusts pull requests (repo:Octo-Org/octo-service:pull_request), but ${WORKFLOW} never starts a deploy that sends it: remove it from the settings (least privilege) or add the trigger to the workflow.`,
    ]);
    expect(result.ok).toBe(false);
  });

  it('with immutable IDs, names each unused subject once, in both forms it is trusted in', () => {
    const result = check(workflow({ on: 'push:\n  branches: [main]' }), {
      githubOwnerId: '1001',
      githubRepositoryId: '2002',
      allowedEnvironments: '["production"]',
    });
    expect(result.triggers.map((t) => [t.sub, t.decision])).toEqual([
      ['repo:Octo-Org@1001/octo-service@2002:ref:refs/heads/main', 'Allow'],
    ]);
    expect(result.unreachable.map((u) => u.message)).toEqual([
      `The role trusts environment "production" (repo:Octo-Org@1001/octo-service@2002:environment:production or repo:Octo-Org/octo-service:environment:production), but no job of ${WORKFLOW} that assumes the role names it: remove it from the settings (least privilege) or add "environment: production" to the job that should deploy with it.`,
    ]);
  });

  it('a job with a trusted environment reaches it; the pinned file is accepted at any ref there', () => {
    const result = check(workflow({ on: 'push:\n  branches: [develop]', environment: 'production' }), {
      allowedBranches: '[]',
      allowedEnvironments: '["production"]',
    });
    expect(summary(result)).toEqual([['on.push.branches "develop"', 'refs/heads/develop', 'Allow', []]]);
    expect(result.unreachable).toEqual([]);
  });

  it('a narrower tag filter inside a trusted pattern reaches it', () => {
    const result = check(workflow({ on: 'push:\n  branches: [main]\n  tags: ["v*.*.*"]' }), {
      allowedTags: '["v*"]',
    });
    expect(result.unreachable).toEqual([]);
  });
});

describe('the --workflow report', () => {
  it('a workflow pushing from an untrusted branch: the cause and fix under DENY, and NOT OK', () => {
    const result = check(workflow({ on: 'push:\n  branches: [develop]' }));
    expect(workflowExitCode(result)).toBe(1);
    const printed = workflowReport(result, HEADER);
    expect(printed).toContain('  DENY   on.push.branches "develop": e.g. refs/heads/develop');
    expect(printed).toContain(`-c 'allowedBranches=["main","develop"]'`);
    expect(printed).toContain('The role trusts branch "main"');
    expect(printed).toMatch(/\nNOT OK: see above\.\n$/);
  });

  it("the repository's workflow with its settings: ALLOW for each run, and OK", () => {
    const wf = parseDeployWorkflow(fs.readFileSync(path.join(REPO_ROOT, WORKFLOW), 'utf8'), WORKFLOW);
    const config = configFor(CDK_JSON_CONTEXT);
    const printed = workflowReport(checkWorkflowAgainstStack(wf, config, trustPolicyFor(config), TARGET), HEADER);
    expect(printed).toContain('  ALLOW  on.push.branches "develop": e.g. refs/heads/develop');
    expect(printed).toMatch(
      /\nOK: every deploy the workflow starts can assume the role, and the role trusts nothing else\.\n$/,
    );
  });
});
