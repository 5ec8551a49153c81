/**
 * parseConfig on the fixture settings: what each unset setting means, what each rule refuses (one
 * line naming the key, the value and what is accepted) and what each setting changes.
 *
 * Longer than ~300 lines on purpose: REJECTED is one table of every rule's refusal, read as the
 * settings' specification.
 */
import { AppConfig, ConfigError, parseConfig } from '../../lib/stack/config';
import { FIXTURE_SETTINGS, fixtureSettings } from '../support/fixture-settings';

/** Parses the given context as the app does (every key present counts, to catch misspelt ones). */
function parseContext(context: Readonly<Record<string, unknown>>): AppConfig {
  return parseConfig((key) => context[key], Object.keys(context));
}

/** Parses the fixture settings with `overrides` applied the way `-c key=value` applies them. */
function parse(overrides: Record<string, unknown> = {}): AppConfig {
  return parseContext(fixtureSettings(overrides));
}

/** A KMS key ARN in the fixture's region. */
const FIXTURE_KEY_ARN = `arn:aws:kms:${FIXTURE_SETTINGS.region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** The ConfigError `overrides` cause (fails the test if none is thrown). */
function errorFor(overrides: Record<string, unknown>): ConfigError {
  try {
    parse(overrides);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(overrides)} to be rejected`);
}

describe('defaults: what an unset setting means', () => {
  // Only the two required settings: everything else takes its default.
  const config = parseContext({ githubOwner: 'Octo-Org', githubRepository: 'octo-service' });

  test('match the documented contract', () => {
    expect(config).toMatchObject({
      env: 'dev',
      region: 'ap-northeast-1',
      partition: 'aws',
      stackName: 'dev-github-oidc-ecr',
      issuerHost: 'token.actions.githubusercontent.com',
      oidcProvider: { kind: 'create' },
      roleName: 'dev-github-actions',
      maxSessionDurationSeconds: 3600,
      ecrRepositoryName: 'my-ecr-repo',
      untaggedImageExpiryDays: 14,
      encryption: 'AES256',
      movingTags: [],
    });
    expect(config.repository.fullName).toBe('Octo-Org/octo-service');
    expect(config.repository.usesImmutableIds).toBe(false);
    // The workflow pin is a default of the code, not of cdk.json.
    expect(config.workflowFile).toBe('.github/workflows/deploy-ecr.yml');
    expect(config.permissionsBoundaryArn).toBeUndefined();
    expect(config.kmsKeyArn).toBeUndefined();
  });

  test('trust only pushes to develop', () => {
    expect(config.subjects.map(String)).toEqual(['branch("develop")']);
  });
});

describe('the fixture settings', () => {
  const config = parse();

  test('are read as given', () => {
    expect(config).toMatchObject({
      env: 'test',
      region: 'eu-west-1',
      partition: 'aws',
      stackName: 'test-github-oidc-ecr',
      oidcProvider: { kind: 'create' },
      roleName: 'test-github-actions',
      ecrRepositoryName: 'octo-service',
      workflowFile: '.github/workflows/deploy-ecr.yml',
    });
    expect(config.repository.fullName).toBe('Octo-Org/octo-service');
    expect(config.subjects.map(String)).toEqual(['branch("main")']);
  });
});

describe('values from -c arrive as strings', () => {
  test.each([
    ['JSON list', '["develop","release/*"]', ['branch("develop")', 'branch("release/*")']],
    ['single value', 'main', ['branch("main")']],
  ])('allowedBranches as a %s', (_what, value, expected) => {
    expect(parse({ allowedBranches: value }).subjects.map(String)).toEqual(expected);
  });

  test('"false" means false', () => {
    expect(parse({ createOidcProvider: 'false' }).oidcProvider).toEqual({ kind: 'import-account' });
    expect(parse({ allowPullRequests: 'false' }).subjects.map(String)).toEqual(['branch("main")']);
  });

  test('"true" means true', () => {
    expect(parse({ allowPullRequests: 'true' }).subjects.map(String)).toEqual(['branch("main")', 'pullRequest()']);
  });

  test('numbers in strings', () => {
    expect(parse({ untaggedImageExpiryDays: '30' })).toMatchObject({ untaggedImageExpiryDays: 30 });
  });

  test('numeric IDs as JSON numbers in cdk.json', () => {
    const config = parse({ githubOwnerId: 123456, githubRepositoryId: 987654321 });
    expect(config.repository.subjectPrefixes).toEqual([
      'repo:Octo-Org@123456/octo-service@987654321',
      'repo:Octo-Org/octo-service',
    ]);
  });

  test('an empty string clears an optional setting', () => {
    expect(parse({ permissionsBoundaryArn: '' }).permissionsBoundaryArn).toBeUndefined();
    expect(parse({ workflowFile: '' }).workflowFile).toBeUndefined();
  });
});

