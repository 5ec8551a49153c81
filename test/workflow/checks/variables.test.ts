import { GITHUB_VARIABLES } from '../../../lib/stack/github-variables';
import { variables } from '../../../lib/workflow/checks/variables';
import { contextOf, deleteStep, expectProblem, GATE, reported, setStep, WF } from './fixture';

describe('rule variables (the vars read are exactly those the stack outputs fill in)', () => {
  test('the fixture reads the four variables of lib/stack/github-variables.ts: no problem', () => {
    const context = contextOf();
    expect(context.workflow.variablesRead).toEqual(['AWS_REGION', 'AWS_ROLE_ARN', 'ECR_MOVING_TAGS', 'ECR_REPOSITORY']);
    expect(reported(variables(context))).toBe('');
  });

  test('the workflow reads a variable no stack output provides', () => {
    expectProblem(
      variables,
      { workflow: [setStep(GATE, ['env', 'EXTRA'], '${{ vars.DEPLOY_EXTRA }}')] },
      {
        check: 'variables',
        severity: 'error',
        says: ['vars.DEPLOY_EXTRA', 'no stack output', 'lib/stack/github-variables.ts', WF],
      },
    );
  });

  test('the workflow stops reading a variable the stack provides', () => {
    expectProblem(
      variables,
      { workflow: [deleteStep(GATE, ['env', 'ECR_MOVING_TAGS'])] },
      {
        check: 'variables',
        severity: 'error',
        says: [`vars.${GITHUB_VARIABLES.movingTags.variable}`, 'never reads it', 'lib/stack/github-variables.ts'],
      },
    );
  });

  test('lib/stack/github-variables.ts renames a variable the workflow still reads under the old name', () => {
    expectProblem(
      variables,
      { variables: { ...GITHUB_VARIABLES, region: { ...GITHUB_VARIABLES.region, variable: 'AWS_DEPLOY_REGION' } } },
      {
        check: 'variables',
        severity: 'error',
        says: ['vars.AWS_DEPLOY_REGION', 'never reads it', 'lib/stack/github-variables.ts'],
      },
    );
  });
});
