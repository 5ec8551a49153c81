import { starPatternIncludes, widenGitHubFilter } from '../../lib/workflow/patterns';

describe('widenGitHubFilter (GitHub filter → star pattern that matches at least as much)', () => {
  test.each([
    ['develop', 'develop'],
    ['release/*', 'release/*'],
    ['release/**', 'release/*'],
    ['feature/**/wip', 'feature/*/wip'],
    ['v[0-9]*', 'v*'],
    ['v1.0?', 'v1.*'],
    ['v1+', 'v1*'],
    ['a\\*b', 'a*b'],
  ])('%s → %s', (filter, widened) => {
    expect(widenGitHubFilter(filter)).toBe(widened);
  });
});

describe('starPatternIncludes (every string inner matches, outer matches)', () => {
  test.each([
    ['develop', 'develop', true],
    ['develop', 'dev*', false],
    ['dev*', 'develop', true],
    ['release/*', 'release/*', true],
    ['release/*', 'release/v1*', true],
    ['release/v1*', 'release/*', false],
    ['*', 'anything*', true],
    ['a*b*', 'ab*', true],
    // "a" is in a*, not in a*b*.
    ['a*b*', 'a*', false],
    ['*-hotfix', 'x*-hotfix', true],
    ['*-hotfix', '*-hotfix2', false],
  ])('%s includes %s: %s', (outer, inner, expected) => {
    expect(starPatternIncludes(outer, inner)).toBe(expected);
  });

  // An inner pattern without "*" is one value: IAM StringLike matching (lib/iam/wildcard.ts), as
  // for ECR tag filters and trusted subjects.
  test.each([
    ['develop', 'develop', true],
    ['develop', 'develop2', false],
    ['release/*', 'release/1.0', true],
    // IAM's * crosses "/" (GitHub's * does not).
    ['release/*', 'release/a/b', true],
    ['release/*', 'releases/1', false],
    ['v?', 'v1', true],
    ['v?', 'v10', false],
    ['buildcache*', 'buildcache', true],
    ['latest', 'Latest', false],
  ])('%s includes %s: %s', (outer, inner, expected) => {
    expect(starPatternIncludes(outer, inner)).toBe(expected);
  });
});
