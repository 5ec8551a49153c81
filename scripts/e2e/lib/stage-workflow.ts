/**
 * The rehearsal's copy of the deploy workflow: the checked-in file with the deploy jobs of the
 * rehearsal's stages rendered in by lib/workflow/stage-deploy-job.ts (any stage jobs the file has
 * already are replaced), and the order the jobs' `needs:` impose.
 */
import { isMap, parseDocument } from 'yaml';
import { PUSH_JOB_ID, renderStageDeployJobs, type StageJobStage } from '../../../lib/workflow/stage-deploy-job';
import { parseWorkflow, type WorkflowJob } from '../../../lib/workflow/workflow-document';

export interface JobLinks {
  readonly needs: readonly string[];
  /** `outputs:` as written (name → text with `${{ }}`). */
  readonly outputs: Readonly<Record<string, string>>;
}

/** `needs:` and `outputs:` of every job of the workflow's text, by job id. */
export function jobLinks(text: string): Record<string, JobLinks> {
  return Object.fromEntries(
    parseWorkflow(text, 'workflow').jobs.map((job) => [job.id, { needs: job.needs, outputs: job.outputs }]),
  );
}

/** The jobs that run after the push job (directly or through others): its stage jobs. */
export function jobsAfter(links: Record<string, JobLinks>, jobId: string): string[] {
  const after = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, { needs }] of Object.entries(links)) {
      if (!after.has(id) && needs.some((n) => n === jobId || after.has(n))) {
        after.add(id);
        grew = true;
      }
    }
  }
  return Object.keys(links).filter((id) => after.has(id));
}

/**
 * `jobs` in an order their `needs:` allow (each after everything it needs; ties in file order), as
 * GitHub would start them one at a time. A need that is not a job, or a cycle, is an error.
 */
export function runOrder(links: Record<string, JobLinks>, jobs: readonly string[]): string[] {
  const order: string[] = [];
  const pending = [...jobs];
  while (pending.length > 0) {
    const next = pending.find((id) =>
      links[id].needs.every((n) => {
        if (!(n in links)) throw new Error(`job "${id}" needs "${n}", which is not a job of the workflow`);
        return order.includes(n) || !jobs.includes(n);
      }),
    );
    if (next === undefined) throw new Error(`the needs of ${pending.join(', ')} go round in a circle`);
    order.push(next);
    pending.splice(pending.indexOf(next), 1);
  }
  return order;
}

/**
 * The workflow's text with the stages' deploy jobs under `jobs:`, in place of any it had. The
 * other jobs stay as they were: their parsed steps are compared with the original's.
 */
export function workflowWithStages(text: string, stages: readonly StageJobStage[], path: string): string {
  const doc = parseDocument(text);
  const jobs = doc.get('jobs', true);
  if (!isMap(jobs)) throw new Error(`${path}: no jobs: mapping`);
  const replaced = jobsAfter(jobLinks(text), PUSH_JOB_ID);
  for (const id of replaced) jobs.delete(id);
  const rendered = parseDocument(renderStageDeployJobs(stages));
  if (!isMap(rendered.contents)) throw new Error('the rendered stage jobs are not a mapping');
  for (const pair of rendered.contents.items) jobs.add(pair);
  const copy = String(doc);

  const before = parseWorkflow(text, path).jobs;
  const after = parseWorkflow(copy, path).jobs;
  // Lines move; what each step is and does must not.
  const steps = (job: WorkflowJob | undefined) =>
    JSON.stringify(
      job?.steps.map((step) => ({
        ...step,
        line: 0,
        run: step.run && { ...step.run, line: 0 },
        uses: step.uses && { ...step.uses, line: 0 },
      })),
    );
  for (const job of before.filter((j) => !replaced.includes(j.id))) {
    if (steps(job) !== steps(after.find((a) => a.id === job.id))) {
      throw new Error(`${path}: job "${job.id}" changed when the stage jobs were added to the rehearsal's copy`);
    }
  }
  return copy;
}
