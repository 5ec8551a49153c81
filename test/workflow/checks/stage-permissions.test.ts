import { stagePermissions } from '../../../lib/workflow/checks/stage-permissions';
import { contextOf, expectProblem, reported, staged, STAGING_JOB, WF } from './fixture';

describe('rule stage-permissions (a stage job adds the OIDC token and nothing else)', () => {
  test('contents: read, id-token: write: no problem', () => {
    expect(reported(stagePermissions(contextOf(staged())))).toBe('');
  });

  test('no job permissions: the top level gives no id-token', () => {
    expectProblem(stagePermissions, staged([(d) => d.deleteIn([...STAGING_JOB, 'permissions'])]), {
      check: 'stage-permissions',
      severity: 'error',
      says: ['job "deploy-staging" has no "id-token: write"', 'id-token: write', WF],
    });
  });

  test('a write scope more', () => {
    expectProblem(stagePermissions, staged([(d) => d.setIn([...STAGING_JOB, 'permissions', 'deployments'], 'write')]), {
      check: 'stage-permissions',
      severity: 'error',
      says: ['job "deploy-staging" grants deployments: write', 'does not need'],
    });
  });

  test('write-all', () => {
    expectProblem(stagePermissions, staged([(d) => d.setIn([...STAGING_JOB, 'permissions'], 'write-all')]), {
      check: 'stage-permissions',
      severity: 'error',
      says: ['grants write-all'],
    });
  });
});
