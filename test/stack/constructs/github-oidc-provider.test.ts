import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GitHubOidcProvider } from '../../../lib/stack/constructs/github-oidc-provider';

const ARN = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';

/** The template of a stack `build` fills, without the bootstrap-version rule every CDK stack has. */
function templateOf(build: (stack: Stack) => void) {
  const stack = new Stack(new App(), 'Fixture');
  build(stack);
  const template = Template.fromStack(stack).toJSON() as {
    Rules?: Record<string, unknown>;
    Resources?: Record<string, unknown>;
  };
  const { CheckBootstrapVersion: _bootstrap, ...rules } = template.Rules ?? {};
  return { ...template, Rules: rules };
}

describe('GitHubOidcProvider.fromArn', () => {
  test("the template refuses to deploy in any account but the ARN's (STS looks the provider up in the role's own account)", () => {
    const provider = templateOf((stack) => {
      expect(GitHubOidcProvider.fromArn(stack, 'Provider', ARN).oidcProviderArn).toBe(ARN);
    });
    expect(provider.Rules).toEqual({
      ProviderAccount: {
        Assertions: [
          {
            Assert: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '111122223333'] },
            AssertDescription: expect.stringContaining('deploy this stack to account 111122223333'),
          },
        ],
      },
    });
  });

  test("creating or importing the deploying account's own provider needs no such rule", () => {
    expect(templateOf((stack) => GitHubOidcProvider.fromAccount(stack, 'Provider')).Rules).toEqual({});
    const created = templateOf((stack) => GitHubOidcProvider.create(stack, 'Provider'));
    expect(created.Rules).toEqual({});
    expect(Object.values(created.Resources ?? {})).toEqual([
      expect.objectContaining({ Type: 'AWS::IAM::OIDCProvider', DeletionPolicy: 'Retain' }),
    ]);
  });
});
