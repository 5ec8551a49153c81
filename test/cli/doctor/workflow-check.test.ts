/**
 * `doctor --workflow`: each run the deploy workflow starts is evaluated against the synthesized
 * trust policy, and each run the policy trusts must be one the workflow starts.
 *
 * Longer than ~300 lines on purpose: the one-job and two-job workflows share their fixtures (the
 * workflow texts, the lines that assume the role) and their evaluation helper.
 */
import { checkWorkflowAgainstStack, sampleForFilter } from '../../../lib/cli/doctor/workflow-check';
import { workflowExitCode } from '../../../lib/cli/doctor/json-report';
import { workflowReport } from '../../../lib/cli/doctor/workflow-report';
import { parseDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { FIXTURE_WORKFLOW } from '../../workflow/checks/fixture';
import { ASSUMES_ROLE, fixtureConfig, HEADER, TARGET, trustPolicyFor } from './fixtures';

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
    ...ASSUMES_ROLE,
    '',
  ].join('\n');
}

/**
 * Two jobs that assume the role: an image job on main and a release job on tags v* in
 * environment production (each job's if: keeps it to its pushes), with the parts given.
 */
function twoJobs(opts: { imageIf?: string | null; releaseEnvironment?: string } = {}): string {
  const imageIf = opts.imageIf === undefined ? "github.ref == 'refs/heads/main'" : opts.imageIf;
  return [
    'name: Deploy',
    'on:',
    '  push:',
    '    branches: [main]',
    '    tags: ["v*"]',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  image:',
    ...(imageIf === null ? [] : [`    if: ${imageIf}`]),
    '    runs-on: ubuntu-24.04',
    ...ASSUMES_ROLE,
    '  release:',
    "    if: startsWith(github.ref, 'refs/tags/v')",
    '    runs-on: ubuntu-24.04',
    `    environment: ${opts.releaseEnvironment ?? 'production'}`,
    ...ASSUMES_ROLE,
    '',
  ].join('\n');
}

/** The consistency checks about which runs assume the role. */
const ROLE_CHECKS = ['push-branches', 'push-tags', 'environments', 'pull-requests', 'triggers', 'dispatch'];

/** The settings the two-job workflow agrees with. */
const TWO_JOB_SETTINGS = { allowedBranches: '["main"]', allowedTags: '[]', allowedEnvironments: '["production"]' };

/** The workflow against the trust policy the fixture settings (with `overrides`) render. */
function check(text: string, overrides: Record<string, string> = {}, file = WORKFLOW) {
  const wf = parseDeployWorkflow(text, file);
  const config = fixtureConfig(overrides);
  return checkWorkflowAgainstStack(wf, config, trustPolicyFor(config), TARGET);
}

const summary = (r: ReturnType<typeof check>) =>
  r.triggers.map((t) => [t.trigger, t.ref, t.decision, t.causes.map((c) => c.id)]);

/** Each run with its job and environment. */
const byJob = (r: ReturnType<typeof check>) =>
  r.triggers.map((t) => [t.job, t.trigger, t.environment ?? null, t.decision, t.causes.map((c) => c.id)]);

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

  it('the fixture workflow with the settings it agrees with: ALLOW for its push, and OK', () => {
    const config = fixtureConfig();
    const result = checkWorkflowAgainstStack(
      parseDeployWorkflow(FIXTURE_WORKFLOW, WORKFLOW),
      config,
      trustPolicyFor(config),
      TARGET,
    );
    expect(workflowExitCode(result)).toBe(0);
    const printed = workflowReport(result, HEADER);
    expect(printed).toContain('  ALLOW  on.push.branches "main": e.g. refs/heads/main');
    expect(printed).not.toContain('DENY');
    expect(printed).toMatch(
      /\nOK: every deploy the workflow starts can assume the role, and the role trusts nothing else\.\n$/,
    );
  });
});

