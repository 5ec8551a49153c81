/**
 * The deploy job of a stage of cdk.json `deployStages` (docs/ecs-delivery.md), as the workflow
 * model tells it apart from a job that pushes the image. Both assume a role with
 * configure-aws-credentials, but a stage job assumes the *stage's* deploy role, builds and pushes
 * nothing, and rolls the push job's image out to ECS: the push rules (build, tags, ECR calls, the
 * push role's trusted runs) do not apply to it, the stage rules (checks/stage-*.ts) do.
 */
import { DEPLOY_ACTIONS, ecrCallsIn, usesAction } from './deploy-job';
import { contextPathsIn } from './expressions';
import { jobEnvironmentOf, type JobEnvironment } from './job-environment';
import { PUSH_JOB_ID } from './stage-deploy-job';
import type { WorkflowJob, WorkflowStep } from './workflow-document';

/** Actions that put an image into a registry: a job using one pushes. */
const PUSH_ACTIONS = [DEPLOY_ACTIONS.buildPush, DEPLOY_ACTIONS.ecrLogin];
/** AWS's ECS actions (render and deploy a task definition): a job using one deploys to ECS. */
const ECS_ACTION_PREFIX = 'aws-actions/amazon-ecs-';

/** An `aws ecs …` command in a `run:` script. */
export interface EcsCall {
  readonly step: WorkflowStep;
  /** e.g. `update-service`. */
  readonly command: string;
}

/** A stage's deploy job, with what the stage rules read. */
export interface StageJob {
  readonly id: string;
  /** The stage the id names (`deploy-NAME` → `NAME`); undefined for another id. */
  readonly stage?: string;
  readonly environment: JobEnvironment;
  readonly job: WorkflowJob;
  readonly credentialsStep: WorkflowStep;
  /** Every `aws ecs …` command of its scripts. */
  readonly ecsCalls: readonly EcsCall[];
}

/** The stage a job id names: `deploy-NAME` → `NAME` (the inverse of `stageJobId`). */
export function stageOfJobId(jobId: string): string | undefined {
  const m = /^deploy-([a-z0-9]([a-z0-9-]*[a-z0-9])?)$/.exec(jobId);
  return m?.[1];
}

/**
 * True for a stage's deploy job: it assumes a role, pushes nothing (no build-push or ECR login
 * action, no `aws ecr` or `docker push` command), and deploys to ECS (an `aws ecs` command or an
 * amazon-ecs-* action), or is named `deploy-NAME` and reads the push job's outputs.
 */
export function isStageJob(job: WorkflowJob): boolean {
  if (!job.steps.some((s) => usesAction(s, DEPLOY_ACTIONS.credentials)) || pushes(job)) return false;
  return (
    job.steps.some((s) => ecsCallsIn(s).length > 0 || (actionOf(s)?.startsWith(ECS_ACTION_PREFIX) ?? false)) ||
    (stageOfJobId(job.id) !== undefined && readsPushOutputs(job))
  );
}

/** The stage job model of a job for which `isStageJob` holds. */
export function stageJobOf(job: WorkflowJob): StageJob {
  const credentialsStep = job.steps.find((s) => usesAction(s, DEPLOY_ACTIONS.credentials));
  if (!credentialsStep) throw new Error(`job "${job.id}" does not assume a role`);
  return {
    id: job.id,
    stage: stageOfJobId(job.id),
    environment: jobEnvironmentOf(job),
    job,
    credentialsStep,
    ecsCalls: job.steps.flatMap((s) => ecsCallsIn(s)),
  };
}

/** The `aws ecs <command>` calls of a step's script (global options before `ecs` allowed). */
export function ecsCallsIn(step: WorkflowStep): EcsCall[] {
  if (!step.run) return [];
  const script = step.run.script.replace(/\\\n/g, ' ');
  return [...script.matchAll(/\baws((?:\s+--[\w-]+(?:=\S+|\s+(?!ecs\b)[^\s-]\S*)?)*)\s+ecs\s+([a-z][a-z0-9-]*)/g)].map(
    (m) => ({ step, command: m[2] }),
  );
}

/** The push job's outputs (`needs.push-image.outputs.NAME`) that `text` reads. */
export function pushOutputsReadIn(text: string): string[] {
  const prefix = `needs.${PUSH_JOB_ID}.outputs.`;
  return contextPathsIn(text)
    .filter((p) => p.startsWith(prefix))
    .map((p) => p.slice(prefix.length));
}

/** Every text of the job that expressions can be in: job env, step env, with, if. */
export function jobInputs(job: WorkflowJob): string[] {
  return [
    ...Object.values(job.env),
    ...job.steps.flatMap((s) => [
      ...Object.values(s.env),
      ...Object.values(s.with),
      ...(s.if ? [`\${{ ${s.if} }}`] : []),
    ]),
  ];
}

function readsPushOutputs(job: WorkflowJob): boolean {
  return jobInputs(job).some((text) => pushOutputsReadIn(text).length > 0);
}

function pushes(job: WorkflowJob): boolean {
  return job.steps.some(
    (s) =>
      PUSH_ACTIONS.some((action) => usesAction(s, action)) ||
      ecrCallsIn(s).length > 0 ||
      /\bdocker\s+(?:image\s+)?push\b/.test(s.run?.script ?? ''),
  );
}

function actionOf(step: WorkflowStep): string | undefined {
  return step.uses?.uses.split('@')[0];
}
