/**
 * Rule `concurrency`: two pushes to the same branch never deploy at the same time (else their
 * tags are pushed in either order), and a running deploy is never cut off (else its tags are left
 * half moved).
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Checks the workflow's `concurrency:` group and `cancel-in-progress`. */
export function concurrency({ workflow }: CheckContext): WorkflowProblem[] {
  const c = workflow.document.concurrency;
  if (!c?.group) {
    return [
      {
        check: 'concurrency',
        severity: 'error',
        fix: ['workflow'],
        message: `${workflow.path} has no concurrency group, so two quick pushes can push tags in either order: add "concurrency: { group: deploy-ecr-\${{ github.ref }}, cancel-in-progress: false }".`,
      },
    ];
  }
  if (c.cancelInProgress !== undefined && c.cancelInProgress !== 'false') {
    return [
      {
        check: 'concurrency',
        severity: 'error',
        fix: ['workflow'],
        message: `concurrency.cancel-in-progress is "${c.cancelInProgress}": a deploy cut off mid-push can leave tags half moved; set it to false in ${workflow.path}.`,
      },
    ];
  }
  return [];
}
