/**
 * Checks that the deploy workflow and the stack agree: a change to one side that breaks the
 * other (a branch the role does not trust, a session longer than the role allows, a variable
 * nobody sets, a tag that cannot be re-pushed) becomes a problem whose message names the side to
 * change. Pure: give it the parsed workflow and the parsed CDK configuration. Each rule lives in
 * checks/ (one per file), listed in checks/index.ts in the order the problems are reported.
 */
import { GITHUB_VARIABLES, STAGE_VARIABLES } from '../stack/github-variables';
import { DEPLOY_WORKFLOW_RULES, type DeployConfig, type DeployVariables, type StageVariables } from './checks';
import type { DeployWorkflow } from './deploy-workflow';
import type { StageJobStage } from './stage-deploy-job';
import type { WorkflowProblem } from './workflow-problem';

export { ROLE_ECR_ACTIONS, type DeployConfig, type DeployVariables } from './checks';

export interface ConsistencyOptions {
  readonly variables?: DeployVariables;
  /** README.md text: when given, every variable must be documented in its "Set up GitHub" section. */
  readonly readme?: string;
  /** cdk.json `deployStages` (their names and environments), in promotion order. @default none */
  readonly stages?: readonly StageJobStage[];
  readonly stageVariables?: StageVariables;
  /** Where the trust settings are written, for the messages. @default "cdk.json" */
  readonly settingsIn?: string;
}

/** Every problem between the workflow and the configuration; empty when they agree. */
export function checkDeployWorkflow(
  workflow: DeployWorkflow,
  config: DeployConfig,
  options: ConsistencyOptions = {},
): WorkflowProblem[] {
  const context = {
    workflow,
    config,
    variables: options.variables ?? GITHUB_VARIABLES,
    readme: options.readme,
    stages: options.stages ?? [],
    stageVariables: options.stageVariables ?? STAGE_VARIABLES,
    settingsIn: options.settingsIn ?? 'cdk.json',
  };
  return DEPLOY_WORKFLOW_RULES.flatMap((rule) => rule(context));
}
