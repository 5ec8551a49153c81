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
    expect(error).toMatchObject({ key: 'allowedEnvironments', value: '2 entries' });
    expect((error as ConfigError).accepted).toMatch(
      /^branches, tags and environments that fit IAM's 100-character trust-policy quota \(these render \d+\)/,
    );
  });
});
