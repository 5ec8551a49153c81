import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ConfigError, parseSettings } from '../../../lib/stack/config';
import {
  checkPullPolicySize,
  pullPolicySize,
  REPOSITORY_POLICY_MAX_CHARS,
} from '../../../lib/stack/config/pull-policy-size';
import { ImageRepository } from '../../../lib/stack/constructs/image-repository';
import type { PullAccess } from '../../../lib/stack/config/pull-access';
import { fixtureSettings } from '../../support/fixture-settings';
import { registrySettings } from '../../support/registry-settings';

const accounts = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

/** The repository policy ImageRepository.grantPullTo synthesizes, as ECR receives it (partition filled in). */
function synthesizedPolicyText(pull: PullAccess, partition: string): string {
  const stack = new Stack(new App(), 'PullPolicy');
  new ImageRepository(stack, 'Images', { repositoryName: 'svc' }).grantPullTo(pull);
  const [repo] = Object.values(Template.fromStack(stack).findResources('AWS::ECR::Repository'));
  const fill = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fill);
    if (value === null || typeof value !== 'object') return value;
    const o = value as Record<string, unknown>;
    if (o.Ref === 'AWS::Partition') return partition;
    if (Array.isArray(o['Fn::Join'])) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return (parts.map(fill) as string[]).join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fill(v)]));
  };
  return JSON.stringify(fill(repo.Properties.RepositoryPolicyText));
}

describe('pullPolicySize is the length of the policy the construct synthesizes', () => {
  test.each([
    ['one account', { accounts: accounts(1) }, 'aws'],
    ['three accounts', { accounts: accounts(3) }, 'aws'],
    ['an organization', { accounts: [], organizationId: 'o-abc123def4' }, 'aws'],
    ['both, in aws-us-gov', { accounts: accounts(40), organizationId: 'o-abc123def4' }, 'aws-us-gov'],
  ])('%s', (_what, pull, partition) => {
    const text = synthesizedPolicyText(pull, partition);
    expect(text.split(`arn:${partition}:iam::`)).toHaveLength(pull.accounts.length + 1);
    expect(pullPolicySize(pull, partition)).toBe(text.length);
  });

  test('no pull access, no policy', () => {
    expect(pullPolicySize({ accounts: [] }, 'aws')).toBe(0);
  });
});

describe("ECR's limit on a repository policy is checked at synth", () => {
  test('about 300 accounts fit; more are refused in one line naming pullAccounts, the size and the limit', () => {
    expect(() => checkPullPolicySize({ accounts: accounts(300) }, 'aws')).not.toThrow();
    const settings = fixtureSettings({ pullAccounts: JSON.stringify(accounts(320)) });
    let err: unknown;
    try {
      parseSettings((key) => settings[key], Object.keys(settings));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const { key, message } = err as ConfigError;
    expect(key).toBe('pullAccounts');
    expect(message).toMatch(
      new RegExp(`repository policy would be \\d+ characters and ECR takes at most ${REPOSITORY_POLICY_MAX_CHARS}`),
    );
    expect(message.split('\n')).toHaveLength(1);
  });

  test('an entry of repositories is named', () => {
    const settings = registrySettings([{ githubRepository: 'svc', pullAccounts: accounts(320) }]);
    expect(() => parseSettings((key) => settings[key], Object.keys(settings))).toThrow(
      /^Invalid setting "repositories\[0\]\.pullAccounts"/,
    );
  });
});