describe('settings that change the role', () => {
  test('tags and environments become subjects after branches', () => {
    const config = parse({ allowedTags: '["v*"]', allowedEnvironments: '["production"]' });
    expect(config.subjects.map(String)).toEqual(['branch("main")', 'tag("v*")', 'environment("production")']);
  });

  test('moving tags that cannot touch a trusted release tag are fine', () => {
    expect(parse({ allowedTags: '["v*"]', movingTags: '["latest"]' }).movingTags).toEqual(['latest']);
  });

  test('a named provider ARN means import, whatever createOidcProvider says', () => {
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    expect(parse({ oidcProviderArn: arn }).oidcProvider).toEqual({ kind: 'import-arn', arn });
  });

  test('a KMS key ARN implies KMS encryption', () => {
    expect(parse({ ecrKmsKeyArn: FIXTURE_KEY_ARN })).toMatchObject({ encryption: 'KMS', kmsKeyArn: FIXTURE_KEY_ARN });
  });

  test('role name follows env unless set', () => {
    expect(parse({ env: 'prod' }).roleName).toBe('prod-github-actions');
    expect(parse({ env: 'prod', roleName: 'ci-pusher' }).roleName).toBe('ci-pusher');
  });

  test('GitHub Enterprise Cloud data-residency issuer', () => {
    expect(parse({ githubOidcHost: 'token.actions.acme.ghe.com' }).issuerHost).toBe('token.actions.acme.ghe.com');
  });

  test('partition follows the region', () => {
    expect(parse({ region: 'cn-north-1' }).partition).toBe('aws-cn');
    expect(parse({ region: 'us-gov-west-1' }).partition).toBe('aws-us-gov');
  });
});

/**
 * Every rule: [setting overrides, key named, value shown, phrase of what is accepted].
 * Each message must be one line naming the key, the value and what is accepted.
 */