describe('a workflow with two jobs that assume the role (image job on main, release job on tags in production)', () => {
  it('each job is evaluated on its own runs: all allowed, nothing trusted unused, OK', () => {
    const result = check(twoJobs(), TWO_JOB_SETTINGS);
    expect(byJob(result)).toEqual([
      ['image', 'on.push.branches "main"', null, 'Allow', []],
      ['release', 'on.push.tags "v*"', 'production', 'Allow', []],
    ]);
    expect(result.triggers.map((t) => t.sub)).toEqual([
      'repo:Octo-Org/octo-service:ref:refs/heads/main',
      'repo:Octo-Org/octo-service:environment:production',
    ]);
    expect(result.unreachable).toEqual([]);
    // The minimal jobs build nothing (other rules say so); the rules about who assumes the role agree.
    expect(result.problems.filter((p) => ROLE_CHECKS.includes(p.check))).toEqual([]);
    const printed = workflowReport(result, HEADER);
    expect(printed).toContain('  ALLOW  on.push.branches "main": e.g. refs/heads/main, job "image" (sub ');
    expect(printed).toContain(
      '  ALLOW  on.push.tags "v*": e.g. refs/tags/v1, job "release" in environment "production" (sub repo:Octo-Org/octo-service:environment:production)',
    );
  });

  it('without production in allowedEnvironments: the release job is denied, and the advice is the environment, not the branch', () => {
    const result = check(twoJobs(), { ...TWO_JOB_SETTINGS, allowedEnvironments: '[]' });
    expect(byJob(result)).toEqual([
      ['image', 'on.push.branches "main"', null, 'Allow', []],
      ['release', 'on.push.tags "v*"', 'production', 'Deny', ['environment-subject']],
    ]);
    const [cause] = result.triggers[1].causes;
    expect(cause.message).toBe(
      'Job "release" names environment "production", so its token\'s sub is "environment:production" whatever the branch or tag that started it (refs/tags/v1); the role trusts no environment, so trusting the branch or adding a trigger cannot help.',
    );
    expect(cause.fix).toEqual([
      `Trust the environment: add it to allowedEnvironments: -c 'allowedEnvironments=["production"]' (or in cdk.json), then deploy (npx cdk deploy with the same settings) — its protection rules then decide which branches may deploy;`,
      `or remove "environment:" from job "release" in ${WORKFLOW}, so that sub names its ref again (which the role must then trust).`,
    ]);
    const printed = workflowReport(result, HEADER);
    expect(printed).toContain(
      '  DENY   on.push.tags "v*": e.g. refs/tags/v1, job "release" in environment "production"',
    );
    expect(printed).not.toContain('allowedTags');
    expect(printed).not.toContain('allowedBranches');
    expect(result.ok).toBe(false);
  });

  it('each job with its own mistake: both runs are denied, each naming its job and its own cause', () => {
    // The image job has no if:, so it also runs on tags; the release job names an untrusted environment.
    const result = check(twoJobs({ imageIf: null, releaseEnvironment: 'prod' }), TWO_JOB_SETTINGS);
    expect(byJob(result)).toEqual([
      ['image', 'on.push.branches "main"', null, 'Allow', []],
      ['image', 'on.push.tags "v*"', null, 'Deny', ['tag-not-allowed']],
      // unrecognised: the evaluator's own line about the policy's environment condition.
      ['release', 'on.push.tags "v*"', 'prod', 'Deny', ['environment-subject']],
    ]);
    expect(result.triggers[2].causes[0].message).toContain('Job "release" names environment "prod"');
    // production is trusted, but no job names it any more.
    expect(result.unreachable.map((u) => u.message)).toEqual([
      `The role trusts environment "production" (repo:Octo-Org/octo-service:environment:production), but no job of ${WORKFLOW} that assumes the role names it: remove it from the settings (least privilege) or add "environment: production" to the job that should deploy with it.`,
    ]);
    const roleErrors = result.problems.filter((p) => ROLE_CHECKS.includes(p.check) && p.severity === 'error');
    expect(roleErrors.map((p) => p.message.split(' runs ')[0])).toEqual(['job "image"', 'job "release"']);
  });

  it('a trusted tag that only the job in an environment runs on: unreachable, and the advice names that job', () => {
    const result = check(twoJobs(), { ...TWO_JOB_SETTINGS, allowedTags: '["v*"]' });
    expect(result.unreachable.map((u) => u.message)).toEqual([
      `The role trusts tag "v*" (repo:Octo-Org/octo-service:ref:refs/tags/v*), but the job of ${WORKFLOW} that runs on it ("release") names an environment, so its token's sub is environment:NAME whatever the branch, never this ref: remove it from the settings (least privilege), or remove "environment:" from that job.`,
    ]);
  });

  it('an environment chosen by an expression whose names can be read: one run per name', () => {
    const text = workflow({
      on: 'push:\n  branches: [main]',
      environment: `"\${{ github.ref == 'refs/heads/main' && 'production' || 'staging' }}"`,
    });
    const result = check(text, { allowedBranches: '[]', allowedEnvironments: '["production"]' });
    expect(byJob(result)).toEqual([
      ['push-image', 'on.push.branches "main"', 'production', 'Allow', []],
      ['push-image', 'on.push.branches "main"', 'staging', 'Deny', ['environment-subject']],
    ]);
  });

  it('an environment expression that cannot be read: a note naming the job, evaluated without one', () => {
    const result = check(workflow({ on: 'push:\n  branches: [main]', environment: '${{ vars.TARGET }}' }));
    expect(byJob(result)).toEqual([['push-image', 'on.push.branches "main"', null, 'Allow', []]]);
    expect(result.notes).toEqual([
      'Job "push-image" picks its environment with an expression (${{ vars.TARGET }}) whose values cannot be read from the file; its runs were evaluated without one, so whether the role trusts them cannot be told.',
    ]);
  });
});

describe('checks the sample configuration never exercises, in the doctor', () => {
  it('a trusted pull-request subject with no pull-request trigger: unreachable, and the consistency warning', () => {
    const result = check(workflow({ on: 'push:\n  branches: [main]' }), { allowPullRequests: 'true' });
    expect(result.unreachable.map((u) => u.sub)).toEqual(['repo:Octo-Org/octo-service:pull_request']);
    expect(result.problems.map((p) => [p.check, p.severity])).toContainEqual(['pull-requests', 'warning']);
  });

  it('a tag trigger the role does not trust: denied, and the consistency error', () => {
    const result = check(workflow({ on: 'push:\n  branches: [main]\n  tags: ["v*"]' }));
    expect(result.problems.map((p) => [p.check, p.severity])).toContainEqual(['push-tags', 'error']);
    expect(summary(result)[1]).toEqual(['on.push.tags "v*"', 'refs/tags/v1', 'Deny', ['tag-not-allowed']]);
  });
});
