/**
 * Rule `variables`: the repository variables the workflow reads are exactly the ones the stack's
 * outputs fill in (lib/stack/github-variables.ts). A variable nobody is told to set reads as an
 * empty string at run time; one the stack provides but the workflow ignores is a setting that
 * silently does nothing.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Compares the `vars.NAME` the workflow reads with the stack's GitHub variables. */
export function variables({ workflow, variables: provided }: CheckContext): WorkflowProblem[] {
  const path = workflow.path;
  const problems: WorkflowProblem[] = [];
  const expected = new Map(Object.values(provided).map((v) => [v.variable, v]));
  const read = new Set(workflow.variablesRead);
  for (const name of read) {
    if (!expected.has(name)) {
      problems.push({
        check: 'variables',
        severity: 'error',
        fix: ['workflow', 'github-variables'],
        message: `${path} reads vars.${name}, which no stack output provides (nobody is told to set it): stop reading it in ${path}, or add it to lib/stack/github-variables.ts with a stack output and document it in the README.`,
      });
    }
  }
  for (const [name, v] of expected) {
    if (!read.has(name)) {
      problems.push({
        check: 'variables',
        severity: 'error',
        fix: ['workflow', 'github-variables'],
        message: `lib/stack/github-variables.ts maps stack output ${v.output} to vars.${name}, but ${path} never reads it: use it in ${path} or remove it from lib/stack/github-variables.ts.`,
      });
    }
  }
  return problems;
}
