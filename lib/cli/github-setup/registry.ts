/**
 * github-setup with `repositories`: each repository's variables come from its one registry output
 * (lib/stack/github-variables.ts, `registryOutputId`), in the stack that serves it.
 */
import type { RegistryConfig } from '../../stack/config';
import { GITHUB_VARIABLES, registryOutputId } from '../../stack/github-variables';
import { UsageError } from '../argv';
import { chooseRepository, shortList } from '../doctor/choose-repository';
import { variableCommands, VariableCommand } from './commands';

/** The commands for one GitHub repository, from one stack's outputs. */
export interface SetupTarget {
  readonly stack: string;
  readonly repo: string;
  readonly commands: readonly VariableCommand[];
  /** The outputs file the stack was read from. @default - not said */
  readonly file?: string;
}

/** Which repositories, and where their outputs are. */
export interface RegistrySetupOptions {
  /** The outputs files' names, for messages. */
  readonly outputs: readonly string[];
  /** Only the repositories this stack serves. */
  readonly stack?: string;
  /** Only this repository (`OWNER/REPO`, any case). */
  readonly repo?: string;
  readonly environment?: string;
}

/**
 * The commands for every repository of `registry` (or the one `--repo`/`--stack` chooses), in the
 * listed order. Throws `UsageError` naming every repository whose output the file lacks.
 */
export function registryTargets(
  all: Readonly<Record<string, unknown>>,
  registry: RegistryConfig,
  options: RegistrySetupOptions,
): SetupTarget[] {
  const names = () => shortList(registry.repositories.map((r) => r.repository.fullName));
  let chosen =
    options.repo === undefined ? registry.repositories : [chooseRepository(registry, options.repo, '--repo')];
  if (options.stack !== undefined) {
    chosen = chosen.filter((r) => r.stackName === options.stack);
    if (chosen.length === 0) {
      throw new UsageError(`--stack ${options.stack} serves none of the chosen repositories (${names()})`);
    }
  }
  const missing: string[] = [];
  const targets: SetupTarget[] = [];
  for (const config of chosen) {
    const repo = config.repository.fullName;
    const stackOutputs = all[config.stackName] as Record<string, unknown> | undefined;
    const text = stackOutputs?.[registryOutputId(repo)];
    const variables = typeof text === 'string' ? parseVariables(text) : undefined;
    if (variables === undefined) {
      missing.push(`${repo} (stack ${config.stackName})`);
      continue;
    }
    const byOutput: Record<string, string> = {};
    for (const v of Object.values(GITHUB_VARIABLES)) {
      if (typeof variables[v.variable] === 'string') byOutput[v.output] = variables[v.variable] as string;
    }
    targets.push({
      stack: config.stackName,
      repo,
      commands: variableCommands(byOutput, config.stackName, repo, options.environment),
    });
  }
  if (missing.length > 0) {
    const files = options.outputs;
    throw new UsageError(
      `${files.join(', ')} ${files.length === 1 ? 'has' : 'have'} no variables output for ${missing.length} of the repositories: ${shortList(missing)}; deploy every stack with npx cdk deploy --all --outputs-file ${files[0]}`,
    );
  }
  return targets;
}

function parseVariables(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
