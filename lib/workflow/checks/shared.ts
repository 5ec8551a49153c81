/** Small helpers that several workflow rules use to read the configuration and word messages. */
import { stageJobId, type StageJobStage } from '../stage-deploy-job';
import type { StageJob } from '../stage-job';
import type { WorkflowStep } from '../workflow-document';
import type { CheckContext, DeployConfig } from './context';

/** The patterns of the role's trusted subjects of one kind (`branch`, `tag`, `environment`, …). */
export function trustedPatterns(config: DeployConfig, kind: string): string[] {
  return config.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
}

/** `[a, b]`, or `none` when the list is empty. */
export function listOr(items: readonly string[], none: string): string {
  return items.length === 0 ? none : `[${items.join(', ')}]`;
}

/** How a message names a step: its name, or its position in the job counted from 1. */
export function stepLabel(step: WorkflowStep): string | number {
  return step.name ?? step.index + 1;
}

/** A stage of cdk.json deployStages, where it is listed, and its deploy job when the workflow has one. */
export interface StageWithJob {
  readonly stage: StageJobStage;
  /** Its index in deployStages. */
  readonly index: number;
  /** The job `deploy-NAME`, when it is a stage job (stage-job.ts). */
  readonly job?: StageJob;
}

/** The configured stages, in promotion order, each with its job. */
export function stagesWithJobs({ workflow, stages }: CheckContext): StageWithJob[] {
  return stages.map((stage, index) => ({
    stage,
    index,
    job: workflow.stageJobs.find((j) => j.id === stageJobId(stage.name)),
  }));
}
