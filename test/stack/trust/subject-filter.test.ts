import { FIXTURE_SETTINGS } from '../../support/fixture-settings';
import { GitHubRepository } from '../../../lib/stack/github-repository';
import { SubjectFilter } from '../../../lib/stack/trust/subject-filter';

const FIXTURE_OWNER = String(FIXTURE_SETTINGS.githubOwner);
const FIXTURE_REPOSITORY = String(FIXTURE_SETTINGS.githubRepository);

const byName = new GitHubRepository({ owner: FIXTURE_OWNER, name: FIXTURE_REPOSITORY });
const byId = new GitHubRepository({
  owner: FIXTURE_OWNER,
  name: FIXTURE_REPOSITORY,
  ownerId: '1234',
  repositoryId: '56789',
});

describe('renders the exact sub GitHub sends', () => {
  test.each([
    [SubjectFilter.branch('main'), 'repo:Octo-Org/octo-service:ref:refs/heads/main'],
    [SubjectFilter.branch('release/*'), 'repo:Octo-Org/octo-service:ref:refs/heads/release/*'],
    [SubjectFilter.tag('v*'), 'repo:Octo-Org/octo-service:ref:refs/tags/v*'],
    [SubjectFilter.environment('production'), 'repo:Octo-Org/octo-service:environment:production'],
    // GitHub sends ":" inside a value as "%3A".
    [SubjectFilter.environment('eu:prod'), 'repo:Octo-Org/octo-service:environment:eu%3Aprod'],
    [SubjectFilter.pullRequest(), 'repo:Octo-Org/octo-service:pull_request'],
  ])('%s (name-based)', (filter, sub) => {
    expect(filter.render(byName)).toBe(sub);
  });

  test.each([
    [SubjectFilter.branch('main'), 'repo:Octo-Org@1234/octo-service@56789:ref:refs/heads/main'],
    [SubjectFilter.environment('production'), 'repo:Octo-Org@1234/octo-service@56789:environment:production'],
    [SubjectFilter.pullRequest(), 'repo:Octo-Org@1234/octo-service@56789:pull_request'],
  ])('%s (immutable IDs)', (filter, sub) => {
    expect(filter.render(byId)).toBe(sub);
  });
});

test('knows when StringLike is needed', () => {
  expect(SubjectFilter.branch('release/*').hasWildcard).toBe(true);
  expect(SubjectFilter.branch('main').hasWildcard).toBe(false);
  expect(SubjectFilter.pullRequest().hasWildcard).toBe(false);
});

test('names the ref of branches and tags only', () => {
  expect(SubjectFilter.branch('main').ref).toBe('refs/heads/main');
  expect(SubjectFilter.tag('v1').ref).toBe('refs/tags/v1');
  expect(SubjectFilter.environment('production').ref).toBeUndefined();
  expect(SubjectFilter.pullRequest().ref).toBeUndefined();
});

test.each([
  () => SubjectFilter.branch('*'),
  () => SubjectFilter.tag('*'),
  () => SubjectFilter.environment('*'),
  () => SubjectFilter.branch(''),
  () => SubjectFilter.branch('a b'),
])('refuses over-broad or invalid patterns when used as a library too (%#)', (make) => {
  expect(make).toThrow(/expected/);
});

describe('GitHubRepository', () => {
  test('refuses one ID without the other', () => {
    expect(() => new GitHubRepository({ owner: 'o', name: 'r', ownerId: '1' })).toThrow(
      /both ownerId and repositoryId/,
    );
  });
  test('refuses wildcards in owner and repository', () => {
    expect(() => new GitHubRepository({ owner: 'o*', name: 'r' })).toThrow(/organisation name/);
    expect(() => new GitHubRepository({ owner: 'o', name: '*' })).toThrow(/repository name/);
  });
});
