// TEMPORARY until lib/stack/github-variables.ts has STAGE_VARIABLES (wt-stages).
import type { StageVariables } from './checks/context';
export const STAGE_VARIABLES: StageVariables = {
  roleArn: { variable: 'AWS_ROLE_ARN', output: 'AwsRoleArn', description: '' },
  region: { variable: 'AWS_REGION', output: 'AwsRegion', description: '' },
  cluster: { variable: 'ECS_CLUSTER', output: 'EcsCluster', description: '' },
  services: { variable: 'ECS_SERVICES', output: 'EcsServices', description: '' },
};
