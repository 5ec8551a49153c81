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

  test("with repositories, the fix names the checked repository's entry, whose keys override the top level", () => {
    const entry = 'cdk.json repositories[1] (Octo-Org/web-front)';
    const problems = triggers(
      contextOf({
        workflow: [(d) => d.setIn(['on', 'push', 'branches'], ['main', 'next'])],
        config: { allowedBranches: ['main', 'old'] },
        settingsIn: entry,
      }),
    );
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining(`add "next" to allowedBranches in ${entry} or remove it`),
      expect.stringContaining(`remove "old" from allowedBranches in ${entry} (least privilege)`),
    ]);
    expect(problems.map((p) => p.message).join('\n')).not.toMatch(/in cdk\.json(?! repositories)/);
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

  // The sample configuration trusts no tag, so nothing else exercises the tag side of the rule.
  const onTags: Scenario['workflow'] = [
    (d) => d.setIn(['on', 'push', 'tags'], ['v*']),
    (d) => d.setIn([...JOB, 'if'], "github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v')"),
  ];

  test('workflow triggers on a tag the role does not trust', () => {
    expectProblem(
      triggers,
      { workflow: onTags },
      {
        check: 'push-tags',
        severity: 'error',
        says: [
          'tag "v*"',
          'the role trusts no tag',
          'add "v*" to allowedTags in cdk.json',
          `remove it from ${WF} on.push.tags`,
        ],
      },
    );
  });

  test('a tag filter inside a trusted tag pattern: no problem', () => {
    expect(reported(triggers(contextOf({ workflow: onTags, config: { allowedTags: ['v*'] } })))).toBe('');
  });

  test('cdk.json trusts a tag the workflow never pushes', () => {
    expectProblem(
      triggers,
      { config: { allowedTags: ['v*'] } },
      {
        check: 'push-tags',
        severity: 'warning',
        says: ['trusts tag "v*"', 'never runs on a tag push', 'remove "v*" from allowedTags in cdk.json', WF],
      },
    );
  });

  test('cdk.json trusts an environment besides the one the job names', () => {
    expectProblem(
      triggers,
      {
        workflow: [(d) => d.setIn([...JOB, 'environment'], 'production')],
        config: { allowedBranches: [], allowedEnvironments: ['production', 'staging'] },
      },
      {
        check: 'environments',
        severity: 'warning',
        says: ['environment "staging"', 'remove "staging" from allowedEnvironments in cdk.json', WF],
      },
    );
  });

  test('a job in an environment sends no branch: a trusted branch is unused, and the advice is to drop it or the environment', () => {
    expectProblem(
      triggers,
      {
        workflow: [(d) => d.setIn([...JOB, 'environment'], 'production')],
        config: { allowedEnvironments: ['production'] },
      },
      {
        check: 'push-branches',
        severity: 'warning',
        says: [
          'trusts branch "main"',
          'job "push-image" that runs on it names an environment',
          'remove environment: from that job',
          WF,
        ],
      },
    );
  });
});
