/**
 * One GitHub repository served: its ECR repository (today's guarantees), its deploy role (trusting
 * only that repository's configured runs) allowed to push to that ECR repository only, and pull
 * access for other accounts when configured. The single-repository stack builds these directly
 * in itself (`addServedRepository(stack, …)`, so its logical IDs stay as they always were); the
 * registry builds each in a `ServedRepository` construct of its own.
 */
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { AppConfig } from '../config/parse-config';
import { grantsPull } from '../config/pull-access';
import { acknowledgeEcrLoginWildcard } from './ecr-login-acknowledgement';
import { GitHubDeployRole } from './github-deploy-role';
import { ImageRepository } from './image-repository';

/** What `addServedRepository` builds. */
export interface ServedParts {
  readonly imageRepository: ImageRepository;
  readonly deployRole: GitHubDeployRole;
}

/** Builds one repository's ECR repository and deploy role in `scope` (see the file's header). */
export function addServedRepository(scope: Construct, config: AppConfig, provider: iam.IOidcProvider): ServedParts {
  const imageRepository = new ImageRepository(scope, 'Images', {
    repositoryName: config.ecrRepositoryName,
    untaggedImageExpiry: Duration.days(config.untaggedImageExpiryDays),
    kms: config.encryption === 'KMS',
    encryptionKey: config.kmsKeyArn ? kms.Key.fromKeyArn(scope, 'ImagesKey', config.kmsKeyArn) : undefined,
    movingTags: config.movingTags,
  });

  const deployRole = new GitHubDeployRole(scope, 'DeployRole', {
    provider,
    issuerHost: config.issuerHost,
    repository: config.repository,
    subjects: config.subjects,
    workflowFile: config.workflowFile,
    roleName: config.roleName,
    maxSessionDuration: Duration.seconds(config.maxSessionDurationSeconds),
    permissionsBoundary: config.permissionsBoundaryArn
      ? iam.ManagedPolicy.fromManagedPolicyArn(scope, 'PermissionsBoundary', config.permissionsBoundaryArn)
      : undefined,
  });
  imageRepository.grantPush(deployRole.role);

  // cdk-nag flags the Resource "*" of ECR login; acknowledged, and held to that one action.
  acknowledgeEcrLoginWildcard(deployRole.role);

  if (grantsPull(config.pullAccess)) imageRepository.grantPullTo(config.pullAccess);
  return { imageRepository, deployRole };
}

/** One repository of the registry, in a construct of its own (see the file's header). */
export class ServedRepository extends Construct implements ServedParts {
  readonly imageRepository: ImageRepository;
  readonly deployRole: GitHubDeployRole;
  readonly config: AppConfig;

  constructor(scope: Construct, id: string, config: AppConfig, provider: iam.IOidcProvider) {
    super(scope, id);
    this.config = config;
    ({ imageRepository: this.imageRepository, deployRole: this.deployRole } = addServedRepository(
      this,
      config,
      provider,
    ));
  }
}
