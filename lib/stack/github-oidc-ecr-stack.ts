import { Annotations, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AppConfig } from './config';
import { acknowledgeEcrLoginWildcard } from './constructs/ecr-login-acknowledgement';
import { GitHubDeployRole } from './constructs/github-deploy-role';
import { GitHubOidcProvider } from './constructs/github-oidc-provider';
import { GITHUB_VARIABLES, INFORMATIONAL_OUTPUTS } from './github-variables';
import { ImageRepository } from './constructs/image-repository';

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

    this.provider = this.oidcProvider(config);

    this.imageRepository = new ImageRepository(this, 'Images', {
      repositoryName: config.ecrRepositoryName,
      untaggedImageExpiry: Duration.days(config.untaggedImageExpiryDays),
      kms: config.encryption === 'KMS',
      encryptionKey: config.kmsKeyArn ? kms.Key.fromKeyArn(this, 'ImagesKey', config.kmsKeyArn) : undefined,
      movingTags: config.movingTags,
    });

    this.deployRole = new GitHubDeployRole(this, 'DeployRole', {
      provider: this.provider,
      issuerHost: config.issuerHost,
      repository: config.repository,
      subjects: config.subjects,
      workflowFile: config.workflowFile,
      roleName: config.roleName,
      maxSessionDuration: Duration.seconds(config.maxSessionDurationSeconds),
      permissionsBoundary: config.permissionsBoundaryArn
        ? iam.ManagedPolicy.fromManagedPolicyArn(this, 'PermissionsBoundary', config.permissionsBoundaryArn)
        : undefined,
    });
    this.imageRepository.grantPush(this.deployRole.role);

    // cdk-nag flags the Resource "*" of ECR login; acknowledged, and held to that one action.
    acknowledgeEcrLoginWildcard(this.deployRole.role);

    this.warnings(config);

    this.outputs(config);
  }

  /** Settings that synthesize but deserve a second look, printed by every `cdk synth`. */
  private warnings(config: AppConfig): void {
    const warn = (id: string, message: string) =>
      Annotations.of(this.deployRole).addWarningV2(`github-oidc-ecr:${id}`, message);
    const repo = config.repository;
    if (repo.isPlaceholder) {
      warn(
        'placeholder-repository',
        `githubOwner/githubRepository are still the example "${repo.fullName}": the role would trust whoever owns that name on GitHub. Set your own in cdk.json or with -c before deploying.`,
      );
    }
    if (!repo.usesImmutableIds) {
      warn(
        'name-based-subjects',
        `The role trusts the repository by name only ("${config.subjects[0].render(repo)}"): a deleted name re-registered by someone else would be trusted, and since 2026-07-15 repositories created, renamed or transferred (or opted in) send "repo:OWNER@OWNER_ID/REPO@REPO_ID:…", which this role refuses. ` +
          `Set githubOwnerId and githubRepositoryId from \`gh api repos/${repo.fullName} --jq '.owner.id, .id'\`: the role then accepts both subject forms, tied to those IDs.`,
      );
    }
    if (config.subjects.some((x) => x.kind === 'environment')) {
      warn(
        'environments',
        'allowedEnvironments: create each environment in the repository settings with deployment branch/tag rules before deploying; GitHub creates a missing environment without any protection the first time a workflow names it.',
      );
    }
    if (config.workflowFile === undefined) {
      warn(
        'workflow-unpinned',
        'workflowFile is "": any workflow file of the repository on a trusted branch, tag or environment can assume the role, not only the deploy workflow. Remove the setting to pin .github/workflows/deploy-ecr.yml again.',
      );
    }
    if (config.subjects.some((x) => x.kind === 'pull_request')) {
      warn(
        'pull-requests',
        'allowPullRequests=true: every pull-request author runs their own edited workflow with this role (in private repositories, fork pull requests too when "send write tokens to workflows from fork pull requests" is on). Prefer an environment with required reviewers.',
      );
    }
  }

  private oidcProvider(config: AppConfig): iam.IOidcProvider {
    switch (config.oidcProvider.kind) {
      case 'create':
        return GitHubOidcProvider.create(this, 'GitHubOidcProvider', config.issuerHost);
      case 'import-account':
        return GitHubOidcProvider.fromAccount(this, 'GitHubOidcProvider', config.issuerHost);
      case 'import-arn':
        return GitHubOidcProvider.fromArn(this, 'GitHubOidcProvider', config.oidcProvider.arn);
    }
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
