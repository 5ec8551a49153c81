/**
 * The single source of truth for what the deploy workflow reads from GitHub and where each value
 * comes from. Every entry is one stack output and one GitHub repository variable (variables, not
 * secrets: none of these values is secret).
 *
 * The workflow (`.github/workflows/deploy-ecr.yml`), the README and `npm run github-setup` all
 * use these names; tests check that they agree.
 */
import { createHash } from 'crypto';

export interface GitHubVariable {
  /** Name of the GitHub Actions repository variable (read as `vars.NAME` in the workflow). */
  readonly variable: string;
  /** Logical ID of the CloudFormation output that holds its value. */
  readonly output: string;
  /** What the value is, for the output's description and the README. */
  readonly description: string;
}

export const GITHUB_VARIABLES = {
  roleArn: {
    variable: 'AWS_ROLE_ARN',
    output: 'AwsRoleArn',
    description: 'ARN of the deploy role the workflow assumes through GitHub OIDC',
  },
  region: {
    variable: 'AWS_REGION',
    output: 'AwsRegion',
    description: 'Region of the stack and of the ECR repository',
  },
  repositoryName: {
    variable: 'ECR_REPOSITORY',
    output: 'EcrRepositoryName',
    description: 'Name of the ECR repository the workflow pushes to',
  },
  movingTags: {
    variable: 'ECR_MOVING_TAGS',
    output: 'EcrMovingTags',
    description:
      'Comma-separated tags the repository lets move (re-point to a new image); empty when every tag is immutable',
  },
} as const satisfies Record<string, GitHubVariable>;

/** Outputs that are useful to people but that the workflow does not read. */
export const INFORMATIONAL_OUTPUTS = {
  repositoryUri: 'EcrRepositoryUri',
  registry: 'EcrRegistry',
  oidcProviderArn: 'OidcProviderArn',
  roleName: 'AwsRoleName',
} as const;

/**
 * With `repositories`, each repository has one output instead of one per variable (CloudFormation
 * allows 200 outputs per stack): its logical ID is this prefix and 8 hex digits of the lower-cased
 * `OWNER/REPO`, its value a JSON object of `repository` (`OWNER/REPO`) and the variables by their
 * GitHub names (`AWS_ROLE_ARN`, …; `ECR_MOVING_TAGS` only when tags may move).
 */
export const REGISTRY_OUTPUT_PREFIX = 'GitHubVariables';

/** The logical ID of the registry output of the repository `fullName` (`OWNER/REPO`). */
export function registryOutputId(fullName: string): string {
  return `${REGISTRY_OUTPUT_PREFIX}${createHash('sha256').update(fullName.toLowerCase()).digest('hex').slice(0, 8)}`;
}

/**
 * A stage stack's outputs (see ecs-stage-stack.ts) and the GitHub variables of the stage's
 * environment they fill (`gh variable set NAME --env ENVIRONMENT`): the deploy job names the
 * environment, so `vars.NAME` takes the environment's value over the repository's.
 */
export const STAGE_VARIABLES = {
  roleArn: {
    variable: 'AWS_ROLE_ARN',
    output: 'AwsRoleArn',
    description: "ARN of the stage's deploy role the deploy job assumes through GitHub OIDC",
  },
  region: {
    variable: 'AWS_REGION',
    output: 'AwsRegion',
    description: "Region of the stage's ECS services",
  },
  cluster: {
    variable: 'ECS_CLUSTER',
    output: 'EcsCluster',
    description: 'ECS cluster of the services the deploy job updates',
  },
  services: {
    variable: 'ECS_SERVICES',
    output: 'EcsServices',
    description: 'Comma-separated ECS services the deploy job updates',
  },
} as const satisfies Record<string, GitHubVariable>;

/** A stage stack's output that no job reads: the GitHub environment whose variables the others fill. */
export const STAGE_ENVIRONMENT_OUTPUT = 'GitHubEnvironment';

/** What a repository's registry output holds besides its name: the deployed values of its variables. */
export interface RegistryVariableValues {
  readonly roleArn: string;
  readonly region: string;
  readonly repositoryName: string;
  /** The moving-tag filters; the variable is left out when there are none. */
  readonly movingTags: readonly string[];
}

/**
 * The object a registry output holds (as JSON text) for the repository `fullName`: `repository`
 * and the variables by their GitHub names. The registry stack builds it from its tokens; given
 * deployed values it is what `cdk deploy --outputs-file` records.
 */
export function registryVariables(fullName: string, values: RegistryVariableValues): Record<string, string> {
  const variables: Record<string, string> = {
    repository: fullName,
    [GITHUB_VARIABLES.roleArn.variable]: values.roleArn,
    [GITHUB_VARIABLES.region.variable]: values.region,
    [GITHUB_VARIABLES.repositoryName.variable]: values.repositoryName,
  };
  if (values.movingTags.length > 0) variables[GITHUB_VARIABLES.movingTags.variable] = values.movingTags.join(',');
  return variables;
}
