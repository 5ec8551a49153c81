import {
  contextValue,
  PlanError,
  plannedJob,
  plannedSettings,
  type ConfigureOptions,
} from '../../../lib/cli/configure/plan';
import { parseConfig } from '../../../lib/stack/config';
import { fixtureSettings } from '../../support/fixture-settings';

const NONE: ConfigureOptions = { lookupIds: false, branches: [], tags: [], context: {} };
const configOf = (overrides: Record<string, unknown> = {}) => {
  const context = fixtureSettings(overrides);
  return parseConfig((k) => context[k], Object.keys(context));
};

describe('plannedSettings', () => {
  test('repository, IDs, region and -c values, each named by the flag that set it', () => {
    const plan = plannedSettings(
      {
        ...NONE,
        repository: { owner: 'A', name: 'b' },
        ownerId: '1',
        repositoryId: '2',
        region: 'us-east-1',
        context: { movingTags: '["latest"]' },
      },
      { owner: 'A', name: 'b', hasIds: false },
    );
    expect(plan.changes).toEqual([
      ['githubOwner', 'A'],
      ['githubRepository', 'b'],
      ['githubOwnerId', '1'],
      ['githubRepositoryId', '2'],
      ['region', 'us-east-1'],
      ['movingTags', ['latest']],
    ]);
    expect(plan.sources).toMatchObject({
      githubOwner: '--repository',
      githubOwnerId: '--owner-id',
      movingTags: '-c movingTags',
    });
    expect(plan.notes).toEqual([]);
  });

  test("another repository drops the old one's IDs unless new ones are given", () => {
    const current = { owner: 'old', name: 'repo', hasIds: true };
    expect(plannedSettings({ ...NONE, repository: { owner: 'new', name: 'repo' } }, current).changes).toEqual([
      ['githubOwner', 'new'],
      ['githubRepository', 'repo'],
      ['githubOwnerId', undefined],
      ['githubRepositoryId', undefined],
    ]);
    // The same repository keeps them; so does a new one with its own IDs.
    expect(plannedSettings({ ...NONE, repository: { owner: 'old', name: 'repo' } }, current).changes).toHaveLength(2);
    const withIds = plannedSettings(
      { ...NONE, repository: { owner: 'new', name: 'repo' }, ownerId: '7', repositoryId: '8' },
      current,
    );
    expect(withIds.changes.filter(([, v]) => v === undefined)).toEqual([]);
  });
});

describe('plannedJob', () => {
  const triggers = { branches: ['from-workflow'], tags: [] };

  test('branches and tags: the role trusts what the workflow runs on', () => {
    const plan = plannedJob({ ...NONE, branches: ['main'], tags: ['v*'] }, configOf(), triggers);
    expect(plan.job).toEqual({ branches: ['main'], tags: ['v*'], environment: undefined });
    expect(plan.changes).toEqual([
      ['allowedBranches', ['main']],
      ['allowedTags', ['v*']],
      ['allowedEnvironments', []],
    ]);
  });

  test('an environment: the role trusts only it; the branches only start the workflow', () => {
    const plan = plannedJob({ ...NONE, branches: ['main'], environment: 'production' }, configOf(), triggers);
    expect(plan.job).toEqual({ branches: ['main'], tags: [], environment: 'production' });
    expect(plan.changes).toEqual([
      ['allowedBranches', []],
      ['allowedTags', []],
      ['allowedEnvironments', ['production']],
    ]);
  });

  test("no flags: the job follows the settings; an environment job keeps the workflow's triggers", () => {
    expect(plannedJob(NONE, configOf({ allowedBranches: ['a', 'b/*'] }), triggers)).toEqual({
      changes: [],
      sources: {},
      job: { branches: ['a', 'b/*'], tags: [], environment: undefined },
    });
    const env = plannedJob(NONE, configOf({ allowedBranches: [], allowedEnvironments: ['prod'] }), triggers);
    expect(env.job).toEqual({ branches: ['from-workflow'], tags: [], environment: 'prod' });
  });

  test('refuses two environments, no trigger at all, and a pattern no if: can express', () => {
    const two = () => plannedJob(NONE, configOf({ allowedEnvironments: ['a', 'b'] }), triggers);
    expect(two).toThrow(PlanError);
    expect(two).toThrow('allowedEnvironments: configure writes one deploy job');
    expect(() => plannedJob({ ...NONE, environment: 'prod' }, configOf(), { branches: [], tags: [] })).toThrow(
      '--branch: the deploy job needs at least one branch or tag',
    );
    expect(() => plannedJob(NONE, configOf({ allowedBranches: ['a*b'] }), triggers)).toThrow(
      'allowedBranches: "a*b" cannot be written',
    );
  });
});

describe('contextValue', () => {
  test.each([
    ['["a","b"]', ['a', 'b']],
    ['true', true],
    ['false', false],
    ['{"x":1}', { x: 1 }],
    ['12345', '12345'],
    ['develop', 'develop'],
    ['', ''],
    ['[not json', '[not json'],
  ])('%s', (text, value) => {
    expect(contextValue(text)).toEqual(value);
  });
});
