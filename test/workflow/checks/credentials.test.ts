import { GITHUB_VARIABLES } from '../../../lib/stack/github-variables';
import { credentials } from '../../../lib/workflow/checks/credentials';
import { contextOf, CREDS, deleteWholeStep, expectProblem, reported, setStep, WF } from './fixture';

describe('rule credentials (the role and region come from the stack variables)', () => {
  test('the fixture assumes the role from vars.AWS_ROLE_ARN in vars.AWS_REGION: no problem', () => {
    expect(reported(credentials(contextOf()))).toBe('');
  });

  test('no step assumes the role', () => {
    expectProblem(
      credentials,
      { workflow: [deleteWholeStep(CREDS)] },
      {
        check: 'credentials',
        severity: 'error',
        says: ['aws-actions/configure-aws-credentials', 'vars.AWS_ROLE_ARN', WF],
      },
    );
  });

  test('region hard-coded instead of the stack region variable', () => {
    expectProblem(
      credentials,
      { workflow: [setStep(CREDS, ['with', 'aws-region'], 'us-east-1')] },
      {
        check: 'region',
        severity: 'error',
        says: [
          'hard-coded to "us-east-1"',
          'deploys the stack to "eu-west-1"',
          `aws-region: \${{ vars.${GITHUB_VARIABLES.region.variable} }}`,
          WF,
        ],
      },
    );
  });

  test('region read from another variable', () => {
    expectProblem(
      credentials,
      { workflow: [setStep(CREDS, ['with', 'aws-region'], '${{ vars.AWS_DEFAULT_REGION }}')] },
      {
        check: 'region',
        severity: 'error',
        says: [`\${{ vars.${GITHUB_VARIABLES.region.variable} }}`, GITHUB_VARIABLES.region.output],
      },
    );
  });

  test('role ARN hard-coded', () => {
    expectProblem(
      credentials,
      { workflow: [setStep(CREDS, ['with', 'role-to-assume'], 'arn:aws:iam::123456789012:role/deploy')] },
      { check: 'role', severity: 'error', says: [`\${{ vars.${GITHUB_VARIABLES.roleArn.variable} }}`, WF] },
    );
  });
});
