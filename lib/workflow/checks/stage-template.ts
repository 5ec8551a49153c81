/**
 * Rule `stage-template`: a stage job that differs from the template (what `npm run configure`
 * writes for its stage) is reported as a warning naming the first difference, so a customised job
 * is visible rather than silently taken for the checked one. Its `needs:` and `environment:` are
 * the `stage-needs` and `stage-environment` rules'; everything else is compared as written.
 */
import { STAGE_TEMPLATE_PATH } from '../stage-deploy-job';
import { templateDifference } from '../stage-template-difference';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stagesWithJobs } from './shared';

/** Compares each stage job with the template rendered for its stage. */
export function stageTemplate(context: CheckContext): WorkflowProblem[] {
  const path = context.workflow.path;
  const problems: WorkflowProblem[] = [];
  for (const { stage, index, job } of stagesWithJobs(context)) {
    if (!job) continue;
    const difference = templateDifference(job.job, stage, context.stages[index - 1]?.name);
    if (difference === undefined) continue;
    problems.push({
      check: 'stage-template',
      severity: 'warning',
      fix: ['workflow'],
      message: `job "${job.id}" differs from the template (${STAGE_TEMPLATE_PATH}) ${difference}: a customised job is not what these checks and the e2e rehearsal know to work, so review it yourself; to go back to the template, remove the job from ${path} and run npm run configure.`,
      line: job.job.line,
    });
  }
  return problems;
}
