import { ConfigError } from '../../../lib/stack/config/config-error';
import { checkTrustPolicySize, trustPolicySize } from '../../../lib/stack/config/trust-policy-size';
import { GitHubRepository } from '../../../lib/stack/github-repository';
import { SubjectFilter } from '../../../lib/stack/trust/subject-filter';

const issuerHost = 'token.actions.githubusercontent.com';
const repository = new GitHubRepository({ owner: 'Octo-Org', name: 'octo-service' });

test('the size is the trust policy as IAM counts it: JSON without whitespace', () => {
  const policy =
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",' +
    '"Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},' +
    '"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{' +
    '"token.actions.githubusercontent.com:aud":"sts.amazonaws.com",' +
    '"token.actions.githubusercontent.com:sub":"repo:Octo-Org/octo-service:ref:refs/heads/main"}}}]}';
  expect(trustPolicySize({ issuerHost, repository, subjects: [SubjectFilter.branch('main')] }, 'aws')).toBe(
    policy.length,
  );
});

describe('checkTrustPolicySize', () => {
  const props = {
    issuerHost,
    repository,
    subjects: [
      SubjectFilter.branch('main'),
      SubjectFilter.tag('v1'),
      SubjectFilter.environment('staging'),
      SubjectFilter.environment('production'),
    ],
  };

  test('a policy within the quota passes', () => {
    expect(() => checkTrustPolicySize(props, 'aws', 2048)).not.toThrow();
  });

  test('over the quota: names the setting with the most entries, the quota and the size', () => {
    let error: unknown;
    try {
      checkTrustPolicySize(props, 'aws', 100);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ key: 'allowedEnvironments', value: ['staging', 'production'] });
    const size = trustPolicySize(props, 'aws');
    expect((error as ConfigError).accepted).toBe(
      `fewer subjects: the trust policy would be ${size} characters, over IAM's 100-character quota for a role's trust policy (trustPolicyMaxChars); ` +
        'its subjects come from allowedBranches (1), allowedTags (1), allowedEnvironments (2). Combine them with a pattern such as "release/*", drop some, ' +
        'or raise the account\'s "Role trust policy length" quota (up to 4096) and set trustPolicyMaxChars',
    );
  });

  test('with repository IDs it says every subject appears in both forms', () => {
    const withIds = {
      ...props,
      repository: new GitHubRepository({ owner: 'Octo-Org', name: 'octo-service', ownerId: '1', repositoryId: '2' }),
    };
    expect(() => checkTrustPolicySize(withIds, 'aws', 100)).toThrow(
      'each of them appears in both sub forms (names and IDs)',
    );
  });
});
