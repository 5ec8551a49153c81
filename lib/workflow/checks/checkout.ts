/**
 * Rule `checkout`: actions/checkout leaves the job's token in .git/config unless told not to,
 * and from there it reaches the Docker build context (and any step that reads the tree).
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Every checkout step of the deploy job sets `persist-credentials: false`. */
export function checkout({ workflow }: CheckContext): WorkflowProblem[] {
  return workflow.checkoutSteps
    .filter((step) => step.with['persist-credentials'] !== 'false')
    .map((step) => ({
      check: 'checkout',
      severity: 'error',
      fix: ['workflow'],
      message: `actions/checkout leaves the job's token in .git/config (and so in the build context): set persist-credentials: false in ${workflow.path}.`,
      line: step.line,
    }));
}
