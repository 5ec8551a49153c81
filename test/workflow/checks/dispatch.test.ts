import { dispatch } from '../../../lib/workflow/checks/dispatch';
import { contextOf, expectProblem, JOB, reported, type Scenario, WF } from './fixture';

describe('rule dispatch (the job if: holds manual runs to trusted refs)', () => {
  test('the fixture job runs only on the trusted branch: no problem', () => {
    expect(reported(dispatch(contextOf()))).toBe('');
  });

  test('without workflow_dispatch the job needs no if:', () => {
    const scenario: Scenario = {
      workflow: [(d) => d.deleteIn(['on', 'workflow_dispatch']), (d) => d.deleteIn([...JOB, 'if'])],
    };
    expect(reported(dispatch(contextOf(scenario)))).toBe('');
  });

  test('an if: that also lets every push through still holds manual runs to the trusted refs', () => {
    const scenario: Scenario = {
      workflow: [
        (d) => d.setIn([...JOB, 'if'], "${{ github.event_name == 'push' || (github.ref == 'refs/heads/main') }}"),
      ],
    };
    expect(reported(dispatch(contextOf(scenario)))).toBe('');
  });

  test('a manual run can start from any branch', () => {
    expectProblem(
      dispatch,
      { workflow: [(d) => d.deleteIn([...JOB, 'if'])] },
      {
        check: 'dispatch',
        severity: 'error',
        says: ['workflow_dispatch', 'trusts only [refs/heads/main]', `"if: github.ref == 'refs/heads/main'"`, WF],
      },
    );
  });

  test('the job condition lets a manual run on an untrusted branch through', () => {
    expectProblem(
      dispatch,
      {
        workflow: [
          (d) => d.setIn([...JOB, 'if'], "github.ref == 'refs/heads/main' || github.ref == 'refs/heads/next'"),
        ],
      },
      { check: 'dispatch', severity: 'error', says: ['refs/heads/next', 'allowedBranches in cdk.json', WF] },
    );
  });

  test('cdk.json stops trusting the branch the job condition names', () => {
    expectProblem(
      dispatch,
      { config: { allowedBranches: ['develop'] } },
      {
        check: 'dispatch',
        severity: 'error',
        says: ['refs/heads/main', 'trusts only [refs/heads/develop]', 'allowedBranches in cdk.json'],
      },
    );
  });

  test('a job condition the check cannot read', () => {
    expectProblem(
      dispatch,
      { workflow: [(d) => d.setIn([...JOB, 'if'], "github.actor == 'octocat'")] },
      { check: 'dispatch', severity: 'error', says: ['cannot be compared', "github.ref == 'refs/heads/main'", WF] },
    );
  });

  test('the job condition skips a branch the workflow pushes from', () => {
    expectProblem(
      dispatch,
      {
        workflow: [(d) => d.setIn(['on', 'push', 'branches'], ['main', 'release/**'])],
        config: { allowedBranches: ['main', 'release/*'] },
      },
      { check: 'dispatch', severity: 'error', says: ['skips pushes to branch "release/**"', WF] },
    );
  });
});
