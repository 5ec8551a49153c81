import { ConfigError, parseSettings } from '../../../lib/stack/config';
import {
  MAX_REPOSITORIES,
  registryStackNumber,
  REPOSITORIES_PER_STACK,
} from '../../../lib/stack/config/registry-layout';
import { GitHubRepository } from '../../../lib/stack/github-repository';
import { registrySettings } from '../../support/registry-settings';

const entries = (names: readonly string[]) => names.map((githubRepository) => ({ githubRepository }));
const names = (count: number, prefix = 'svc') => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

/** Repository → stack name, as the settings place them. */
function placement(list: readonly string[]): Map<string, string> {
  const context = registrySettings(entries(list));
  const config = parseSettings((key) => context[key], Object.keys(context));
  return new Map(config.repositories.map((r) => [r.repository.name, r.stackName]));
}

function errorFor(list: readonly string[]): ConfigError {
  const context = registrySettings(entries(list));
  try {
    parseSettings((key) => context[key], Object.keys(context));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected the settings to be refused');
}

describe('which stack serves a repository', () => {
  const before = placement(names(150));

  test('150 repositories spread over all 4 registry stacks', () => {
    expect(new Set(before.values())).toEqual(
      new Set(['test-github-oidc-ecr-1', 'test-github-oidc-ecr-2', 'test-github-oidc-ecr-3', 'test-github-oidc-ecr-4']),
    );
  });

  test('adding a repository (anywhere in the list) or removing one moves no other', () => {
    const added = placement(['new-one', ...names(150)]);
    const removed = placement(names(150).filter((n) => n !== 'svc-75'));
    for (const [name, stack] of before) {
      if (name !== 'svc-75') expect([name, removed.get(name)]).toEqual([name, stack]);
      expect([name, added.get(name)]).toEqual([name, stack]);
    }
  });

  test("a name's case does not move it", () => {
    const number = (owner: string, name: string) => registryStackNumber(new GitHubRepository({ owner, name }));
    expect(names(20).map((n) => number('Octo-Org', n.toUpperCase()))).toEqual(
      names(20).map((n) => number('octo-org', n)),
    );
  });
});

describe('limits, refused at synth in one line', () => {
  // The limits are written out (as docs/many-repositories.md states them), so a changed constant fails here.
  test("more than 400 repositories (IAM's role quota); 400 are accepted", () => {
    expect(MAX_REPOSITORIES).toBe(400);
    const err = errorFor(names(401));
    expect(err.key).toBe('repositories');
    expect(err.message).toContain('at most 400 entries');
    expect(err.message.split('\n')).toHaveLength(1);
  });

  test("more than 150 repositories in one stack (CloudFormation's quotas)", () => {
    expect(REPOSITORIES_PER_STACK).toBe(150);
    const inStackOne = names(2000, 'crowded').filter(
      (name) => registryStackNumber(new GitHubRepository({ owner: 'Octo-Org', name })) === 1,
    );
    expect(inStackOne.length).toBeGreaterThan(REPOSITORIES_PER_STACK);
    const err = errorFor(inStackOne.slice(0, REPOSITORIES_PER_STACK + 1));
    expect(err.message).toContain(
      `at most ${REPOSITORIES_PER_STACK} repositories in one stack (registry stack 1 would hold ${REPOSITORIES_PER_STACK + 1}`,
    );
    expect(err.message.split('\n')).toHaveLength(1);
    expect(placement(inStackOne.slice(0, REPOSITORIES_PER_STACK)).size).toBe(REPOSITORIES_PER_STACK);
  });

  test('a stackName whose registry stack names CloudFormation would refuse (over 128 characters)', () => {
    const long = 'a'.repeat(127);
    const context = registrySettings(entries(['svc']), { stackName: long });
    expect(() => parseSettings((key) => context[key], Object.keys(context))).toThrow(
      `Invalid setting "stackName" = "${long}": expected a shorter name while "repositories" is set: the registry stack "${long}-4" must be a CloudFormation stack name`,
    );
    const fits = registrySettings(entries(['svc']), { stackName: 'a'.repeat(126) });
    expect(parseSettings((key) => fits[key], Object.keys(fits)).repositories[0].stackName).toMatch(/^a{126}-[1-4]$/);
  });
});
