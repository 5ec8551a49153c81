import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AppConfig } from './config';
import { GitHubOidcProvider, oidcProviderFor } from './constructs/github-oidc-provider';
import { ServedRepository } from './constructs/served-repository';
import { INFORMATIONAL_OUTPUTS, registryOutputId, registryVariables } from './github-variables';
import { warnAboutSettings } from './repository-warnings';

export interface GitHubOidcEcrRegistryStackProps extends StackProps {
  /** The repositories this stack serves (validated settings, see `parseSettings`): at least one. */
  readonly repositories: readonly AppConfig[];
}

/**
 * Some of the `repositories` (see registry-layout.ts for which): the account's GitHub OIDC
 * provider (imported; a provider the settings create lives in `GitHubOidcProviderStack`) →
 * per repository a deploy role (its trusted runs) allowed to push to its own ECR repository →
 * that ECR repository, with one output per repository holding its GitHub variables.
 */
export class GitHubOidcEcrRegistryStack extends Stack {
  readonly provider: iam.IOidcProvider;
  readonly served: readonly ServedRepository[];

  constructor(scope: Construct, id: string, props: GitHubOidcEcrRegistryStackProps) {
    super(scope, id, props);
    const first = props.repositories[0];

    this.provider =
      first.oidcProvider.kind === 'create'
        ? GitHubOidcProvider.fromAccount(this, 'GitHubOidcProvider', first.issuerHost)
        : oidcProviderFor(this, first);

    this.served = props.repositories.map((config) => {
      const served = new ServedRepository(this, constructId(config), config, this.provider);
      warnAboutSettings(served.deployRole, config);
      return served;
    });

    this.outputs();
  }

  private outputs(): void {
    for (const { config, deployRole, imageRepository } of this.served) {
      const variables = registryVariables(config.repository.fullName, {
        roleArn: deployRole.role.roleArn,
        region: this.region,
        repositoryName: imageRepository.repository.repositoryName,
        movingTags: config.movingTags,
      });
      new CfnOutput(this, registryOutputId(config.repository.fullName), {
        value: this.toJsonString(variables),
        description: `GitHub variables of ${config.repository.fullName} (npm run github-setup)`,
      });
    }
    new CfnOutput(this, INFORMATIONAL_OUTPUTS.registry, {
      value: `${this.account}.dkr.ecr.${this.region}.${this.urlSuffix}`,
      description: 'ECR registry host (docker login target)',
    });
  }
}

/** A repository's construct ID: `owner.name` in lower case (stable when only the case of a name changes). */
function constructId(config: AppConfig): string {
  return `${config.repository.owner}.${config.repository.name}`.toLowerCase();
}