const REJECTED: [string, Record<string, unknown>, string, string][] = [
  ['bare * branch', { allowedBranches: '["*"]' }, 'allowedBranches', 'literal text before any "*"'],
  ['leading * branch', { allowedBranches: '["*-hotfix"]' }, 'allowedBranches', 'literal text before any "*"'],
  ['** branch', { allowedBranches: '["release/**"]' }, 'allowedBranches', 'write "release/*"'],
  [
    'refs/heads/ prefix',
    { allowedBranches: '["refs/heads/main"]' },
    'allowedBranches',
    'without "refs/heads/" (e.g. "main")',
  ],
  ['space in branch', { allowedBranches: '["my branch"]' }, 'allowedBranches', 'no spaces'],
  ['colon in branch', { allowedBranches: '["a:b"]' }, 'allowedBranches', '~ ^ : ? ['],
  ['? in branch', { allowedBranches: '["rel?ase"]' }, 'allowedBranches', '~ ^ : ? ['],
  ['.. in branch', { allowedBranches: '["a..b"]' }, 'allowedBranches', 'no ".."'],
  ['.lock branch', { allowedBranches: '["x.lock"]' }, 'allowedBranches', '".lock"'],
  ['trailing slash', { allowedBranches: '["feature/"]' }, 'allowedBranches', 'trailing or doubled "/"'],
  ['leading dash', { allowedBranches: '["-x"]' }, 'allowedBranches', 'not starting with "-"'],
  ['policy variable', { allowedBranches: '["feature/${x}"]' }, 'allowedBranches', 'policy variable'],
  ['comma list', { allowedBranches: 'develop,main' }, 'allowedBranches', `-c 'allowedBranches=["develop","main"]'`],
  ['broken JSON', { allowedBranches: '["develop"' }, 'allowedBranches', 'a JSON list of strings'],
  ['non-string entry', { allowedBranches: [1] }, 'allowedBranches', 'a JSON list of strings'],
  ['duplicate entry', { allowedBranches: '["a","a"]' }, 'allowedBranches', 'each entry once'],
  [
    'no subject at all',
    { allowedBranches: '[]' },
    'allowedBranches',
    'a role with no trusted subject could never be used',
  ],
  ['bare * tag', { allowedTags: '["*"]' }, 'allowedTags', 'a tag pattern with literal text'],
  ['bare * environment', { allowedEnvironments: '["*"]' }, 'allowedEnvironments', 'an exact environment name, no "*"'],
  [
    'environment pattern',
    { allowedEnvironments: '["preview-*"]' },
    'allowedEnvironments',
    'GitHub creates an unprotected environment',
  ],
  ['JSON object for a list', { allowedBranches: '{}' }, 'allowedBranches', 'a JSON list of strings'],
  ['null for a list', { allowedTags: 'null' }, 'allowedTags', 'a JSON list of strings'],
  [
    'moving tag overlapping release tags',
    { allowedTags: '["v*"]', movingTags: '["v-latest"]' },
    'movingTags',
    'allowedTags has "v*"',
  ],
  [
    'environment with ?',
    { allowedEnvironments: '["prod?"]' },
    'allowedEnvironments',
    'without control characters or "?"',
  ],
  [
    'environment too long',
    { allowedEnvironments: JSON.stringify(['e'.repeat(256)]) },
    'allowedEnvironments',
    '1–255 characters',
  ],
  ['wildcard owner', { githubOwner: 'Octo-*' }, 'githubOwner', 'GitHub user or organisation name'],
  ['owner with slash', { githubOwner: 'a/b' }, 'githubOwner', 'GitHub user or organisation name'],
  ['owner double hyphen', { githubOwner: 'my--org' }, 'githubOwner', 'single hyphens'],
  ['owner too long', { githubOwner: 'a'.repeat(40) }, 'githubOwner', '1–39'],
  ['missing owner', { githubOwner: '' }, 'githubOwner', 'a non-empty string'],
  ['wildcard repository', { githubRepository: 'my-*' }, 'githubRepository', 'GitHub repository name'],
  ['owner/repo in repository', { githubRepository: 'org/repo' }, 'githubRepository', 'without the owner'],
  ['.git suffix', { githubRepository: 'octo-service.git' }, 'githubRepository', '".git" suffix'],
  ['non-numeric ID', { githubOwnerId: 'abc', githubRepositoryId: '1' }, 'githubOwnerId', 'numeric ID'],
  ['leading zero ID', { githubOwnerId: '1', githubRepositoryId: '0123' }, 'githubRepositoryId', 'numeric ID'],
  ['only owner ID', { githubOwnerId: '1' }, 'githubRepositoryId', 'give both numeric IDs or neither'],
  ['only repository ID', { githubRepositoryId: '1' }, 'githubOwnerId', 'give both numeric IDs or neither'],
  ['unknown region', { region: 'ap-northeast-9' }, 'region', 'an AWS region name'],
  ['region typo', { region: 'Tokyo' }, 'region', 'an AWS region name'],
  ['env with capitals', { env: 'Dev' }, 'env', 'lower-case label'],
  ['role name too long', { roleName: 'r'.repeat(65) }, 'roleName', '1–64'],
  ['role name GitHubActions', { roleName: 'GitHubActions' }, 'roleName', 'except exactly "GitHubActions"'],
  ['ECR name upper case', { ecrRepositoryName: 'My-Repo' }, 'ecrRepositoryName', 'ECR repository name'],
  ['ECR name too short', { ecrRepositoryName: 'a' }, 'ecrRepositoryName', '2–256'],
  ['ECR name double separator', { ecrRepositoryName: 'a__b' }, 'ecrRepositoryName', 'single'],
  ['boolean typo', { createOidcProvider: 'yes' }, 'createOidcProvider', 'true or false'],
  [
    'provider ARN other host',
    { oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/example.com' },
    'oidcProviderArn',
    'this ARN names "example.com"',
  ],
  [
    'provider ARN other partition',
    { oidcProviderArn: 'arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
    'oidcProviderArn',
    'partition "aws"',
  ],
  [
    'provider ARN short account',
    { oidcProviderArn: 'arn:aws:iam::1234:oidc-provider/token.actions.githubusercontent.com' },
    'oidcProviderArn',
    'IAM OIDC provider ARN',
  ],
  [
    'boundary not a policy',
    { permissionsBoundaryArn: 'arn:aws:iam::123456789012:role/x' },
    'permissionsBoundaryArn',
    'IAM managed policy ARN',
  ],
  ['expiry not a number', { untaggedImageExpiryDays: '2w' }, 'untaggedImageExpiryDays', 'a whole number'],
  ['expiry zero', { untaggedImageExpiryDays: '0' }, 'untaggedImageExpiryDays', 'from 1 to 3650'],
  [
    'KMS key other region',
    { ecrKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    'ecrKmsKeyArn',
    "in the stack's region",
  ],
  [
    'AES256 with a KMS key',
    {
      ecrEncryption: 'AES256',
      ecrKmsKeyArn: FIXTURE_KEY_ARN,
    },
    'ecrEncryption',
    'because ecrKmsKeyArn is set',
  ],
  ['unknown encryption', { ecrEncryption: 'DSSE' }, 'ecrEncryption', '"AES256" or "KMS"'],
  ['moving tag *', { movingTags: '["*"]' }, 'movingTags', 'starts with literal text'],
  ['moving tag matching SHAs', { movingTags: '["a*"]' }, 'movingTags', 'cannot match a 40-character commit SHA'],
  ['moving tag bad chars', { movingTags: '["la test"]' }, 'movingTags', 'image tag or tag pattern'],
  ['six moving tags', { movingTags: '["l1","l2","l3","l4","l5","l6"]' }, 'movingTags', 'at most 5'],
  [
    'workflow outside .github/workflows',
    { workflowFile: 'deploy.yml' },
    'workflowFile',
    '.github/workflows/deploy-ecr.yml',
  ],
  [
    'issuer with scheme',
    { githubOidcHost: 'https://token.actions.githubusercontent.com' },
    'githubOidcHost',
    'without https://',
  ],
  [
    'more subjects than a trust policy holds',
    {
      allowedBranches: '["develop"]',
      allowedTags: JSON.stringify(Array.from({ length: 40 }, (_, i) => `release-${i}-final`)),
    },
    'allowedTags',
    "over IAM's 2048-character quota for a role's trust policy",
  ],
  ['stack name with underscore', { stackName: 'my_stack' }, 'stackName', 'CloudFormation stack name'],
  // Issue 12: each of these passed synth before.
  [
    'null in cdk.json for a list',
    { allowedBranches: null },
    'allowedBranches',
    'not null: remove the key to use the default',
  ],
  ['null in cdk.json for the workflow pin', { workflowFile: null }, 'workflowFile', 'not null'],
  ['null in cdk.json for a boolean', { createOidcProvider: null }, 'createOidcProvider', 'not null'],
  [
    'permissions boundary with an empty name',
    { permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/team/' },
    'permissionsBoundaryArn',
    'the policy name "" must be 1–128',
  ],
  [
    'permissions boundary with an empty path segment',
    { permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy//x' },
    'permissionsBoundaryArn',
    'no empty segment',
  ],
  // Two guards no test would have missed: a release tag made mutable, a policy variable in an environment.
  [
    'moving tag equal to an exact release tag',
    { allowedTags: '["v1.0.0"]', movingTags: '["v1.0.0"]' },
    'movingTags',
    'allowedTags has "v1.0.0"',
  ],
  [
    'policy variable in an environment',
    { allowedEnvironments: '["prod-${aws:username}"]' },
    'allowedEnvironments',
    '${',
  ],
];

describe.each(REJECTED)('rejects %s', (_name, overrides, key, accepted) => {
  test(`naming "${key}" and what is accepted, in one line`, () => {
    const err = errorFor(overrides);
    expect(err.key).toBe(key);
    expect(err.message).toContain(`"${key}"`);
    expect(err.message).toContain(accepted);
    expect(err.message).not.toContain('\n');
  });
});

test('the message shows the bad value itself', () => {
  expect(errorFor({ allowedBranches: '["develop","*"]' }).message).toBe(
    'Invalid setting "allowedBranches" = "*": expected a branch pattern with literal text before any "*" (e.g. "release/*"), because "*" would trust runs nobody chose.',
  );
});

test('a misspelt setting is refused with a suggestion, not ignored', () => {
  const err = errorFor({ allowedBranch: 'main' });
  expect(err.message).toBe(
    'Unknown setting "allowedBranch" = "main": expected one of this app\'s settings (did you mean "allowedBranches"?); see README "Settings".',
  );
});

test.each([
  ['GithubOwner', 'githubOwner'],
  ['allowed_branches', 'allowedBranches'],
  ['ALLOWED-TAGS', 'allowedTags'],
])('a setting written in another case or with separators (%s) is refused, not ignored', (typo, meant) => {
  const err = errorFor({ [typo]: 'x' });
  expect(err.message).toContain(`did you mean "${meant}"?`);
});

test("CDK's own context keys are not mistaken for typos", () => {
  expect(() =>
    parse({
      '@aws-cdk/core:newStyleStackSynthesis': true,
      'aws:cdk:enable-path-metadata': true,
      'acknowledged-issue-numbers': [1],
    }),
  ).not.toThrow();
});

test.each([
  ['release/*', 'branch'],
  ['v*', 'tag'],
  ['feature/JIRA-1_fix.2', 'branch'],
])('accepts %s as a %s pattern', (pattern, kind) => {
  const key = kind === 'branch' ? 'allowedBranches' : 'allowedTags';
  expect(() => parse({ [key]: JSON.stringify([pattern]) })).not.toThrow();
});

test("a raised trust-policy quota makes room, up to IAM's 4096", () => {
  const many = {
    allowedBranches: '["develop"]',
    allowedTags: JSON.stringify(Array.from({ length: 14 }, (_, i) => `release-${i}-final`)),
  };
  expect(() => parse(many)).toThrow(ConfigError);
  expect(parse({ ...many, trustPolicyMaxChars: '4096' }).subjects).toHaveLength(15);
  expect(errorFor({ trustPolicyMaxChars: '8192' }).message).toContain('from 2048 to 4096');
});

test('accepts as many subjects as fit the trust-policy quota', () => {
  const branches = Array.from({ length: 10 }, (_, i) => `feature/team-${i}-work`);
  expect(parse({ allowedBranches: JSON.stringify(branches) }).subjects).toHaveLength(10);
});

test('accepts moving tags that cannot match a commit SHA', () => {
  expect(parse({ movingTags: '["latest","buildcache*"]' }).movingTags).toEqual(['latest', 'buildcache*']);
});

describe('the workflow pin is a default of the code (issue 12)', () => {
  test('a cdk.json without workflowFile still pins the deploy workflow', () => {
    const { workflowFile: _unset, ...context } = FIXTURE_SETTINGS;
    expect(parseContext(context).workflowFile).toBe('.github/workflows/deploy-ecr.yml');
  });

  test('"" turns it off, explicitly (the stack then warns)', () => {
    expect(parse({ workflowFile: '' }).workflowFile).toBeUndefined();
  });

  test('another file is pinned as given', () => {
    expect(parse({ workflowFile: '.github/workflows/release.yaml' }).workflowFile).toBe(
      '.github/workflows/release.yaml',
    );
  });
});

describe("Enterprise Managed Users' HANDLE_SHORTCODE owners (issue 12)", () => {
  test('are accepted, and the sub names them exactly', () => {
    const config = parse({ githubOwner: 'octocat_acme', allowedBranches: '["main"]' });
    expect(config.subjects[0].render(config.repository)).toBe('repo:octocat_acme/octo-service:ref:refs/heads/main');
  });

  test.each([['octocat_ab'], ['octocat_abcdefghi'], ['_acme'], ['octo_cat_acme']])(
    '%s is not a GitHub owner name',
    (owner) => {
      expect(errorFor({ githubOwner: owner }).key).toBe('githubOwner');
    },
  );
});
