import { ConfigError } from '../../../lib/stack/config/config-error';
import { closestSetting, editDistance, isCdkKey, rejectUnknownKeys } from '../../../lib/stack/config/unknown-keys';
import { SETTINGS } from '../../../lib/stack/config/settings';

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

describe('isCdkKey', () => {
  test.each([
    ['@aws-cdk/core:newStyleStackSynthesis'],
    ['@aws-cdk/core:validateAgainstDefaultRules'],
    ['aws:cdk:enable-path-metadata'],
    ['aws:cdk:bundling-stacks'],
    ['aws-cdk:enableDiffNoFail'],
    ['availability-zones:account=123456789012:region=eu-west-1'],
    ['acknowledged-issue-numbers'],
    ['cdk-migrate'],
  ])("%s: the CDK's own", (key) => {
    expect(isCdkKey(key)).toBe(true);
  });

  test.each([['regoin'], ['AllowedTag'], ['allowed-branch'], ['allowedBranches '], ['myTeamSetting'], ['x']])(
    "%j: not the CDK's",
    (key) => {
      expect(isCdkKey(key)).toBe(false);
    },
  );
});

describe("rejectUnknownKeys: a key that is neither a setting nor the CDK's is refused, in any spelling", () => {
  test.each([
    ['AllowedTag', 'allowedTags'],
    ['allowed-branch', 'allowedBranches'],
    ['AllowedBranch', 'allowedBranches'],
    ['allowedBranches ', 'allowedBranches'],
    ['GITHUB-OWNER', 'githubOwner'],
  ])('%j (did you mean %s?)', (key, hint) => {
    expect(() => rejectUnknownKeys([key], () => 'x')).toThrow(
      `Unknown setting ${JSON.stringify(key)} = "x": expected one of this app's settings (did you mean "${hint}"?)`,
    );
  });

  test('a key like none of ours is refused too, without a hint', () => {
    expect(() => rejectUnknownKeys(['teamName'], () => 'platform')).toThrow(
      'Unknown setting "teamName" = "platform": expected one of this app\'s settings; see README "Settings".',
    );
  });

  test("every setting and the CDK's keys pass", () => {
    const keys = [
      ...Object.keys(SETTINGS),
      '@aws-cdk/core:validateAgainstDefaultRules',
      'aws:cdk:version-reporting',
      'acknowledged-issue-numbers',
    ];
    expect(() => rejectUnknownKeys(keys, () => 'x')).not.toThrow();
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
