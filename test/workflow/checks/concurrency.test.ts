import { concurrency } from '../../../lib/workflow/checks/concurrency';
import { contextOf, expectProblem, reported, WF } from './fixture';

describe('rule concurrency (one deploy per branch, never cancelled)', () => {
  test('the fixture has a group per ref and does not cancel: no problem', () => {
    expect(reported(concurrency(contextOf()))).toBe('');
  });

  test('no concurrency group', () => {
    expectProblem(
      concurrency,
      { workflow: [(d) => d.delete('concurrency')] },
      { check: 'concurrency', severity: 'error', says: ['concurrency', 'cancel-in-progress: false'] },
    );
  });

  test('a running deploy can be cancelled', () => {
    expectProblem(
      concurrency,
      { workflow: [(d) => d.setIn(['concurrency', 'cancel-in-progress'], true)] },
      { check: 'concurrency', severity: 'error', says: ['cancel-in-progress', WF] },
    );
  });
});
