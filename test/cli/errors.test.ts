/**
 * One decision for every entry point about which errors are the user's: those are one line and an
 * exit code, anything else keeps its stack. The doctor and github-setup are driven to each kind of
 * error through their output stream; the CDK app's one line is checked in cli-process.test.ts.
 */
import { UsageError } from '../../lib/cli/argv';
import { runDoctor } from '../../lib/cli/doctor';
import { SynthValidationError } from '../../lib/cli/doctor/synth';
import { atBoundary, isUserError } from '../../lib/cli/errors';
import { runGitHubSetup } from '../../lib/cli/github-setup';
import type { CliIo } from '../../lib/cli/io';
import { TemplateResolutionError } from '../../lib/iam/cfn-template';
import { PolicyEvaluationError } from '../../lib/iam/policy-evaluator';
import { ConfigError } from '../../lib/stack/config';
import { WorkflowParseError } from '../../lib/workflow/workflow-document';

const USER_ERRORS: Array<[string, Error]> = [
  ['UsageError', new UsageError('give one run to check')],
  ['ConfigError', new ConfigError({ key: 'githubOwner', value: '-x', accepted: 'a GitHub user or organisation name' })],
  ['PolicyEvaluationError', new PolicyEvaluationError('unsupported operator Foo')],
  ['TemplateResolutionError', new TemplateResolutionError('cannot resolve Fn::ImportValue')],
  ['WorkflowParseError', new WorkflowParseError('deploy.yml', 'expected a "jobs:" mapping')],
  ['SynthValidationError', new SynthValidationError('[AwsSolutions-IAM5] wildcard')],
];

const BUGS: Array<[string, unknown]> = [
  ['Error', new Error('x')],
  ['TypeError', new TypeError('x is not a function')],
  ['a thrown string', 'oops'],
];

describe('isUserError', () => {
  it.each(USER_ERRORS)('%s is the user’s to fix', (_, err) => {
    expect(isUserError(err)).toBe(true);
  });

  it.each(BUGS)('%s is a bug', (_, err) => {
    expect(isUserError(err)).toBe(false);
  });
});

describe('atBoundary', () => {
  it('hands a user error to the reporter and returns what it returns', () => {
    const err = new UsageError('bad');
    const seen: unknown[] = [];
    expect(
      atBoundary(
        () => 0,
        () => 9,
      ),
    ).toBe(0);
    expect(
      atBoundary(
        () => {
          throw err;
        },
        (e) => (seen.push(e), 2),
      ),
    ).toBe(2);
    expect(seen).toEqual([err]);
  });

  it('lets any other error through, the same object with its stack', () => {
    const bug = new TypeError('x is not a function');
    let thrown: unknown;
    try {
      atBoundary(
        () => {
          throw bug;
        },
        () => 2,
      );
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(bug);
  });
});

/** An IO whose stdout throws `err` (the first thing `--help` does), recording stderr. */
function throwingIo(err: unknown): CliIo & { readonly errors: string[] } {
  const errors: string[] = [];
  return {
    errors,
    stdout: () => {
      throw err;
    },
    stderr: (text) => errors.push(text),
  };
}

describe.each([
  ['doctor', runDoctor],
  ['github-setup', runGitHubSetup],
])('the %s command at its boundary', (command, run) => {
  it.each(USER_ERRORS)('%s: one line on stderr, exit code 2', (_, err) => {
    const io = throwingIo(err);
    expect(run(['--help'], io)).toBe(2);
    expect(io.errors).toEqual([`${command}: ${err.message}\n`]);
  });

  it.each(BUGS)('%s: thrown on, nothing printed', (_, err) => {
    const io = throwingIo(err);
    expect(() => run(['--help'], io)).toThrow();
    expect(io.errors).toEqual([]);
  });
});
