import { sessionName } from '../../../lib/workflow/checks/session-name';
import { contextOf, CREDS, deleteStep, expectProblem, reported, setStep, WF } from './fixture';

describe('rule session-name (named after the run, from values GitHub sets)', () => {
  test('the fixture names the session after run_id and run_attempt: no problem', () => {
    expect(reported(sessionName(contextOf()))).toBe('');
  });

  test('session name from an untrusted value', () => {
    expectProblem(
      sessionName,
      { workflow: [setStep(CREDS, ['with', 'role-session-name'], 'deploy-${{ github.actor }}')] },
      { check: 'session-name', severity: 'error', says: ['github.actor', WF] },
    );
  });

  test('no session name', () => {
    expectProblem(
      sessionName,
      { workflow: [deleteStep(CREDS, ['with', 'role-session-name'])] },
      { check: 'session-name', severity: 'error', says: ['not set', 'CloudTrail', WF] },
    );
  });

  test('a character STS refuses', () => {
    expectProblem(
      sessionName,
      { workflow: [setStep(CREDS, ['with', 'role-session-name'], 'deploy/${{ github.run_id }}')] },
      { check: 'session-name', severity: 'error', says: ['characters STS rejects', WF] },
    );
  });
});
