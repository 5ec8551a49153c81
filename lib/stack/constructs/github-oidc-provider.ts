import { Arn, ArnFormat, CfnRule, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { OidcProviderSource } from '../config/provider';
import { GITHUB_ISSUER_HOST, STS_AUDIENCE } from '../trust/trust-conditions';

/**
 * The IAM OIDC identity provider for GitHub Actions: created as a plain
 * `AWS::IAM::OIDCProvider` (no Lambda-backed custom resource, no thumbprint: AWS trusts the
 * issuer's JWKS endpoint through its CA), or imported, since an account holds one per URL.
 */
export class GitHubOidcProvider {
  /**
   * Creates the provider for `issuerHost` with client ID `sts.amazonaws.com`. Fails to deploy
   * with `EntityAlreadyExists` if the account already has one: import it instead.
   */
  static create(scope: Construct, id: string, issuerHost: string = GITHUB_ISSUER_HOST): iam.IOidcProvider {
    const provider = new iam.OidcProviderNative(scope, id, {
      url: `https://${issuerHost}`,
      clientIds: [STS_AUDIENCE],
    });
    // Other roles in the account (other stacks, other tools) may trust this provider: deleting or
    // replacing this stack must not cut them off. A later stack imports the retained provider.
    provider.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return provider;
  }

  /**
   * Imports the provider the deploying account already has for `issuerHost`. The ARN is built
   * from the stack's partition and account, so no account ID is needed at synth time.
   */
  static fromAccount(scope: Construct, id: string, issuerHost: string = GITHUB_ISSUER_HOST): iam.IOidcProvider {
    const arn = Stack.of(scope).formatArn({
      service: 'iam',
      region: '',
      resource: 'oidc-provider',
      resourceName: issuerHost,
    });
    return iam.OidcProviderNative.fromOidcProviderArn(scope, id, arn);
  }

  /**
   * Imports a provider by its full ARN (e.g. one another stack of the same account created). STS
   * looks the provider up in the role's own account, so a role in another account could never be
   * assumed: the template gets a rule (`Rules`, checked before anything is created or changed)
   * that refuses to deploy in any account but the ARN's.
   */
  static fromArn(scope: Construct, id: string, arn: string): iam.IOidcProvider {
    const provider = iam.OidcProviderNative.fromOidcProviderArn(scope, id, arn);
    const account = Token.isUnresolved(arn) ? undefined : Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).account;
    if (account) {
      new CfnRule(scope, `${id}Account`, {
        assertions: [
          {
            assert: Fn.conditionEquals(Stack.of(scope).account, account),
            assertDescription: `oidcProviderArn names a provider in account ${account}, and STS looks the provider up in the role's own account: deploy this stack to account ${account}, or import that account's own provider.`,
          },
        ],
      });
    }
    return provider;
  }

  private constructor() {}
}

/** The provider `source` says: created in `scope`, the account's, or the named one (id `GitHubOidcProvider`). */
export function oidcProviderFor(
  scope: Construct,
  { oidcProvider: source, issuerHost }: { readonly oidcProvider: OidcProviderSource; readonly issuerHost: string },
): iam.IOidcProvider {
  switch (source.kind) {
    case 'create':
      return GitHubOidcProvider.create(scope, 'GitHubOidcProvider', issuerHost);
    case 'import-account':
      return GitHubOidcProvider.fromAccount(scope, 'GitHubOidcProvider', issuerHost);
    case 'import-arn':
      return GitHubOidcProvider.fromArn(scope, 'GitHubOidcProvider', source.arn);
  }
}
