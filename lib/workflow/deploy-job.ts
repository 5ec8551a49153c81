/**
 * One job of the deploy workflow that assumes the deploy role (it runs
 * aws-actions/configure-aws-credentials): its `if:`, its environment, and the steps the rules
 * read (credentials, ECR login, metadata, build, image lookup, `aws ecr` calls). A workflow may
 * have several; deploy-workflow.ts collects them.
 */
import { GITHUB_VARIABLES } from '../stack/github-variables';
import { parseBuildArgs, type BuildArg } from './build-args';
import { stepOutputsReadIn, variablesReadIn } from './expressions';
import { jobEnvironmentOf, type JobEnvironment } from './job-environment';
import { parseTagRules, type TagRule } from './tag-rules';
import type { WorkflowJob, WorkflowStep } from './workflow-document';

/** The actions the deploy workflow is built from (without `@ref`). */
export const DEPLOY_ACTIONS = {
  checkout: 'actions/checkout',
  credentials: 'aws-actions/configure-aws-credentials',
  ecrLogin: 'aws-actions/amazon-ecr-login',
  buildx: 'docker/setup-buildx-action',
  buildPush: 'docker/build-push-action',
  metadata: 'docker/metadata-action',
} as const;

/** An `aws ecr …` command in a `run:` script, and the IAM action it needs. */
export interface EcrCall {
  readonly step: WorkflowStep;
  /** e.g. `batch-get-image`. */
  readonly command: string;
  /** e.g. `ecr:BatchGetImage`. */
  readonly action: string;
}

/** The steps of a job that the rules read; empty when the workflow has no deploy job. */
export interface DeployJobSteps {
  readonly credentialsStep?: WorkflowStep;
  readonly checkoutSteps: readonly WorkflowStep[];
  readonly ecrLoginStep?: WorkflowStep;
  readonly metadataStep?: WorkflowStep;
  readonly buildStep?: WorkflowStep;
  /** docker/metadata-action `tags` entries. */
  readonly tags: readonly TagRule[];
  readonly buildArgs: readonly BuildArg[];
  /**
   * Steps of the job that read the moving-tags variable (`vars.ECR_MOVING_TAGS`): conditions
   * that read their outputs depend on what the repository lets move.
   */
  readonly movingTagGates: readonly WorkflowStep[];
  /**
   * The `run:` step before the build that looks up whether the commit's image is already in the
   * registry (`aws ecr batch-get-image`, `docker buildx imagetools inspect`, `docker manifest
   * inspect`), so a re-run can skip the build.
   */
  readonly imageLookupStep?: WorkflowStep;
  /** Every `aws ecr …` command the job's scripts run. */
  readonly ecrCalls: readonly EcrCall[];
}

/** A job that assumes the deploy role, with the steps the rules read. */
export interface DeployJob extends DeployJobSteps {
  readonly id: string;
  /** The job's `if:` as written. */
  readonly if?: string;
  /** Its `environment:`: none, a name, or an expression (with the names it can take, when readable). */
  readonly environment: JobEnvironment;
  readonly job: WorkflowJob;
  readonly credentialsStep: WorkflowStep;
}

/** True when the job assumes the deploy role (a step runs configure-aws-credentials). */
export function assumesRole(job: WorkflowJob): boolean {
  return job.steps.some((s) => usesAction(s, DEPLOY_ACTIONS.credentials));
}

