import { triggers } from '../../../lib/workflow/checks/triggers';
import { contextOf, expectProblem, JOB, reported, type Scenario, WF } from './fixture';

describe('rule triggers (on: and the job environment against the trusted subjects)', () => {
  test('the fixture workflow pushes from exactly the trusted branch: no problem', () => {
    expect(reported(triggers(contextOf()))).toBe('');
  });

  test('a wildcard branch trusted in cdk.json covers a matching GitHub filter', () => {
    const scenario: Scenario = {
      workflow: [(d) => d.setIn(['on', 'push', 'branches'], ['release/**'])],
      config: { allowedBranches: ['release/*'] },
    };
    expect(reported(triggers(contextOf(scenario)))).toBe('');
  });

  test('workflow triggers on a branch the role does not trust', () => {
    expectProblem(
      triggers,
      { workflow: [(d) => d.setIn(['on', 'push', 'branches'], ['main', 'next'])] },
      {
        check: 'push-branches',
        severity: 'error',
        says: [
          'branch "next"',
          'trusts only [main]',
          'add "next" to allowedBranches in cdk.json',
          `remove it from ${WF} on.push.branches`,
        ],
      },
    );
  });

  test('cdk.json stops trusting the branch the workflow deploys from', () => {
    expectProblem(
      triggers,
      { config: { allowedBranches: ['develop'] } },
      {
        check: 'push-branches',
        severity: 'error',
        says: ['branch "main"', 'trusts only [develop]', 'allowedBranches in cdk.json', WF],
      },
    );
  });

  test('cdk.json trusts a branch nothing deploys from', () => {
    expectProblem(
      triggers,
      { config: { allowedBranches: ['main', 'release/*'] } },
      {
        check: 'push-branches',
        severity: 'warning',
        says: ['trusts branch "release/*"', 'remove "release/*" from allowedBranches in cdk.json', WF],
      },
    );
  });

  test('a wildcard filter wider than the trusted pattern (GitHub ** vs IAM prefix)', () => {
    expectProblem(
      triggers,
      {
        workflow: [(d) => d.setIn(['on', 'push', 'branches'], ['release/**'])],
        config: { allowedBranches: ['release/v1*'] },
      },
      { check: 'push-branches', severity: 'error', says: ['branch "release/**"', 'allowedBranches in cdk.json'] },
    );
  });

  test('push without a branch filter runs for every branch', () => {
    expectProblem(
      triggers,
      { workflow: [(d) => d.setIn(['on', 'push'], null)] },
      { check: 'push-branches', severity: 'error', says: ['every branch', 'on.push.branches', WF] },
    );
  });

  test('branches-ignore instead of a list', () => {
    expectProblem(
      triggers,
      {
        workflow: [
          (d) => d.deleteIn(['on', 'push', 'branches']),
          (d) => d.setIn(['on', 'push', 'branches-ignore'], ['develop']),
        ],
      },
      { check: 'push-branches', severity: 'error', says: ['branches-ignore', 'on.push.branches'] },
    );
  });

  test('the workflow does not run on push', () => {
    expectProblem(
      triggers,
      { workflow: [(d) => d.deleteIn(['on', 'push'])] },
      { check: 'push-branches', severity: 'error', says: ['does not run on push', 'on.push.branches ([main])', WF] },
    );
  });

  test('the job names an environment the role does not trust', () => {
    expectProblem(
      triggers,
      { workflow: [(d) => d.setIn([...JOB, 'environment'], 'production')] },
      {
        check: 'environments',
        severity: 'error',
        says: ['environment "production"', 'allowedEnvironments in cdk.json', WF],
      },
    );
  });

  test('cdk.json trusts an environment the job never names', () => {
    expectProblem(
      triggers,
      { config: { allowedEnvironments: ['staging'] } },
      {
        check: 'environments',
        severity: 'warning',
        says: ['environment "staging"', 'remove "staging" from allowedEnvironments in cdk.json', WF],
      },
    );
  });

  test('the deploy runs on pull requests', () => {
    expectProblem(
      triggers,
      { workflow: [(d) => d.setIn(['on', 'pull_request'], null)] },
      { check: 'triggers', severity: 'error', says: ['pull requests', `remove the pull_request trigger from ${WF}`] },
    );
  });

  test('cdk.json lets pull requests assume the role, but no pull request runs the deploy', () => {
    expectProblem(
      triggers,
      { config: { allowPullRequests: true } },
      { check: 'pull-requests', severity: 'warning', says: ['allowPullRequests to false in cdk.json', WF] },
    );
  });
});
