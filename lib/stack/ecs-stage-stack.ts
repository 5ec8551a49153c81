import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ROLE_MAX_SESSION_SECONDS, type DeployStage } from './config';
import { RepositoryTrust, stageTrust } from './config/stage-trust';
import { EcsDeployRole } from './constructs/ecs-deploy-role';
import { oidcProviderFor } from './constructs/github-oidc-provider';
import { STAGE_ENVIRONMENT_OUTPUT, STAGE_VARIABLES } from './github-variables';
import { warnAboutStage } from './repository-warnings';

export interface EcsStageStackProps extends StackProps {
  /** The stage (validated settings, see `parseSettings`); the stack's env must be its account and region. */
  readonly stage: DeployStage;
  /** The repository whose push job runs before the deploy job, and whose refs and workflow pin it shares. */
  readonly repository: RepositoryTrust;
}

/**
 * One deploy stage, in the stage's account and region: GitHub OIDC provider (created or imported)
 * → deploy role (the stage's environment only; the named services and roles only) → the outputs
 * that fill the environment's GitHub variables.
 */
export class EcsStageStack extends Stack {
  readonly provider: iam.IOidcProvider;
  readonly deployRole: EcsDeployRole;

  constructor(scope: Construct, id: string, props: EcsStageStackProps) {
    super(scope, id, props);
    const { stage, repository } = props;

    this.provider = oidcProviderFor(this, { oidcProvider: stage.oidcProvider, issuerHost: repository.issuerHost });

    const trust = stageTrust(repository, stage.environment);
    this.deployRole = new EcsDeployRole(this, 'DeployRole', {
      provider: this.provider,
      issuerHost: trust.issuerHost,
      repository: trust.repository,
      environment: stage.environment,
      workflowFile: trust.workflowFile,
      environmentRefs: trust.environmentRefs,
      cluster: stage.cluster,
      services: stage.services,
      passRoles: stage.passRoles,
      roleName: stage.roleName,
      maxSessionDuration: Duration.seconds(ROLE_MAX_SESSION_SECONDS),
    });

    warnAboutStage(this.deployRole, stage);

    this.outputs(stage);
  }

  private outputs(stage: DeployStage): void {
    const forVariable = (v: { variable: string; output: string; description: string }, value: string) =>
      new CfnOutput(this, v.output, {
        value,
        description: `${v.description} (GitHub variable ${v.variable} of environment ${stage.environment})`,
      });
    forVariable(STAGE_VARIABLES.roleArn, this.deployRole.role.roleArn);
    forVariable(STAGE_VARIABLES.region, this.region);
    forVariable(STAGE_VARIABLES.cluster, stage.cluster);
    forVariable(STAGE_VARIABLES.services, stage.services.join(','));
    new CfnOutput(this, STAGE_ENVIRONMENT_OUTPUT, {
      value: stage.environment,
      description: 'GitHub environment whose variables the other outputs fill',
    });
  }
}
