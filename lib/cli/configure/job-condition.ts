/**
 * The deploy job's `if:` for the refs its workflow is pushed on: a manual run
 * (`workflow_dispatch`) can be started from any ref, and the job must skip the ones the role does
 * not trust rather than fail at "Assume the deploy role". Written in the forms
 * lib/workflow/ref-condition.ts reads back, so the consistency checks can compare it with the role.
 */

/** The refs a deploy is pushed on: branch and tag names or `prefix*` patterns. */
export interface DeployRefs {
  readonly branches: readonly string[];
  readonly tags: readonly string[];
}

/**
 * `github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v')`; undefined when no
 * ref is given. A pattern may hold `*` only at its end (the form the role's settings accept).
 */
export function renderJobCondition(refs: DeployRefs): string | undefined {
  const terms = [
    ...refs.branches.map((b) => refTerm('refs/heads/', b)),
    ...refs.tags.map((t) => refTerm('refs/tags/', t)),
  ];
  return terms.length === 0 ? undefined : terms.join(' || ');
}

/**
 * Why a branch or tag pattern cannot be written as a job condition (GitHub's expressions have
 * `==` and `startsWith` but no wildcard match), or undefined when it can: a name, or a prefix
 * followed by `*` (or `**`).
 */
export function jobConditionProblem(pattern: string): string | undefined {
  const star = pattern.search(/[*?[]/);
  if (star === -1 || pattern.slice(star) === '*' || pattern.slice(star) === '**') return undefined;
  return `"${pattern}" cannot be written in the job's if: (GitHub's expressions compare names and prefixes only): use a name or a prefix followed by "*", e.g. "release/*"`;
}

function refTerm(prefix: string, pattern: string): string {
  const problem = jobConditionProblem(pattern);
  if (problem) throw new Error(problem);
  const star = pattern.indexOf('*');
  if (star === -1) return `github.ref == ${quote(prefix + pattern)}`;
  return `startsWith(github.ref, ${quote(prefix + pattern.slice(0, star))})`;
}

/** A GitHub expression string literal (a quote is doubled). */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
