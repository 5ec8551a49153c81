/** The `gh variable` commands that give one GitHub repository the values of its stack outputs. */
import { GITHUB_VARIABLES } from '../../stack/github-variables';
import { UsageError } from '../argv';
import { shellLine } from '../shell';

/** One `gh variable set` or `delete`. */
export interface VariableCommand {
  readonly variable: string;
  readonly output: string;
  readonly action: 'set' | 'delete';
  readonly value?: string;
  /** gh's arguments (without "gh"). */
  readonly args: readonly string[];
  /** The command, shell-quoted, ready to paste. */
  readonly line: string;
  /** Why a variable is deleted rather than set. */
  readonly note?: string;
}

/**
 * The commands for one stack's outputs. A required output that is missing is an error; the
 * moving-tags output is absent when every tag is immutable, and then the variable is deleted (a
 * value left from an earlier deploy would make the workflow push moving tags the repository now
 * refuses).
 */
export function variableCommands(
  outputs: Readonly<Record<string, unknown>>,
  stackName: string,
  repo: string | undefined,
  environment: string | undefined,
): VariableCommand[] {
  const scope = [...(repo ? ['--repo', repo] : []), ...(environment ? ['--env', environment] : [])];
  const commands: VariableCommand[] = [];
  for (const v of Object.values(GITHUB_VARIABLES)) {
    const value = outputs[v.output];
    if (value === undefined || value === null) {
      if (v === GITHUB_VARIABLES.movingTags) {
        const args = ['variable', 'delete', v.variable, ...scope];
        commands.push({
          variable: v.variable,
          output: v.output,
          action: 'delete',
          args,
          line: `gh ${shellLine(args)}`,
          note: `the stack has no ${v.output} output (every tag is immutable), so ${v.variable} must not be set; gh reports an error if it is not: nothing to do then`,
        });
        continue;
      }
      throw new UsageError(
        `stack "${stackName}" in the outputs file has no "${v.output}" output (for ${v.variable}); was the file written by npx cdk deploy --outputs-file with this version of the stack?`,
      );
    }
    const text = String(value);
    const args = ['variable', 'set', v.variable, '--body', text, ...scope];
    commands.push({
      variable: v.variable,
      output: v.output,
      action: 'set',
      value: text,
      args,
      line: `gh ${shellLine(args)}`,
    });
  }
  return commands;
}
