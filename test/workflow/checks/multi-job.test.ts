/**
 * Workflows with several jobs that assume the role (issue 11 part 3), through checkDeployWorkflow:
 * an image job on branch main and a release job on tags v* in environment production
 * (fixture.ts TWO_JOBS). Each job is judged on its own pushes and environment; what the role
 * trusts is "used" when any job sends it; job-level rules name the job that has the problem.
 */
import { checkDeployWorkflow } from '../../../lib/workflow/deploy-consistency';
import type { WorkflowProblem } from '../../../lib/workflow/workflow-problem';
import {
  CHECKOUT,
  contextOf,
  CREDS,
  type Edit,
  JOB,
  RELEASE_JOB,
  reported,
  type Scenario,
  setStep,
  TWO_JOB_CONFIG,
  TWO_JOBS,
  WF,
} from './fixture';

function problems(scenario: Scenario): WorkflowProblem[] {
  const context = contextOf(scenario);
  return checkDeployWorkflow(context.workflow, context.config, { readme: context.readme });
}

const twoJobs = (edits: readonly Edit[] = [], config: Record<string, unknown> = {}): Scenario => ({
  workflow: [...TWO_JOBS, ...edits],
  config: { ...TWO_JOB_CONFIG, ...config },
});

/** `[check, severity, message]` of each problem, for whole-list assertions. */
const listed = (found: readonly WorkflowProblem[]) => found.map((p) => [p.check, p.severity, p.message]);

describe('a two-job workflow: image job on main, release job on tags v* in environment production', () => {
  test('agrees with allowedBranches [main], allowedTags [], allowedEnvironments [production]: no problem', () => {
    expect(reported(problems(twoJobs()))).toBe('');
  });

  test('the model lists both jobs that assume the role, with their if: and environment', () => {
    const { workflow } = contextOf(twoJobs());
    expect(workflow.deployJobs.map((j) => [j.id, j.if, j.environment])).toEqual([
      ['push-image', "github.ref == 'refs/heads/main'", { kind: 'none' }],
      ['release', "startsWith(github.ref, 'refs/tags/v')", { kind: 'literal', name: 'production' }],
    ]);
  });

  test('without production in allowedEnvironments: exactly one error, naming the release job', () => {
    const found = problems(twoJobs([], { allowedEnvironments: [] }));
    expect(listed(found)).toEqual([
      [
        'environments',
        'error',
        `job "release" runs in environment "production", so its token's sub is "…:environment:production" whatever the branch or tag, but the role trusts no environment: add "production" to allowedEnvironments in cdk.json or remove environment: from the job in ${WF}.`,
      ],
    ]);
  });

  test('each job with its own mistake: both are reported, each naming its job', () => {
    // The image job loses its if:, so it also runs on tags v* (which the role does not trust as
    // tags); the release job names an environment the role does not trust.
    const found = problems(
      twoJobs([(d) => d.deleteIn(['on', 'workflow_dispatch']), (d) => d.deleteIn([...JOB, 'if'])], {
        allowedEnvironments: ['staging'],
      }),
    );
    expect(listed(found.filter((p) => p.severity === 'error'))).toEqual([
      [
        'push-tags',
        'error',
        `job "push-image" runs on tag "v*" but the role trusts no tag: add "v*" to allowedTags in cdk.json or remove it from ${WF} on.push.tags (or keep job "push-image" off it with its if:).`,
      ],
      [
        'environments',
        'error',
        `job "release" runs in environment "production", so its token's sub is "…:environment:production" whatever the branch or tag, but the role trusts [staging]: add "production" to allowedEnvironments in cdk.json or remove environment: from the job in ${WF}.`,
      ],
    ]);
    expect(listed(found.filter((p) => p.severity === 'warning'))).toEqual([
      [
        'environments',
        'warning',
        `the role trusts environment "staging" but no deploy job names it: remove "staging" from allowedEnvironments in cdk.json (least privilege), or add environment: staging to the job that deploys with it in ${WF}.`,
      ],
    ]);
  });

  test('a trusted tag that only the release job (in its environment) runs on is unused, and the advice says why', () => {
    const found = problems(twoJobs([], { allowedTags: ['v*'] }));
    expect(listed(found)).toEqual([
      [
        'push-tags',
        'warning',
        `the role trusts tag "v*" but job "release" that runs on it names an environment, so the token's sub names the environment, never the tag: remove "v*" from allowedTags in cdk.json (least privilege), or remove environment: from that job in ${WF}.`,
      ],
    ]);
  });

  test('a push that neither job runs on is reported once, naming both jobs', () => {
    const found = problems(
      twoJobs([(d) => d.setIn(['on', 'push', 'branches'], ['main', 'next'])], { allowedBranches: ['main', 'next'] }),
    );
    expect(listed(found.filter((p) => p.check === 'dispatch'))).toEqual([
      [
        'dispatch',
        'error',
        `no deploy job runs on pushes to branch "next" (on.push): the if: of jobs "push-image" and "release" skips them; add that ref to the if: of the job that should deploy it, or remove the filter from on.push in ${WF}.`,
      ],
    ]);
  });

  test('a job-level mistake in one job names that job; the same mistake in both is reported once', () => {
    const one = problems(twoJobs([setStep(CHECKOUT, ['with', 'persist-credentials'], true, RELEASE_JOB)]));
    expect(one.map((p) => [p.check, p.message.startsWith(`job "release": actions/checkout leaves`)])).toEqual([
      ['checkout', true],
    ]);
    const both = problems(
      twoJobs([
        setStep(CHECKOUT, ['with', 'persist-credentials'], true),
        setStep(CHECKOUT, ['with', 'persist-credentials'], true, RELEASE_JOB),
      ]),
    );
    expect(both.map((p) => [p.check, p.message.startsWith('actions/checkout leaves')])).toEqual([['checkout', true]]);
  });

  test("a rule that names the job itself is not named twice (the release job's role-session-name)", () => {
    const found = problems(twoJobs([setStep(CREDS, ['with', 'role-session-name'], '', RELEASE_JOB)]));
    expect(found.map((p) => [p.check, p.message.startsWith('job "release": role-session-name is not set')])).toEqual([
      ['session-name', true],
    ]);
  });
});

