/**
 * CloudFormation refuses a template over 1 MB (as `cdk deploy` uploads it to the bootstrap bucket;
 * 51,200 bytes is the limit only for a template passed inline, which CDK avoids). The size is
 * known only once the template is written, so this checks the synthesized files, and the app
 * refuses at synth instead of at deploy.
 */
import * as fs from 'fs';
import { ConfigError } from './config';

/** CloudFormation's limit on a template uploaded through S3, in bytes. */
export const TEMPLATE_MAX_BYTES = 1_048_576;

/** A synthesized stack's template file (as `CloudAssembly.stacks` lists them). */
export interface SynthesizedTemplate {
  readonly stackName: string;
  readonly templateFullPath: string;
}

/**
 * Throws `ConfigError` (key `repositories`, one line) for the first template over `maxBytes`:
 * only the repositories' settings can make a template that large.
 */
export function checkTemplateSizes(
  stacks: readonly SynthesizedTemplate[],
  maxBytes: number = TEMPLATE_MAX_BYTES,
): void {
  for (const { stackName, templateFullPath } of stacks) {
    const size = fs.statSync(templateFullPath).size;
    if (size <= maxBytes) continue;
    throw new ConfigError({
      key: 'repositories',
      value: `${stackName} (${size} bytes)`,
      accepted: `settings whose stacks fit CloudFormation's template limit of ${maxBytes} bytes (1 MB): shorten the repositories' subjects, pull accounts or moving tags, or serve some of them from another app with its own stackName`,
    });
  }
}
