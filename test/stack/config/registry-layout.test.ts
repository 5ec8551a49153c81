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
  test(`more than ${MAX_REPOSITORIES} repositories (IAM's role quota)`, () => {
    const err = errorFor(names(MAX_REPOSITORIES + 1));
    expect(err.key).toBe('repositories');
    expect(err.message).toContain(`at most ${MAX_REPOSITORIES} entries`);
    expect(err.message.split('\n')).toHaveLength(1);
  });

  test(`more than ${REPOSITORIES_PER_STACK} repositories in one stack (CloudFormation's quotas)`, () => {
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
});
