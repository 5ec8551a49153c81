import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AppConfig } from './config';
import { GitHubDeployRole } from './constructs/github-deploy-role';
import { oidcProviderFor } from './constructs/github-oidc-provider';
import { ImageRepository } from './constructs/image-repository';
import { addServedRepository } from './constructs/served-repository';
import { GITHUB_VARIABLES, INFORMATIONAL_OUTPUTS } from './github-variables';
import { warnAboutSettings } from './repository-warnings';

export interface GitHubOidcEcrStackProps extends StackProps {
  /** Validated settings (see `parseConfig`). */
  readonly config: AppConfig;
}

/**
 * GitHub OIDC provider → deploy role (one repository, its trusted runs) → push policy (one ECR
 * repository) → ECR repository, with the outputs the deploy workflow reads.
 */
export class GitHubOidcEcrStack extends Stack {
  readonly provider: iam.IOidcProvider;
  readonly deployRole: GitHubDeployRole;
  readonly imageRepository: ImageRepository;

  constructor(scope: Construct, id: string, props: GitHubOidcEcrStackProps) {
    super(scope, id, props);
    const config = props.config;

    this.provider = oidcProviderFor(this, config);

    ({ imageRepository: this.imageRepository, deployRole: this.deployRole } = addServedRepository(
      this,
      config,
      this.provider,
    ));

    warnAboutSettings(this.deployRole, config);

    this.outputs(config);
  }

  private outputs(config: AppConfig): void {
    const repo = this.imageRepository.repository;
    const forVariable = (v: { variable: string; output: string; description: string }, value: string) =>
      new CfnOutput(this, v.output, { value, description: `${v.description} (GitHub variable ${v.variable})` });

    forVariable(GITHUB_VARIABLES.roleArn, this.deployRole.role.roleArn);
    forVariable(GITHUB_VARIABLES.region, this.region);
    forVariable(GITHUB_VARIABLES.repositoryName, repo.repositoryName);
    if (config.movingTags.length > 0) {
      forVariable(GITHUB_VARIABLES.movingTags, config.movingTags.join(','));
    }
    new CfnOutput(this, INFORMATIONAL_OUTPUTS.repositoryUri, {
      value: repo.repositoryUri,
      description: 'URI to push images to',
    });
    new CfnOutput(this, INFORMATIONAL_OUTPUTS.registry, {
      value: `${this.account}.dkr.ecr.${this.region}.${this.urlSuffix}`,
      description: 'ECR registry host (docker login target)',
    });
    new CfnOutput(this, INFORMATIONAL_OUTPUTS.oidcProviderArn, {
      value: this.provider.oidcProviderArn,
      description: 'GitHub OIDC provider the role trusts',
    });
    new CfnOutput(this, INFORMATIONAL_OUTPUTS.roleName, {
      value: this.deployRole.role.roleName,
      description: 'Deploy role name',
    });
  }
}
