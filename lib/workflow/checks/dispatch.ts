/**
 * Rule `dispatch`: `workflow_dispatch` can start the workflow on any branch, and the role refuses
 * all but the ones it trusts, so the job's `if:` must hold a manual run to trusted refs, without
 * skipping a push that the `on.push` filters let through. (With a job environment the token's sub
 * names no ref, and the rule has nothing to compare.)
 */
import { starPatternIncludes, widenGitHubFilter } from '../patterns';
import { parseRefCondition } from '../ref-condition';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { listOr, trustedPatterns } from './shared';

/** Checks the deploy job's `if:` against the trusted refs and the push filters. */
export function dispatch({ workflow, config }: CheckContext): WorkflowProblem[] {
  const { job, path } = workflow;
  if (!job || job.environment !== undefined) return [];
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
          message: `job "${job.id}" lets a manual run on ${ref} through (its if:), but the role trusts only ${listOr(trusted, 'no ref')}: remove it from the job's if: in ${path}, or add the branch to allowedBranches in cdk.json.`,
          line: job.line,
        });
      }
    }
  }
  if (condition.everyPush || !workflow.push) return problems;
  const push = workflow.push;
  const pushed = [
    ...(push.branches ?? (push.tags === undefined ? ['**'] : []))
      .filter((f) => !f.startsWith('!'))
      .map((f) => ['branch', f, `refs/heads/${widenGitHubFilter(f)}`]),
    ...(push.tags ?? []).filter((f) => !f.startsWith('!')).map((f) => ['tag', f, `refs/tags/${widenGitHubFilter(f)}`]),
  ];
  for (const [kind, filter, ref] of pushed) {
    if (!condition.refs.some((r) => starPatternIncludes(r, ref))) {
      problems.push({
        check: 'dispatch',
        severity: 'error',
        fix: ['workflow'],
        message: `job "${job.id}" has "if: ${job.if}", which skips pushes to ${kind} "${filter}" (on.push): add that ref to the if: or remove the filter from on.push in ${path}.`,
        line: job.line,
      });
    }
  }
  return problems;
}
