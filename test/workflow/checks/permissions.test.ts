import { permissions } from '../../../lib/workflow/checks/permissions';
import { contextOf, expectProblem, JOB, reported, WF } from './fixture';

describe('rule permissions (read-only token, the job adds id-token: write only)', () => {
  test('the fixture reads contents and its job adds the OIDC token: no problem', () => {
    expect(reported(permissions(contextOf()))).toBe('');
  });

  test('the job loses id-token: write', () => {
    expectProblem(
      permissions,
      { workflow: [(d) => d.deleteIn([...JOB, 'permissions', 'id-token'])] },
      {
        check: 'id-token',
        severity: 'error',
        says: ['id-token: write', 'Could not load credentials from any providers', WF],
      },
    );
  });

  test('id-token: write granted to every job at the top level', () => {
    expectProblem(
      permissions,
      { workflow: [(d) => d.setIn(['permissions', 'id-token'], 'write')] },
      { check: 'permissions', severity: 'error', says: ['id-token: write', 'top level', 'contents: read'] },
    );
  });

  test('no top-level permissions', () => {
    expectProblem(
      permissions,
      { workflow: [(d) => d.delete('permissions')] },
      { check: 'permissions', severity: 'error', says: ['no top-level permissions', 'contents: read', WF] },
    );
  });

  test('the job asks for more than it needs', () => {
    expectProblem(
      permissions,
      { workflow: [(d) => d.setIn([...JOB, 'permissions', 'packages'], 'write')] },
      { check: 'permissions', severity: 'error', says: ['packages: write', WF] },
    );
  });
});
