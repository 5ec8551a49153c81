/**
 * Rule `stage-needs`: the stage jobs run in promotion order (cdk.json deployStages): each needs the
 * push job directly (GitHub gives a job the outputs of the jobs it needs, not of theirs: without it
 * the image and digest are empty) and, from the second stage on, the job of the stage before (so a
 * stage only gets a digest the stage before it has run). A job of a later stage among its needs
 * would turn the order round.
 */
import { PUSH_JOB_ID, stageJobId } from '../stage-deploy-job';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stagesWithJobs } from './shared';

/** Checks the `needs:` of each stage job against the order of deployStages. */
export function stageNeeds(context: CheckContext): WorkflowProblem[] {
  const path = context.workflow.path;
  const order = context.stages.map((s) => s.name).join(', ');
  const problems: WorkflowProblem[] = [];
  for (const { stage, index, job } of stagesWithJobs(context)) {
    if (!job) continue;
    const needs = job.job.needs;
    const report = (message: string) =>
      problems.push({ check: 'stage-needs', severity: 'error', fix: ['workflow'], message, line: job.job.line });
    if (!needs.includes(PUSH_JOB_ID)) {
      report(
        `job "${job.id}" does not need "${PUSH_JOB_ID}", so needs.${PUSH_JOB_ID}.outputs (the image and digest it deploys) are empty: GitHub gives a job only the outputs of the jobs it needs directly. Add ${PUSH_JOB_ID} to its needs in ${path} (npm run configure sets them).`,
      );
    }
    const previous = context.stages[index - 1];
    if (previous && !needs.includes(stageJobId(previous.name))) {
      report(
        `job "${job.id}" does not need "${stageJobId(previous.name)}", so stage "${stage.name}" can get an image that stage "${previous.name}" has not run (cdk.json deployStages order: ${order}): add ${stageJobId(previous.name)} to its needs in ${path} (npm run configure sets them).`,
      );
    }
    const later = context.stages.slice(index + 1).filter((s) => needs.includes(stageJobId(s.name)));
    for (const s of later) {
      report(
        `job "${job.id}" needs "${stageJobId(s.name)}", the job of a later stage (cdk.json deployStages order: ${order}), which turns the promotion order round: remove it from its needs in ${path} (npm run configure sets them).`,
      );
    }
  }
  return problems;
}
