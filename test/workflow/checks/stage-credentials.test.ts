import { stageCredentials } from '../../../lib/workflow/checks/stage-credentials';
import {
  contextOf,
  expectProblem,
  PRODUCTION_JOB,
  reported,
  setStageStep,
  staged,
  STAGE_STEPS,
  STAGING_JOB,
  WF,
} from './fixture';

const credentials = (path: string[], value: unknown, job = STAGING_JOB) =>
  setStageStep(job, STAGE_STEPS.credentials, ['with', ...path], value);

describe("rule stage-credentials (the stage role from its environment's variables)", () => {
  test('role and region from vars.AWS_ROLE_ARN and vars.AWS_REGION, session named after the run: no problem', () => {
    expect(reported(stageCredentials(contextOf(staged())))).toBe('');
  });

  test('a role ARN written into the file', () => {
    expectProblem(stageCredentials, staged([credentials(['role-to-assume'], 'arn:aws:iam::222222222222:role/x')]), {
      check: 'stage-role',
      severity: 'error',
      says: [
        'job "deploy-staging" has role-to-assume "arn:aws:iam::222222222222:role/x"',
        '${{ vars.AWS_ROLE_ARN }}',
        'environment "staging"',
        'AwsRoleArn',
        WF,
      ],
    });
  });

  test('the region from another variable', () => {
    expectProblem(stageCredentials, staged([credentials(['aws-region'], '${{ vars.STAGE_REGION }}', PRODUCTION_JOB)]), {
      check: 'stage-region',
      severity: 'error',
      says: ['job "deploy-production" has aws-region "${{ vars.STAGE_REGION }}"', '${{ vars.AWS_REGION }}'],
    });
  });

  test('a session named after the branch (the session-name rule, on the stage job)', () => {
    expectProblem(stageCredentials, staged([credentials(['role-session-name'], 'deploy-${{ github.ref_name }}')]), {
      check: 'session-name',
      severity: 'error',
      says: ['job "deploy-staging": role-session-name reads github.ref_name'],
    });
  });

  test('a session longer than the role allows (the session-duration rule, on the stage job)', () => {
    expectProblem(stageCredentials, staged([credentials(['role-duration-seconds'], 7200)]), {
      check: 'session-duration',
      severity: 'error',
      says: ['job "deploy-staging": role-duration-seconds is 7200'],
    });
  });
});
