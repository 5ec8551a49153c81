/**
 * Rule `run-expressions`: `${{ }}` inside `run:` is pasted into the script before the shell
 * parses it, so a value that contains quotes or `$(…)` runs as code (a commit message, a branch
 * name). Values go through `env:` instead. Applies to any workflow file.
 */
import { expressionsIn, hasExpression } from '../expressions';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stepLabel } from './shared';

/** Reports each `run:` script that contains an expression. */
export function runExpressions({ workflow }: CheckContext): WorkflowProblem[] {
  const { document } = workflow;
  const problems: WorkflowProblem[] = [];
  for (const job of document.jobs) {
    for (const step of job.steps) {
      if (!step.run || !hasExpression(step.run.script)) continue;
      const exprs = expressionsIn(step.run.script).map((e) => `\${{ ${e} }}`);
      problems.push({
        check: 'run-expressions',
        severity: 'error',
        fix: ['workflow'],
        message: `job "${job.id}" step "${stepLabel(step)}" writes ${exprs.join(', ')} inside run:, where the value becomes script text: pass it through the step's env: and use "$NAME" in the script (fix ${document.path}).`,
        line: step.run.line,
      });
    }
  }
  return problems;
}
