/**
 * Rule `concurrency`: two pushes to the same branch never deploy at the same time (else their
 * tags are pushed in either order), and a running deploy is never cut off (else its tags are left
 * half moved). The group may be the workflow's or each push job's own; with deploy stages it
 * belongs on the push job: a workflow-level group is held by a run for as long as any of its jobs
 * waits, including a stage job waiting for its environment's reviewers, and every later push
 * (images for staging included) would wait behind that approval.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

const SUGGESTED = 'concurrency: { group: deploy-ecr-${{ github.ref }}, cancel-in-progress: false }';

/** Checks the concurrency group that holds each push job, and its `cancel-in-progress`. */
export function concurrency({ workflow }: CheckContext): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const workflowLevel = workflow.document.concurrency;
  const jobs = workflow.deployJobs.length > 0 ? workflow.deployJobs.map((d) => d.job) : [undefined];
  for (const job of jobs) {
    const own = job?.concurrency;
    const c = own?.group ? own : workflowLevel;
    const where = own?.group ? `job "${job!.id}"` : workflow.path;
    if (!c?.group) {
      const target = job ? `the push job "${job.id}"` : 'the push job';
      problems.push({
        check: 'concurrency',
        severity: 'error',
        fix: ['workflow'],
        message: `${workflow.path}: ${target} has no concurrency group, so two quick pushes can push tags in either order: add "${SUGGESTED}" to it.`,
      });
    } else if (c.cancelInProgress !== undefined && c.cancelInProgress !== 'false') {
      problems.push({
        check: 'concurrency',
        severity: 'error',
        fix: ['workflow'],
        message: `concurrency.cancel-in-progress of ${where} is "${c.cancelInProgress}": a deploy cut off mid-push can leave tags half moved; set it to false in ${workflow.path}.`,
      });
    }
  }
  if (workflowLevel?.group && workflow.stageJobs.length > 0) {
    problems.push({
      check: 'concurrency',
      severity: 'warning',
      fix: ['workflow'],
      message: `${workflow.path} has a workflow-level concurrency group while it has stage deploy jobs: a run holds it while a stage job waits for its environment's reviewers, so every later push waits behind that approval. Move the "concurrency:" block into the push job (the stage jobs have their own groups).`,
    });
  }
  return [...new Map(problems.map((p) => [p.message, p])).values()];
}
