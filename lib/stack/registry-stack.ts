import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AppConfig } from './config';
import { GitHubOidcProvider, oidcProviderFor } from './constructs/github-oidc-provider';
import { ServedRepository } from './constructs/served-repository';
import { GITHUB_VARIABLES, INFORMATIONAL_OUTPUTS, registryOutputId } from './github-variables';
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
      const variables: Record<string, string> = {
        repository: config.repository.fullName,
        [GITHUB_VARIABLES.roleArn.variable]: deployRole.role.roleArn,
        [GITHUB_VARIABLES.region.variable]: this.region,
        [GITHUB_VARIABLES.repositoryName.variable]: imageRepository.repository.repositoryName,
      };
      if (config.movingTags.length > 0) variables[GITHUB_VARIABLES.movingTags.variable] = config.movingTags.join(',');
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
