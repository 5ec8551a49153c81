import { concurrency } from '../../../lib/workflow/checks/concurrency';
import { concurrencyOnPushJob, contextOf, expectProblem, reported, staged, WF } from './fixture';

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

describe('rule concurrency: the push job may hold the group itself', () => {
  const PUSH_JOB = ['jobs', 'push-image'];

  test("a group on the push job instead of the workflow's: no problem", () => {
    expect(reported(concurrency(contextOf({ workflow: [concurrencyOnPushJob] })))).toBe('');
  });

  test('no group on the workflow nor on the push job', () => {
    expectProblem(
      concurrency,
      { workflow: [concurrencyOnPushJob, (d) => d.deleteIn([...PUSH_JOB, 'concurrency'])] },
      { check: 'concurrency', severity: 'error', says: ['the push job "push-image" has no concurrency group'] },
    );
  });

  test("the push job's own group cancels a running push", () => {
    expectProblem(
      concurrency,
      {
        workflow: [concurrencyOnPushJob, (d) => d.setIn([...PUSH_JOB, 'concurrency', 'cancel-in-progress'], true)],
      },
      { check: 'concurrency', severity: 'error', says: ['job "push-image"', 'cancel-in-progress'] },
    );
  });

  test('with stage jobs, a workflow-level group is a warning (a stage waiting for reviewers holds it)', () => {
    expect(reported(concurrency(contextOf(staged())))).toBe('');
    const withWorkflowGroup = staged([
      (d) => {
        const block = d.getIn([...PUSH_JOB, 'concurrency'], true);
        d.deleteIn([...PUSH_JOB, 'concurrency']);
        d.set('concurrency', block);
      },
    ]);
    expectProblem(concurrency, withWorkflowGroup, {
      check: 'concurrency',
      severity: 'warning',
      says: ['workflow-level concurrency group', 'reviewers', 'push job'],
    });
  });
});
