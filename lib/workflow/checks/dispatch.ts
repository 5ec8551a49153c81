/**
 * Rule `dispatch`: `workflow_dispatch` can start the workflow on any branch, and the role refuses
 * all but the ones it trusts, so the job's `if:` must hold a manual run to trusted refs, without
 * skipping a push that the `on.push` filters let through. Each deploy job is judged on its own
 * (with a job environment the token's sub names no ref, and there is nothing to compare); a push
 * is skipped when no deploy job runs on it, so an image job on branches and a release job on tags
 * may each keep to their own.
 */
import { starPatternIncludes, widenGitHubFilter } from '../patterns';
import { parseRefCondition } from '../ref-condition';
import type { WorkflowJob } from '../workflow-document';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { jobsLabel } from './per-job';
import { listOr, trustedPatterns } from './shared';

/** Checks each deploy job's `if:` against the trusted refs, and the push filters against them all. */
export function dispatch(context: CheckContext): WorkflowProblem[] {
  const jobs = context.workflow.deployJobs.map((d) => d.job);
  const judged = jobs.filter((job) => job.environment === undefined);
  if (judged.length === 0) return [];
  return [...judged.flatMap((job) => manualRuns(job, context)), ...skippedPushes(jobs, context)];
}

/** A manual run of `job` (no environment) must be held to trusted refs by its `if:`. */
function manualRuns(job: WorkflowJob, { workflow, config, settingsIn }: CheckContext): WorkflowProblem[] {
  const path = workflow.path;
  const branches = trustedPatterns(config, 'branch');
  const trusted = [
    ...branches.map((b) => `refs/heads/${b}`),
    ...trustedPatterns(config, 'tag').map((t) => `refs/tags/${t}`),
  ];
  const dispatched = workflow.triggers.includes('workflow_dispatch');
  const example =
    branches
      .map((b) =>
        b.includes('*')
          ? `startsWith(github.ref, 'refs/heads/${b.slice(0, b.indexOf('*'))}')`
          : `github.ref == 'refs/heads/${b}'`,
      )
      .join(' || ') || "github.ref == 'refs/heads/develop'";
  if (job.if === undefined) {
    if (!dispatched) return [];
    return [
      {
        check: 'dispatch',
        severity: 'error',
        fix: ['workflow'],
        message: `${path} can be started by hand (workflow_dispatch) from any branch, but the role trusts only ${listOr(trusted, 'no ref')}, so such a run fails at "Assume the deploy role": add "if: ${example}" to job "${job.id}" in ${path} (a run elsewhere is then skipped).`,
        line: job.line,
      },
    ];
  }
  const condition = parseRefCondition(job.if);
  if (!condition) {
    return [
      {
        check: 'dispatch',
        severity: 'error',
        fix: ['workflow'],
        message: `job "${job.id}" has "if: ${job.if}", which cannot be compared with the refs the role trusts: write it as github.ref == 'refs/heads/…' (or startsWith(github.ref, '…')) terms joined by || in ${path}, e.g. "${example}".`,
        line: job.line,
      },
    ];
  }
  const problems: WorkflowProblem[] = [];
  // A manual run's event is workflow_dispatch: only the ref terms let it through.
  if (dispatched) {
    for (const ref of condition.refs) {
      if (!trusted.some((t) => starPatternIncludes(t, ref))) {
        problems.push({
          check: 'dispatch',
          severity: 'error',
          fix: ['cdk-config', 'workflow'],
          message: `job "${job.id}" lets a manual run on ${ref} through (its if:), but the role trusts only ${listOr(trusted, 'no ref')}: remove it from the job's if: in ${path}, or add the branch to allowedBranches in ${settingsIn}.`,
          line: job.line,
        });
      }
    }
  }
  return problems;
}

/** A push that the on.push filters let through but the `if:` of every deploy job skips. */
function skippedPushes(jobs: readonly WorkflowJob[], { workflow }: CheckContext): WorkflowProblem[] {
  const { push, path } = workflow;
  const conditions = jobs.map((job) => (job.if === undefined ? undefined : parseRefCondition(job.if)));
  // A job without an if: (or with one not read as refs, reported above) runs on every push.
  if (!push || conditions.some((c) => c === undefined || c.everyPush)) return [];
  const kept = conditions.flatMap((c) => c?.refs ?? []);
  const problems: WorkflowProblem[] = [];
  const pushed = [
    ...(push.branches ?? (push.tags === undefined ? ['**'] : []))
      .filter((f) => !f.startsWith('!'))
      .map((f) => ['branch', f, `refs/heads/${widenGitHubFilter(f)}`]),
    ...(push.tags ?? []).filter((f) => !f.startsWith('!')).map((f) => ['tag', f, `refs/tags/${widenGitHubFilter(f)}`]),
  ];
  for (const [kind, filter, ref] of pushed) {
    if (kept.some((r) => starPatternIncludes(r, ref))) continue;
    const [job] = jobs;
    problems.push({
      check: 'dispatch',
      severity: 'error',
      fix: ['workflow'],
      message:
        jobs.length === 1
          ? `job "${job.id}" has "if: ${job.if}", which skips pushes to ${kind} "${filter}" (on.push): add that ref to the if: or remove the filter from on.push in ${path}.`
          : `no deploy job runs on pushes to ${kind} "${filter}" (on.push): the if: of ${jobsLabel(jobs.map((j) => j.id))} skips them; add that ref to the if: of the job that should deploy it, or remove the filter from on.push in ${path}.`,
      line: job.line,
    });
  }
  return problems;
}
