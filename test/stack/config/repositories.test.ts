import { ConfigError, parseSettings, RegistryConfig } from '../../../lib/stack/config';
import { defaultRoleName } from '../../../lib/stack/config/derived-names';
import { fixtureSettings } from '../../support/fixture-settings';
import { registrySettings, THREE_REPOSITORIES } from '../../support/registry-settings';

function parse(context: Readonly<Record<string, unknown>>): RegistryConfig {
  return parseSettings((key) => context[key], Object.keys(context));
}

/** The ConfigError these settings cause (fails the test if none is thrown). */
function errorFor(context: Readonly<Record<string, unknown>>): ConfigError {
  try {
    parse(context);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(context)} to be rejected`);
}

const entries = (...extra: Array<Record<string, unknown>>) => [...THREE_REPOSITORIES, ...extra];

describe('without repositories', () => {
  test('one repository, from the top-level settings, not listed', () => {
    const config = parse(fixtureSettings());
    expect(config.listed).toBe(false);
    expect(config.repositories.map((r) => [r.repository.fullName, r.ecrRepositoryName, r.roleName])).toEqual([
      ['Octo-Org/octo-service', 'octo-service', 'test-github-actions'],
    ]);
    expect(config.repositories[0].pullAccess).toEqual({ accounts: [], organizationId: undefined });
  });

  test('pullAccounts and pullOrganizationId apply to the one repository', () => {
    const config = parse(fixtureSettings({ pullAccounts: '["111122223333"]', pullOrganizationId: 'o-abc123def4' }));
    expect(config.repositories[0].pullAccess).toEqual({ accounts: ['111122223333'], organizationId: 'o-abc123def4' });
  });
});

describe('repositories: each entry with its own settings, the rest from the top level', () => {
  const config = parse(registrySettings(THREE_REPOSITORIES, { pullOrganizationId: 'o-exampleorg1' }));
  const [a, b, c] = config.repositories;

  test('one configuration per entry, in the listed order', () => {
    expect(config.listed).toBe(true);
    expect(config.repositories.map((r) => r.repository.fullName)).toEqual([
      'Octo-Org/octo-service',
      'Other-Team/Billing.API',
      'Octo-Org/web-front',
    ]);
  });

  test('a key left out falls back to the top-level setting', () => {
    expect(a.subjects.map(String)).toEqual(['branch("main")']);
    expect(a.workflowFile).toBe('.github/workflows/deploy-ecr.yml');
    expect(b.workflowFile).toBe('.github/workflows/deploy-ecr.yml');
    expect([a, b, c].map((r) => r.pullAccess.organizationId)).toEqual([
      'o-exampleorg1',
      'o-exampleorg1',
      'o-exampleorg1',
    ]);
  });

  test("an entry's own keys win", () => {
    expect(b.repository).toMatchObject({ owner: 'Other-Team', ownerId: '7654321', repositoryId: '55501234' });
    expect(b.subjects.map(String)).toEqual(['tag("v*")']);
    expect(c.subjects.map(String)).toEqual(['branch("release/*")', 'environment("production")']);
    expect(c.workflowFile).toBe('.github/workflows/release.yml');
    expect(b.ecrRepositoryName).toBe('team/billing-api');
    expect(c.roleName).toBe('test-web-front-deployer');
  });

  test('ecrRepositoryName defaults to the repository name in lower case', () => {
    expect(a.ecrRepositoryName).toBe('octo-service');
    expect(parse(registrySettings([{ githubRepository: 'My.Service_X' }])).repositories[0].ecrRepositoryName).toBe(
      'my.service_x',
    );
  });

  test('roleName defaults to ENV-NAME-HASH, the same every time', () => {
    expect(a.roleName).toMatch(/^test-octo-service-[0-9a-f]{8}$/);
    expect(parse(registrySettings(THREE_REPOSITORIES)).repositories[0].roleName).toBe(a.roleName);
  });

  test('per-repository pull access overrides the top level', () => {
    const own = parse(
      registrySettings(
        [
          { githubRepository: 'svc-a', pullAccounts: ['111122223333'], pullOrganizationId: '' },
          { githubRepository: 'svc-b' },
        ],
        {
          pullOrganizationId: 'o-exampleorg1',
        },
      ),
    );
    expect(own.repositories.map((r) => r.pullAccess)).toEqual([
      { accounts: ['111122223333'], organizationId: undefined },
      { accounts: [], organizationId: 'o-exampleorg1' },
    ]);
  });

  describe("an owner's ID goes with its owner", () => {
    const top = { githubOwnerId: '4242' };
    const otherOwner = { githubOwner: 'Data-Team', githubRepository: 'ingest' };

    test('an entry of another owner does not take the top-level owner ID (it is another account)', () => {
      const [entry] = parse(registrySettings([otherOwner], top)).repositories;
      expect(entry.repository).toMatchObject({ owner: 'Data-Team', ownerId: undefined, repositoryId: undefined });
      expect(entry.repository.usesImmutableIds).toBe(false);
    });

    test("with its repository ID, it must give its own owner's ID, and the message says why", () => {
      const err = errorFor(registrySettings([{ ...otherOwner, githubRepositoryId: '9003' }], top));
      expect(err.key).toBe('repositories[0].githubOwnerId');
      expect(err.message).toContain('the top-level githubOwnerId 4242 is the ID of githubOwner "Octo-Org"');
      expect(err.message).not.toContain('derived from githubRepository');
      expect(err.message.split('\n')).toHaveLength(1);
    });

    test('an entry naming the top-level owner (in any case) keeps its ID', () => {
      const entry = { githubOwner: 'octo-org', githubRepository: 'svc', githubRepositoryId: '9004' };
      const [own] = parse(registrySettings([entry], top)).repositories;
      expect(own.repository).toMatchObject({ owner: 'octo-org', ownerId: '4242', repositoryId: '9004' });
    });
  });

  test('-c gives repositories as JSON text', () => {
    const fromText = parse(registrySettings(JSON.stringify(THREE_REPOSITORIES) as unknown as unknown[]));
    expect(fromText.repositories.map((r) => r.roleName)).toEqual(config.repositories.map((r) => r.roleName));
  });
});

describe('derived role names', () => {
  test('fit IAM 64 characters, whatever the lengths', () => {
    const name = defaultRoleName('a-twenty-char-label1', 'o', 'r'.repeat(100));
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^a-twenty-char-label1-r+-[0-9a-f]{8}$/);
  });

  test('differ for one name under two owners, and for names that differ only after the cut', () => {
    expect(defaultRoleName('dev', 'team-a', 'api')).not.toBe(defaultRoleName('dev', 'team-b', 'api'));
    const long = 'x'.repeat(80);
    expect(defaultRoleName('dev', 'o', `${long}1`)).not.toBe(defaultRoleName('dev', 'o', `${long}2`));
  });

  test('ignore case, as GitHub names do', () => {
    expect(defaultRoleName('dev', 'Octo', 'API').slice(-8)).toBe(defaultRoleName('dev', 'octo', 'api').slice(-8));
  });
});

describe('repositories: refused settings name the entry', () => {
  test.each([
    [
      'an entry setting',
      [{ githubRepository: 'svc-a', allowedBranches: ['bad branch'] }],
      'repositories[0].allowedBranches',
    ],
    [
      'the third entry',
      entries()
        .slice(0, 2)
        .concat([{ githubRepository: 'svc-c', untaggedImageExpiryDays: 0 }]),
      'repositories[2].untaggedImageExpiryDays',
    ],
    [
      'a missing githubRepository',
      [{ githubRepository: 'svc-a' }, { allowedBranches: ['main'] }],
      'repositories[1].githubRepository',
    ],
    ['a bad account', [{ githubRepository: 'svc-a', pullAccounts: ['12345'] }], 'repositories[0].pullAccounts'],
    [
      'a bad organisation',
      [{ githubRepository: 'svc-a', pullOrganizationId: 'o-SHORT' }],
      'repositories[0].pullOrganizationId',
    ],
    ['a derived ECR name ECR refuses', [{ githubRepository: '.github' }], 'repositories[0].ecrRepositoryName'],
    [
      'one ID without the other',
      [{ githubRepository: 'svc-a', githubRepositoryId: '123' }],
      'repositories[0].githubOwnerId',
    ],
  ])('%s', (_, list, key) => {
    const err = errorFor(registrySettings(list));
    expect(err.key).toBe(key);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  test('null in an entry: remove it to take the top-level value', () => {
    const err = errorFor(registrySettings([{ githubRepository: 'svc-a', allowedBranches: null }]));
    expect(err.key).toBe('repositories[0].allowedBranches');
    expect(err.message).toMatch(/not null: remove the key from this entry to use the top-level value\.$/);
  });

  test('a derived name says where it came from', () => {
    expect(errorFor(registrySettings([{ githubRepository: '.github' }])).message).toContain(
      'derived from githubRepository: set ecrRepositoryName in this entry',
    );
  });

  test('a bad top-level value keeps its top-level name', () => {
    const err = errorFor(
      registrySettings([{ githubRepository: 'svc-a' }, { githubRepository: 'svc-b', allowedTags: [] }], {
        allowedTags: ['bad tag'],
      }),
    );
    expect(err.key).toBe('allowedTags');
    expect(err.message).toMatch(/ \(for repositories\[0\], which takes the top-level allowedTags\)\.$/);
  });

  test('a top-level value too large for one entry (its trust policy over the quota) says which entry', () => {
    const branches = Array.from({ length: 10 }, (_, i) => `release/team-${i}/*`);
    const pinned = { githubRepository: 'svc-b', githubOwnerId: '1', githubRepositoryId: '2' };
    const err = errorFor(registrySettings([{ githubRepository: 'svc-a' }, pinned], { allowedBranches: branches }));
    expect(err.key).toBe('allowedBranches');
    expect(err.message).toContain('(for repositories[1], which takes the top-level allowedBranches)');
  });

  test('an unknown key in an entry, with a did-you-mean', () => {
    const err = errorFor(registrySettings([{ githubRepository: 'svc-a', allowedBranch: ['main'] }]));
    expect(err.key).toBe('repositories[0].allowedBranch');
    expect(err.message).toMatch(/^Unknown setting .*did you mean "allowedBranches"\?/);
  });

  test('a top-level setting only an entry may hold', () => {
    for (const key of ['githubRepository', 'githubRepositoryId', 'ecrRepositoryName', 'roleName']) {
      const err = errorFor({ ...registrySettings(), [key]: key === 'githubRepositoryId' ? '123' : 'x-y' });
      expect([err.key, err.message]).toEqual([
        key,
        expect.stringContaining('no top-level value when "repositories" is set'),
      ]);
    }
  });

  test.each([
    ['an empty list', []],
    ['not a list', { githubRepository: 'svc-a' }],
    ['text that is not JSON', 'a,b'],
  ])('%s', (_, value) => {
    const err = errorFor({ ...registrySettings(), repositories: value });
    expect(err.key).toBe('repositories');
  });

  test('an entry that is not an object', () => {
    expect(errorFor(registrySettings([{ githubRepository: 'svc-a' }, 'b'])).key).toBe('repositories[1]');
  });
});

describe('repositories: duplicates are refused naming both entries', () => {
  test.each([
    [
      'one GitHub repository twice (any case)',
      [{ githubRepository: 'svc' }, { githubRepository: 'svc-x' }, { githubRepository: 'SVC' }],
      'repositories[2].githubRepository',
      'repositories[0]',
    ],
    [
      'one ECR name twice',
      [{ githubRepository: 'svc-a' }, { githubRepository: 'svc-b', ecrRepositoryName: 'svc-a' }],
      'repositories[1].ecrRepositoryName',
      'repositories[0]',
    ],
    [
      'one repository ID under two names (a renamed repository listed twice)',
      [
        { githubRepository: 'old-name', githubOwnerId: '1', githubRepositoryId: '777' },
        { githubRepository: 'svc-x' },
        { githubRepository: 'new-name', githubOwnerId: '1', githubRepositoryId: '777' },
      ],
      'repositories[2].githubRepositoryId',
      'repositories[0]',
    ],
    [
      'one role name twice',
      [
        { githubRepository: 'svc-a', roleName: 'role-r' },
        { githubRepository: 'svc-b', roleName: 'ROLE-R' },
      ],
      'repositories[1].roleName',
      'repositories[0]',
    ],
  ])('%s', (_, list, key, other) => {
    const err = errorFor(registrySettings(list));
    expect(err.key).toBe(key);
    expect(err.message).toContain(`${other} has`);
  });

  test('one name under two owners: the derived ECR names clash, and the message says which key to set', () => {
    const err = errorFor(
      registrySettings([{ githubRepository: 'api' }, { githubRepository: 'api', githubOwner: 'team-b' }]),
    );
    expect(err.message).toBe(
      'Duplicate setting "repositories[1].ecrRepositoryName" = "api": expected a value no other entry has, but repositories[0] has "api": set ecrRepositoryName in one of the two entries (it defaults to the GitHub repository name in lower case).',
    );
  });

  test('one name under two owners is two repositories', () => {
    const config = parse(
      registrySettings([
        { githubRepository: 'api' },
        { githubRepository: 'api', githubOwner: 'team-b', ecrRepositoryName: 'team-b/api' },
      ]),
    );
    expect(config.repositories.map((r) => r.repository.fullName)).toEqual(['Octo-Org/api', 'team-b/api']);
  });
});
