/**
 * A finding about a workflow: what is wrong, and which side of the deploy a person should change
 * to fix it (the workflow file, the CDK settings in cdk.json, lib/stack/github-variables.ts, or the
 * README). Messages are complete sentences that already say this; `fix` is for tools.
 */

/** What a person edits to resolve a problem. */
export type FixTarget = 'workflow' | 'cdk-config' | 'github-variables' | 'readme';

export interface WorkflowProblem {
  /** Short identifier of the rule, e.g. `push-branches`. */
  readonly check: string;
  /**
   * `error`: a deploy fails or is unsafe as written. `warning`: it works, but grants or keeps
   * more than it needs (e.g. the role trusts a branch nothing deploys from).
   */
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** What to edit, most likely first. */
  readonly fix: readonly FixTarget[];
  /** Line in the workflow file, when one line is at fault. */
  readonly line?: number;
}

/** One line per problem, `path:line: [check] message`, for test failures and the doctor. */
export function formatProblems(path: string, problems: readonly WorkflowProblem[]): string {
  return problems
    .map((p) => `${path}${p.line ? `:${p.line}` : ''}: ${p.severity} [${p.check}] ${p.message}`)
    .join('\n');
}
