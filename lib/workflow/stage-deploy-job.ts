/**
 * The deploy job of one stage of `deployStages` (docs/ecs-delivery.md): the text of
 * stage-deploy-job.template.yml with the stage's name, environment and `needs:` filled in. One
 * template for every stage, so `npm run configure` writes the same job each time and the checks
 * (lib/workflow/checks) and the rehearsal (scripts/e2e) judge one shape.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStageName } from '../stack/config/deploy-stages';

/** The id of the push job, whose `image` and `digest` outputs the stage jobs deploy. */
export const PUSH_JOB_ID = 'push-image';

/** The template, relative to the repository root (for messages). */
export const STAGE_TEMPLATE_PATH = 'lib/workflow/stage-deploy-job.template.yml';

/** What a stage's job needs of its stage. */
export interface StageJobStage {
  /** The stage's name (as `deployStages[].name` accepts it): the job is `deploy-NAME`. */
  readonly name: string;
  /** The GitHub environment the job runs in (exact name). */
  readonly environment: string;
}

/** The job id of a stage's deploy job. */
export function stageJobId(stageName: string): string {
  return `deploy-${stageName}`;
}

/** The jobs a stage's job waits for: the push, and the stage before it (if any). */
export function stageJobNeeds(previousStage?: string): string[] {
  return previousStage === undefined ? [PUSH_JOB_ID] : [PUSH_JOB_ID, stageJobId(previousStage)];
}

let template: string | undefined;

/** The template's text, without its header comment (read once). */
function templateText(): string {
  template ??= readFileSync(join(__dirname, 'stage-deploy-job.template.yml'), 'utf8').replace(/^(#.*\n)+/, '');
  return template;
}

/**
 * The job as YAML: one mapping entry `deploy-NAME: {…}` at column 0 (indent it to place it under
 * `jobs:`). The environment is written as a JSON string, which YAML reads back as the same text
 * whatever characters the name holds.
 */
export function renderStageDeployJob(stage: StageJobStage, previousStage?: string): string {
  const problem = checkStageName(stage.name);
  if (problem) throw new Error(`stage name "${stage.name}": expected ${problem} (deployStages[].name)`);
  const needs = `[${stageJobNeeds(previousStage).join(', ')}]`;
  return templateText()
    .replaceAll('__STAGE__', stage.name)
    .replaceAll('__ENVIRONMENT__', JSON.stringify(stage.environment))
    .replaceAll('__NEEDS__', needs);
}

/** The jobs of every stage, in promotion order, as YAML (each at column 0, separated by a blank line). */
export function renderStageDeployJobs(stages: readonly StageJobStage[]): string {
  return stages.map((stage, i) => renderStageDeployJob(stage, stages[i - 1]?.name)).join('\n');
}
