/**
 * The deploy workflow (`.github/workflows/deploy-ecr.yml`) as the stack sees it: which pushes
 * trigger it, which repository variables it reads, and every job that assumes the push role
 * (deploy-job.ts: its `if:`, its environment, how it assumes the role, which tags it pushes, the
 * build arguments it passes and the layer cache it uses). The deploy jobs of cdk.json
 * `deployStages` (stage-job.ts) assume their stage's role instead: they are listed apart, in
 * `stageJobs`, and judged by the stage rules only.
 *
 * The job-level fields of `DeployWorkflow` (`job`, `credentialsStep`, `tags`, …) are those of the
 * first deploy job, for readers that handle one (the e2e rehearsal, configure); `deployJobs`
 * lists them all, and the consistency rules (checks/) judge each.
 *
 * Pure apart from `readDeployWorkflow`; `deploy-consistency.ts` checks this model against the
 * CDK configuration, and the e2e rehearsal reads `buildArgs` from it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_WORKFLOW_FILE } from '../stack/config/workflow-pin';
import { assumesRole, deployJobOf, deployJobSteps, type DeployJob, type DeployJobSteps } from './deploy-job';
import { variablesReadIn } from './expressions';
import type { PushFilters } from './job-pushes';
import { isStageJob, stageJobOf, type StageJob } from './stage-job';
import { parseWorkflow, type WorkflowDocument, type WorkflowJob } from './workflow-document';

export { parseBuildArgs, renderBuildArgs, type BuildArg } from './build-args';
export {
  DEPLOY_ACTIONS,
  dependsOnVariable,
  ecrActionOf,
  ecrCallsIn,
  usesAction,
  type DeployJob,
  type DeployJobSteps,
  type EcrCall,
} from './deploy-job';
export { environmentNames, type JobEnvironment } from './job-environment';
export { type StageJob } from './stage-job';
export { DEFAULT_TAG_PRIORITY, parseTagRules, SAMPLE_COMMIT_SHA, type TagRule } from './tag-rules';

/** Where the deploy workflow lives, relative to the repository root (as in `job_workflow_ref`). */
export const DEPLOY_WORKFLOW_PATH = DEFAULT_WORKFLOW_FILE;

/** The filters of `on.push`; a missing list is `undefined` (for branches: every branch). */
export type PushTrigger = PushFilters;

export interface DeployWorkflow extends DeployJobSteps {
  /** The path given to the parser (normally `DEPLOY_WORKFLOW_PATH`). */
  readonly path: string;
  readonly document: WorkflowDocument;
  /** Event names under `on:`. */
  readonly triggers: readonly string[];
  /** `on.push`, or undefined when the workflow does not run on push. */
  readonly push?: PushTrigger;
  /** Every repository variable the file reads (`vars.NAME`) outside the stage jobs, sorted. */
  readonly variablesRead: readonly string[];
  /**
   * Every job that assumes the push role (runs configure-aws-credentials and is not a stage
   * job), in file order.
   */
  readonly deployJobs: readonly DeployJob[];
  /** The deploy jobs of stages (stage-job.ts), in file order. */
  readonly stageJobs: readonly StageJob[];
  /** The first of `deployJobs` (the job-level fields above are its steps). */
  readonly job?: WorkflowJob;
}

/** Reads and parses the deploy workflow of the repository at `root`. */
export function readDeployWorkflow(
  root: string,
  path: string = DEPLOY_WORKFLOW_PATH,
  as: string = path,
): DeployWorkflow {
  return parseDeployWorkflow(readFileSync(resolve(root, path), 'utf8'), as);
}

/** Builds the model from the workflow's text. Throws `WorkflowParseError` on malformed YAML. */
export function parseDeployWorkflow(text: string, path: string = DEPLOY_WORKFLOW_PATH): DeployWorkflow {
  return deployWorkflowOf(parseWorkflow(text, path));
}

/** Builds the model from an already parsed workflow document. */
export function deployWorkflowOf(document: WorkflowDocument): DeployWorkflow {
  const stageJobs = document.jobs.filter(isStageJob).map(stageJobOf);
  const stageIds = new Set(stageJobs.map((j) => j.id));
  const deployJobs = document.jobs.filter((j) => assumesRole(j) && !stageIds.has(j.id)).map(deployJobOf);
  const variables = new Set<string>();
  for (const site of document.expressions) {
    if (stageIds.has(jobOfPath(site.path) ?? '')) continue;
    for (const name of variablesReadIn(`\${{ ${site.expression} }}`)) variables.add(name);
  }
  return {
    ...deployJobSteps(deployJobs[0]?.job),
    path: document.path,
    document,
    triggers: Object.keys(document.on),
    push: pushTriggerOf(document.on.push, 'push' in document.on),
    variablesRead: [...variables].sort(),
    deployJobs,
    stageJobs,
    job: deployJobs[0]?.job,
  };
}

/** The job a YAML path is under (`jobs.ID.…` → `ID`). */
function jobOfPath(path: string): string | undefined {
  return /^jobs\.([^.[]+)/.exec(path)?.[1];
}

/**
 * The workflow as one deploy job's rules see it: the workflow-level facts, with `job` and the
 * job-level fields of `deployJob`.
 */
export function viewOfJob(workflow: DeployWorkflow, deployJob: DeployJob): DeployWorkflow {
  return { ...workflow, ...deployJobSteps(deployJob.job), job: deployJob.job };
}

function pushTriggerOf(value: unknown, present: boolean): PushTrigger | undefined {
  if (!present) return undefined;
  if (value === null || typeof value !== 'object') return {};
  const block = value as Record<string, unknown>;
  const list = (key: string): string[] | undefined => {
    const v = block[key];
    if (v === undefined || v === null) return undefined;
    return (Array.isArray(v) ? v : [v]).map(String);
  };
  return {
    branches: list('branches'),
    branchesIgnore: list('branches-ignore'),
    tags: list('tags'),
    tagsIgnore: list('tags-ignore'),
  };
}
