/**
 * Rule `session-name`: the role session is named after the run (CloudTrail then shows which run,
 * and which attempt, used the role), from values GitHub sets that fit STS's session-name
 * alphabet. A value a person controls (a branch name, an actor, a commit message) could be
 * refused by STS or make the trail misleading.
 */
import { contextPathsIn } from '../expressions';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Contexts whose values GitHub controls and which fit STS's session-name alphabet. */
const SESSION_NAME_CONTEXTS = new Set([
  'github.run_id',
  'github.run_attempt',
  'github.run_number',
  'github.repository_id',
  'github.sha',
]);

/** Checks `role-session-name` of the configure-aws-credentials step. */
export function sessionName({ workflow }: CheckContext): WorkflowProblem[] {
  const step = workflow.credentialsStep;
  const path = workflow.path;
  if (!step || !workflow.job) return [];
  const session = step.with['role-session-name'];
  if (session === undefined || session.trim() === '') {
    return [
      {
        check: 'session-name',
        severity: 'error',
        fix: ['workflow'],
        message: `role-session-name is not set, so CloudTrail cannot tell which run used the role: set it from trusted run values, e.g. deploy-ecr-\${{ github.run_id }}-\${{ github.run_attempt }}, in ${path}.`,
        line: step.line,
      },
    ];
  }
  const untrusted = contextPathsIn(session).filter((c) => !SESSION_NAME_CONTEXTS.has(c));
  if (untrusted.length > 0) {
    return [
      {
        check: 'session-name',
        severity: 'error',
        fix: ['workflow'],
        message: `role-session-name reads ${untrusted.join(', ')}: use only ${[...SESSION_NAME_CONTEXTS].join(', ')} (values GitHub sets, in STS's alphabet) in ${path}.`,
        line: step.line,
      },
    ];
  }
  const literal = session.replace(/\$\{\{[\s\S]*?\}\}/g, '');
  if (!/^[\w+=,.@-]*$/.test(literal)) {
    return [
      {
        check: 'session-name',
        severity: 'error',
        fix: ['workflow'],
        message: `role-session-name "${session}" has characters STS rejects (allowed: letters, digits and _+=,.@-): fix it in ${path}.`,
        line: step.line,
      },
    ];
  }
  return [];
}
