import { ConfigError } from '../../../lib/stack/config/config-error';
import { closestSetting, editDistance, looksLikeOurs, rejectUnknownKeys } from '../../../lib/stack/config/unknown-keys';

test.each([
  ['', '', 0],
  ['abc', 'abc', 0],
  ['abc', '', 3],
  ['kitten', 'sitting', 3],
  ['region', 'regoin', 2],
  ['allowedBranch', 'allowedBranches', 2],
])('editDistance(%p, %p) = %p', (a, b, distance) => {
  expect(editDistance(a, b)).toBe(distance);
  expect(editDistance(b, a)).toBe(distance);
});

describe('closestSetting', () => {
  const known = ['region', 'roleName', 'allowedTags', 'allowedBranches'];

  test('the same key in another case or with separators wins outright', () => {
    expect(closestSetting('ALLOWED_TAGS', known)).toBe('allowedTags');
  });

  test('otherwise the nearest, when close enough', () => {
    expect(closestSetting('regoin', known)).toBe('region');
    expect(closestSetting('allowedBranch', known)).toBe('allowedBranches');
  });

  test('nothing when every candidate is far', () => {
    expect(closestSetting('somethingElse', known)).toBeUndefined();
  });
});

describe('looksLikeOurs', () => {
  test.each([['regoin'], ['GithubOwner'], ['allowed-tags']])('%s: yes', (key) => {
    expect(looksLikeOurs(key, ['region', 'githubOwner', 'allowedTags'])).toBe(true);
  });

  test.each([
    ['@aws-cdk/core:newStyleStackSynthesis'],
    ['aws:cdk:enable-path-metadata'],
    ['acknowledged-issue-numbers'],
  ])("%s (CDK's own): no", (key) => {
    expect(looksLikeOurs(key, ['region', 'githubOwner', 'allowedTags'])).toBe(false);
  });
});

test('rejectUnknownKeys names the first misspelt key with its value, and passes known ones', () => {
  const context: Record<string, unknown> = { region: 'eu-west-1', regoin: 'eu-west-2' };
  expect(() => rejectUnknownKeys(['region'], (key) => context[key])).not.toThrow();
  expect(() => rejectUnknownKeys(['region', 'regoin'], (key) => context[key])).toThrow(
    new ConfigError({
      key: 'regoin',
      value: 'eu-west-2',
      accepted: `one of this app's settings (did you mean "region"?); see README "Settings"`,
      problem: 'Unknown setting',
    }),
  );
});