/** The steps the rules read, of `job` (or none). */
export function deployJobSteps(job: WorkflowJob | undefined): DeployJobSteps {
  const steps = job?.steps ?? [];
  const find = (action: string) => steps.find((s) => usesAction(s, action));
  const metadataStep = find(DEPLOY_ACTIONS.metadata);
  const buildStep = find(DEPLOY_ACTIONS.buildPush);
  const movingVariable = GITHUB_VARIABLES.movingTags.variable;
  return {
    credentialsStep: find(DEPLOY_ACTIONS.credentials),
    checkoutSteps: steps.filter((s) => usesAction(s, DEPLOY_ACTIONS.checkout)),
    ecrLoginStep: find(DEPLOY_ACTIONS.ecrLogin),
    metadataStep,
    buildStep,
    tags: parseTagRules(metadataStep?.with.tags ?? ''),
    buildArgs: parseBuildArgs(buildStep?.with['build-args'] ?? ''),
    movingTagGates: steps.filter((s) => stepReads(s, movingVariable)),
    imageLookupStep: steps.find((s) => looksUpImage(s) && (buildStep === undefined || s.index < buildStep.index)),
    ecrCalls: steps.flatMap((s) => ecrCallsIn(s)),
  };
}

/** The deploy job model of a job that assumes the role (see `assumesRole`). */
export function deployJobOf(job: WorkflowJob): DeployJob {
  const steps = deployJobSteps(job);
  if (!steps.credentialsStep) throw new Error(`job "${job.id}" does not assume the deploy role`);
  return {
    ...steps,
    credentialsStep: steps.credentialsStep,
    id: job.id,
    if: job.if,
    environment: jobEnvironmentOf(job),
    job,
  };
}

/** True when the step's script reads an image manifest from the registry. */
function looksUpImage(step: WorkflowStep): boolean {
  if (!step.run) return false;
  const script = step.run.script.replace(/\\\n/g, ' ');
  return (
    ecrCallsIn(step).some((c) => c.command === 'batch-get-image') ||
    /\bdocker\s+(?:buildx\s+imagetools|manifest)\s+inspect\b/.test(script)
  );
}

/** The `aws ecr <command>` calls of a step's script (global options before `ecr` allowed). */
export function ecrCallsIn(step: WorkflowStep): EcrCall[] {
  if (!step.run) return [];
  const calls: EcrCall[] = [];
  // `aws`, global options (`--region x`, `--no-cli-pager`), then `ecr COMMAND`; backslash-newline
  // continuations count as spaces.
  const script = step.run.script.replace(/\\\n/g, ' ');
  for (const m of script.matchAll(
    /\baws((?:\s+--[\w-]+(?:=\S+|\s+(?!ecr\b)[^\s-]\S*)?)*)\s+ecr\s+([a-z][a-z0-9-]*)/g,
  )) {
    calls.push({ step, command: m[2], action: ecrActionOf(m[2]) });
  }
  return calls;
}

/** The IAM action behind an `aws ecr` command: its name in PascalCase, login commands aside. */
export function ecrActionOf(command: string): string {
  if (command === 'get-login-password' || command === 'get-login') return 'ecr:GetAuthorizationToken';
  return `ecr:${command
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}`;
}

/** True when the step runs `action` (any ref). */
export function usesAction(step: WorkflowStep, action: string): boolean {
  return step.uses !== undefined && step.uses.uses.split('@')[0] === action;
}

/**
 * True when `text` depends on repository variable `variable`: it reads it directly, or reads an
 * output of a step (of `job`) whose inputs read it. One step's outputs are taken to depend on all
 * of its inputs, which is how a gate step like "decide moving tags" works.
 */
export function dependsOnVariable(text: string, variable: string, job: WorkflowJob | undefined, depth = 0): boolean {
  if (variablesReadIn(text).includes(variable)) return true;
  if (!job || depth > job.steps.length) return false;
  return stepOutputsReadIn(text).some(({ step }) => {
    const source = job.steps.find((s) => s.id === step);
    return (
      source !== undefined && stepInputs(source).some((input) => dependsOnVariable(input, variable, job, depth + 1))
    );
  });
}

/** True when one of the step's own inputs (`env`, `with`, `if`) reads the variable directly. */
function stepReads(step: WorkflowStep, variable: string): boolean {
  return stepInputs(step).some((input) => variablesReadIn(input).includes(variable));
}

function stepInputs(step: WorkflowStep): string[] {
  return [...Object.values(step.env), ...Object.values(step.with), ...(step.if ? [`\${{ ${step.if} }}`] : [])];
}
