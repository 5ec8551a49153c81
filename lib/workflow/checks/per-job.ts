/**
 * Runs a rule about one job for every job that assumes the deploy role. With several deploy jobs,
 * a problem is named after the jobs that have it (`job "release": …`), and one that every job
 * reports in the same words (a workflow-level fact, or the same mistake everywhere) is reported
 * once. With one deploy job (or none) the rule runs as written.
 */
import { viewOfJob } from '../deploy-workflow';
import type { WorkflowProblem } from '../workflow-problem';
import type { WorkflowRule } from './context';

/** `rule`, run on each deploy job's view of the workflow; keeps the rule's name. */
export function perJob(rule: WorkflowRule): WorkflowRule {
  const run: WorkflowRule = (context) => {
    const jobs = context.workflow.deployJobs;
    if (jobs.length <= 1) return rule(context);
    const found = new Map<string, { problem: WorkflowProblem; ids: string[] }>();
    for (const job of jobs) {
      for (const problem of rule({ ...context, workflow: viewOfJob(context.workflow, job) })) {
        const key = `${problem.severity} ${problem.check} ${problem.message}`;
        const seen = found.get(key);
        if (seen) seen.ids.push(job.id);
        else found.set(key, { problem, ids: [job.id] });
      }
    }
    return [...found.values()].map(({ problem, ids }) =>
      ids.length === jobs.length || ids.some((id) => problem.message.includes(`job "${id}"`))
        ? problem
        : { ...problem, message: `${jobsLabel(ids)}: ${problem.message}` },
    );
  };
  Object.defineProperty(run, 'name', { value: rule.name });
  return run;
}

/** `job "a"`, or `jobs "a" and "b"`. */
export function jobsLabel(ids: readonly string[]): string {
  const quoted = ids.map((id) => `"${id}"`);
  return ids.length === 1 ? `job ${quoted[0]}` : `jobs ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
