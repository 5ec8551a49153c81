/**
 * Which errors are the user's to fix, decided once for every entry point (bin/doctor.ts,
 * bin/github-setup.ts, bin/configure.ts, bin/github-oidc-ecr.ts): those are reported in one line without a stack
 * trace; anything else is a bug and keeps its stack. A new user-facing error class is added here.
 */
import { TemplateResolutionError } from '../iam/cfn-template';
import { PolicyEvaluationError } from '../iam/policy-evaluator';
import { ConfigError } from '../stack/config';
import { WorkflowParseError } from '../workflow/workflow-document';
import { UsageError } from './argv';
import { LookupError } from './configure/github-ids';
import { PlanError } from './configure/plan';
import { WorkflowEditError } from './configure/workflow-edit';
import { SynthValidationError } from './doctor/synth';
import type { CliIo } from './io';

/** The error classes whose message tells the user what to change. */
const USER_ERRORS: ReadonlyArray<abstract new (...args: never[]) => Error> = [
  UsageError,
  ConfigError,
  PolicyEvaluationError,
  TemplateResolutionError,
  WorkflowParseError,
  SynthValidationError,
  PlanError,
  LookupError,
  WorkflowEditError,
];

/** Whether `err` is the user's to fix (a bad argument, setting, file or template), not a bug. */
export function isUserError(err: unknown): err is Error {
  return USER_ERRORS.some((type) => err instanceof type);
}

/** The exit code of a usage or configuration error, for both commands. */
export const USER_ERROR_EXIT = 2;

/**
 * Runs a command's body at the CLI boundary: a user's error becomes one line on stderr,
 * `COMMAND: message`, and exit code 2; any other error propagates with its stack.
 */
export function runCommand(command: string, io: Pick<CliIo, 'stderr'>, body: () => number): number {
  return atBoundary(body, (err) => {
    io.stderr(`${command}: ${err.message}\n`);
    return USER_ERROR_EXIT;
  });
}

/**
 * Runs an entry point's `body`; a user's error goes to `onUserError` (which reports it in one line),
 * any other error propagates with its stack.
 */
export function atBoundary<T>(body: () => T, onUserError: (err: Error) => T): T {
  try {
    return body();
  } catch (err) {
    if (!isUserError(err)) throw err;
    return onUserError(err);
  }
}
