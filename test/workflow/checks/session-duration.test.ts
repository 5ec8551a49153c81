import { sessionDuration } from '../../../lib/workflow/checks/session-duration';
import { contextOf, CREDS, deleteStep, expectProblem, JOB, reported, setStep, WF } from './fixture';

describe("rule session-duration (within the role's limit, and longer than the job)", () => {
  test('the fixture asks for 1800 s and stops the job after 30 minutes: no problem', () => {
    expect(reported(sessionDuration(contextOf()))).toBe('');
  });

  test('session longer than the role allows', () => {
    expectProblem(
      sessionDuration,
      {
        workflow: [setStep(CREDS, ['with', 'role-duration-seconds'], 3600)],
        configPatch: { maxSessionDurationSeconds: 1200 },
      },
      {
        check: 'session-duration',
        severity: 'error',
        says: ['3600', 'MaxSessionDuration is 1200', 'not a setting', 'at most 1200', WF],
      },
    );
  });

  test('no role-duration-seconds means 3600 s, over a shorter role maximum', () => {
    expectProblem(
      sessionDuration,
      {
        workflow: [deleteStep(CREDS, ['with', 'role-duration-seconds'])],
        configPatch: { maxSessionDurationSeconds: 1800 },
      },
      { check: 'session-duration', severity: 'error', says: ['not set', '3600', 'MaxSessionDuration is 1800'] },
    );
  });

  test('session duration from an expression cannot be checked', () => {
    expectProblem(
      sessionDuration,
      { workflow: [setStep(CREDS, ['with', 'role-duration-seconds'], '${{ vars.DURATION }}')] },
      { check: 'session-duration', severity: 'error', says: ['cannot be checked', WF] },
    );
  });

  test('job may outlive its credentials', () => {
    expectProblem(
      sessionDuration,
      { workflow: [(d) => d.deleteIn([...JOB, 'timeout-minutes'])] },
      { check: 'session-duration', severity: 'warning', says: ['360 minutes', 'timeout-minutes', WF] },
    );
  });
});
