/**
 * How bin/ creates the CDK App: without creation stack traces unless `cdk synth --debug`.
 *
 * A creation stack trace records where in the source each resource and output was made; the CDK
 * CLI shows it as "Source Location" beside a resource that failed to deploy. The CLI's `--debug`
 * option is what turns such traces on ("such as creation stack traces … Will slow down
 * synthesis"), as they are costly: each is captured and mapped through ts-node's source maps, four
 * per served repository (its ECR repository, role, role policy and output). They point into this
 * project's constructs, not the user's settings; the templates are the same either way, and the
 * CDK records them again under `--debug` (CDK_DEBUG). Warnings keep their code location line
 * (docs/warnings.md).
 */
import type { AppProps } from 'aws-cdk-lib';

/** The context key that leaves out the creation stack traces of resources and outputs (CDK's cx-api). */
export const DISABLE_CREATION_STACK_TRACES = 'aws:cdk:disable-creation-stack-traces';

/** The App's options: no creation stack traces (the CDK still records them when CDK_DEBUG is set). */
export function appOptions(): AppProps {
  return { context: { [DISABLE_CREATION_STACK_TRACES]: true } };
}
