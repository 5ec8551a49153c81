import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GitHubOidcProvider } from './constructs/github-oidc-provider';
import { INFORMATIONAL_OUTPUTS } from './github-variables';

/** The GitHub OIDC provider the registry's roles trust, when the settings create it. */
export class GitHubOidcProviderStack extends Stack {
  readonly provider: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: StackProps & { readonly issuerHost: string }) {
    super(scope, id, props);
    this.provider = GitHubOidcProvider.create(this, 'GitHubOidcProvider', props.issuerHost);
    new CfnOutput(this, INFORMATIONAL_OUTPUTS.oidcProviderArn, {
      value: this.provider.oidcProviderArn,
      description: 'GitHub OIDC provider the roles trust',
    });
  }
}