describe('a job whose environment is an expression', () => {
  const environment = (value: string, config: Record<string, unknown>, extra: readonly Edit[] = []) =>
    problems({
      workflow: [(d) => d.setIn([...JOB, 'environment'], value), ...extra],
      config: { allowedBranches: [], ...config },
    });

  const CHOICE = "${{ github.ref == 'refs/heads/main' && 'production' || 'staging' }}";

  test('values read from string literals: each must be trusted', () => {
    expect(listed(environment(CHOICE, { allowedEnvironments: ['production'] }))).toEqual([
      [
        'environments',
        'error',
        `job "push-image" runs in environment "staging" (one of the names "${CHOICE}" can take), so its token's sub is "…:environment:staging" whatever the branch or tag, but the role trusts [production]: add "staging" to allowedEnvironments in cdk.json or remove environment: from the job in ${WF}.`,
      ],
    ]);
    expect(reported(environment(CHOICE, { allowedEnvironments: ['production', 'staging'] }))).toBe('');
  });

  test('values read from the job matrix: each must be trusted', () => {
    const matrix: Edit = (d) => d.setIn([...JOB, 'strategy', 'matrix', 'target'], ['eu', 'us']);
    const found = environment('deploy-${{ matrix.target }}', { allowedEnvironments: ['deploy-eu'] }, [matrix]);
    expect(found.map((p) => [p.check, p.severity, p.message.split(',')[0]])).toEqual([
      [
        'environments',
        'error',
        'job "push-image" runs in environment "deploy-us" (one of the names "deploy-${{ matrix.target }}" can take)',
      ],
    ]);
    expect(
      reported(
        environment('deploy-${{ matrix.target }}', { allowedEnvironments: ['deploy-eu', 'deploy-us'] }, [matrix]),
      ),
    ).toBe('');
  });

  test('values that cannot be read: a warning naming the job that says it cannot tell, not an error', () => {
    const found = environment('${{ vars.DEPLOY_ENVIRONMENT }}', { allowedEnvironments: ['production'] });
    expect(listed(found.filter((p) => p.check === 'environments'))).toEqual([
      [
        'environments',
        'warning',
        `job "push-image" picks its environment with "\${{ vars.DEPLOY_ENVIRONMENT }}", whose values cannot be read from the file, so this check cannot tell whether the role trusts them (its token's sub is "…:environment:NAME" for each): name the environment literally, or build it from string literals or a matrix list, in ${WF}.`,
      ],
    ]);
    expect(found.filter((p) => p.severity === 'error')).toEqual([
      // vars.DEPLOY_ENVIRONMENT is no stack output: the variables rule's own finding.
      expect.objectContaining({ check: 'variables' }),
    ]);
  });
});
