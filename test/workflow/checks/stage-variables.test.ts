import { stageVariables } from '../../../lib/workflow/checks/stage-variables';
import { variables } from '../../../lib/workflow/checks/variables';
import { contextOf, expectProblem, reported, setStageStep, staged, STAGE_STEPS, STAGING_JOB, WF } from './fixture';

describe('rule stage-variables (a stage job reads the variables its stage stack provides)', () => {
  test('the template reads AWS_ROLE_ARN, AWS_REGION, ECS_CLUSTER, ECS_SERVICES: no problem', () => {
    expect(reported(stageVariables(contextOf(staged())))).toBe('');
  });

  test('the push rule does not count the stage jobs’ variables (ECS_CLUSTER is not the push stack’s)', () => {
    const context = contextOf(staged());
    expect(context.workflow.variablesRead).not.toContain('ECS_CLUSTER');
    expect(reported(variables(context))).toBe('');
  });

  test('a variable nobody sets', () => {
    expectProblem(
      stageVariables,
      staged([setStageStep(STAGING_JOB, STAGE_STEPS.update, ['env', 'CLUSTER'], '${{ vars.ECS_CLUSTER_NAME }}')]),
      {
        check: 'stage-variables',
        severity: 'error',
        says: ['job "deploy-staging" reads vars.ECS_CLUSTER_NAME', 'environment "staging"', 'npm run github-setup', WF],
      },
    );
  });

  test('a cluster written into the file: warned, it no longer follows the stage stack', () => {
    const scenario = staged(
      [STAGE_STEPS.check, STAGE_STEPS.register, STAGE_STEPS.update, STAGE_STEPS.wait, STAGE_STEPS.summary].map(
        (name) => (d) => {
          const edit = setStageStep(STAGING_JOB, name, ['env', 'CLUSTER'], 'apps-staging');
          edit(d);
        },
      ),
    );
    expectProblem(stageVariables, scenario, {
      check: 'stage-variables',
      severity: 'warning',
      says: ['job "deploy-staging" never reads vars.ECS_CLUSTER', 'EcsCluster', 'npm run configure'],
    });
  });
});
