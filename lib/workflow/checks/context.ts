/**
 * What every workflow rule reads: the parsed deploy workflow, the parts of the CDK configuration
 * it must agree with, the GitHub variables the stack's outputs fill in, and the README when that
 * is to be checked too. A rule is a pure function of this context.
 */
import type { AppConfig } from '../../stack/config';
import type { GitHubVariable } from '../../stack/github-variables';
import type { DeployWorkflow } from '../deploy-workflow';
import type { StageJobStage } from '../stage-deploy-job';
import type { WorkflowProblem } from '../workflow-problem';

/** The parts of the CDK configuration the workflow must agree with. */
export type DeployConfig = Pick<
  AppConfig,
  'region' | 'subjects' | 'workflowFile' | 'maxSessionDurationSeconds' | 'movingTags' | 'untaggedImageExpiryDays'
>;

/** The GitHub variables the stack's outputs fill in (`GITHUB_VARIABLES` unless a test swaps it). */
export interface DeployVariables {
  readonly roleArn: GitHubVariable;
  readonly region: GitHubVariable;
  readonly repositoryName: GitHubVariable;
  readonly movingTags: GitHubVariable;
}

/**
 * The environment-scoped GitHub variables a stage job reads, which the stage stack's outputs fill
 * in (lib/stack/github-variables.ts `STAGE_VARIABLES` unless a test swaps it).
 */
export interface StageVariables {
  readonly roleArn: GitHubVariable;
  readonly region: GitHubVariable;
  readonly cluster: GitHubVariable;
  readonly services: GitHubVariable;
}

/** The input of every rule. */
export interface CheckContext {
  readonly workflow: DeployWorkflow;
  readonly config: DeployConfig;
  readonly variables: DeployVariables;
  /** README.md text: when given, every variable must be documented in its "Set up GitHub" section. */
  readonly readme?: string;
  /** The stages of cdk.json `deployStages`, in promotion order (empty without it). */
  readonly stages: readonly StageJobStage[];
  readonly stageVariables: StageVariables;
  /**
   * Where the role's trust settings are written, as messages name it: "cdk.json" for the one
   * repository; with `repositories`, the checked repository's entry ("cdk.json repositories[1]
   * (OWNER/REPO)"), whose keys override the top level.
   */
  readonly settingsIn: string;
}

/** One rule: the problems it finds in the context, in the order a reader should meet them. */
export type WorkflowRule = (context: CheckContext) => WorkflowProblem[];
