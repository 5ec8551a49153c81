/**
 * Rule `session-duration`: the session configure-aws-credentials asks for lies within what STS
 * grants for the role (at least 900 s, at most the role's MaxSessionDuration, which the stack
 * fixes), and the job cannot outlive its credentials (a stuck build then fails with its own
 * timeout rather than with expired credentials halfway through a push).
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** STS's shortest session. */
const MIN_SESSION_SECONDS = 900;
/** configure-aws-credentials' session length when `role-duration-seconds` is not set. */
const DEFAULT_SESSION_SECONDS = 3600;
/** GitHub's default job timeout. */
const DEFAULT_TIMEOUT_MINUTES = 360;

/** Checks `role-duration-seconds` against the role's limit and the job's `timeout-minutes`. */
export function sessionDuration({ workflow, config }: CheckContext): WorkflowProblem[] {
  const step = workflow.credentialsStep;
  const job = workflow.job;
  const path = workflow.path;
  if (!step || !job) return [];
  const max = config.maxSessionDurationSeconds;
  const durationText = step.with['role-duration-seconds'];
  let duration = DEFAULT_SESSION_SECONDS;
  if (durationText !== undefined) {
    if (!/^[0-9]+$/.test(durationText.trim())) {
      return [
        {
          check: 'session-duration',
          severity: 'error',
          fix: ['workflow'],
          message: `role-duration-seconds is "${durationText}", which cannot be checked against the role's limit: write a number of seconds (${MIN_SESSION_SECONDS}–${max}) in ${path}.`,
          line: step.line,
        },
      ];
    }
    duration = Number(durationText.trim());
  }
  const problems: WorkflowProblem[] = [];
  const written =
    durationText === undefined
      ? `not set (configure-aws-credentials then asks for ${DEFAULT_SESSION_SECONDS} s)`
      : `${duration}`;
  if (duration > max) {
    problems.push({
      check: 'session-duration',
      severity: 'error',
      fix: ['workflow'],
      message: `role-duration-seconds is ${written} but the role's MaxSessionDuration is ${max} s (fixed by the stack, not a setting), so STS refuses the session: set role-duration-seconds to at most ${max} in ${path}.`,
      line: step.line,
    });
  } else if (duration < MIN_SESSION_SECONDS) {
    problems.push({
      check: 'session-duration',
      severity: 'error',
      fix: ['workflow'],
      message: `role-duration-seconds is ${duration}, below STS's minimum of ${MIN_SESSION_SECONDS}: raise it in ${path}.`,
      line: step.line,
    });
  }
  const timeout = job.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
  if (timeout * 60 > duration) {
    problems.push({
      check: 'session-duration',
      severity: 'warning',
      fix: ['workflow'],
      message: `job "${job.id}" may run ${timeout} minutes but its AWS session lasts ${duration} s: set timeout-minutes to at most ${Math.floor(duration / 60)} in ${path} so a stuck build fails clearly instead of with expired credentials.`,
    });
  }
  return problems;
}
