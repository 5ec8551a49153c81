/**
 * `doctor --workflow` with cdk.json deployStages: the stage jobs assume their stages' roles, so
 * their runs are not evaluated against the push role's trust policy; the stage rules judge them
 * and their findings are reported (and fail the check) like any other consistency problem.
 */
import { checkWorkflowAgainstStack } from '../../../lib/cli/doctor/workflow-check';
import { workflowReport } from '../../../lib/cli/doctor/workflow-report';
import { stageSettings } from '../../support/stage-settings';
import { editedWorkflow, FIXTURE_STAGES, PRODUCTION_JOB, WITH_STAGES, type Edit } from '../../workflow/checks/fixture';
import { fixtureConfig, HEADER, TARGET, trustPolicyFor } from './fixtures';

function check(edits: readonly Edit[] = []) {
  const config = fixtureConfig(stageSettings());
  const wf = editedWorkflow(...WITH_STAGES, ...edits);
  return checkWorkflowAgainstStack(wf, config, trustPolicyFor(config), TARGET, FIXTURE_STAGES);
}

describe('doctor --workflow with two stages', () => {
  test('the push job and the two stage jobs as configure writes them: OK, only the push job’s runs evaluated', () => {
    const result = check();
    expect(result.triggers.map((t) => [t.job, t.trigger, t.decision])).toEqual([
      ['push-image', 'on.push.branches "main"', 'Allow'],
    ]);
    expect(result.problems).toEqual([]);
    expect(result.unreachable).toEqual([]);
    expect(result.ok).toBe(true);
  });

  test('a stage job in the wrong environment: the stage rule reports it and the check fails', () => {
    const result = check([(d) => d.setIn([...PRODUCTION_JOB, 'environment'], 'staging')]);
    expect(result.problems.map((p) => [p.check, p.severity])).toEqual([['stage-environment', 'error']]);
    // Still no run of the stage job against the push role (it would be denied, for the wrong reason).
    expect(result.triggers.map((t) => t.job)).toEqual(['push-image']);
    expect(result.ok).toBe(false);
    const report = workflowReport(result, HEADER);
    expect(report).toContain('error   [stage-environment]');
    expect(report).toContain('job "deploy-production" runs in environment "staging"');
    expect(report).toContain('NOT OK');
  });

  test('without the stages, the same jobs are reported as jobs of stages nobody configured', () => {
    const config = fixtureConfig();
    const result = checkWorkflowAgainstStack(editedWorkflow(...WITH_STAGES), config, trustPolicyFor(config), TARGET);
    expect(result.problems.map((p) => p.check)).toEqual(['stage-jobs', 'stage-jobs']);
    expect(result.ok).toBe(false);
  });
});
