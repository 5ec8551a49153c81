/**
 * `npm run github-setup`: from the outputs of `cdk deploy --outputs-file cdk-outputs.json`, the exact
 * `gh variable set` commands that give the deploy workflow its repository variables (names and
 * outputs from lib/stack/github-variables.ts), printed, or run with `--apply`.
 *
 * Exit codes: 0 done, 1 a `gh` command failed, 2 usage or configuration error (including `gh`
 * missing or not logged in for `--apply`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { checkOwnerName, checkRepositoryName } from '../stack/rules/github-names';
import { addContextSetting, COMMON_OPTIONS, OptionTable, readOptions, UsageError, valueOf } from './argv';
import type { AppConfig } from '../stack/config';
import { runCommand } from './errors';
import { loggedInGh, runCommands } from './github-setup/apply';
import { variableCommands } from './github-setup/commands';
import { registryTargets, SetupTarget } from './github-setup/registry';
import type { CliIo } from './io';
import { effectiveContext, PROJECT_ROOT, registryFor } from './settings';

export { findOnPath } from './github-setup/apply';
export { variableCommands, type VariableCommand } from './github-setup/commands';

/** What `npm run github-setup -- --help` prints. */
export const GITHUB_SETUP_USAGE = `Usage: npm run github-setup -- [options]

Prints the gh commands that set the deploy workflow's repository variables from the stack's
outputs (after: npx cdk deploy --outputs-file cdk-outputs.json).

Options:
  --outputs FILE         the outputs file (default cdk-outputs.json)
  --stack NAME           the stack in it (default: the only one, or the configured stackName;
                         with repositories: every stack, or only this one's repositories)
  --repo OWNER/REPO      the GitHub repository (default: githubOwner/githubRepository from cdk.json and -c;
                         with repositories: every one, or only this one)
  --env NAME             set them as variables of a GitHub environment instead
  -c, --context KEY=VALUE  a setting, as for cdk deploy (repeatable)
  --apply                run the commands with gh (needs gh on PATH, logged in)
  --json                 machine-readable output
  -h, --help

Exit codes: 0 done, 1 a gh command failed, 2 usage or configuration error.`;

/** github-setup's command line, read. */
export interface GitHubSetupOptions {
  readonly outputs: string;
  readonly stack?: string;
  readonly repo?: string;
  readonly environment?: string;
  readonly context: Readonly<Record<string, string>>;
  readonly apply: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

/** github-setup's options, by long name. */
const SETUP_OPTIONS = {
  outputs: { type: 'string' },
  'outputs-file': { type: 'string' },
  stack: { type: 'string' },
  repo: { type: 'string' },
  env: { type: 'string' },
  apply: { type: 'boolean' },
  ...COMMON_OPTIONS,
} satisfies OptionTable;

/** Parses `argv` (without node and the script). Throws `UsageError`. */
export function parseGitHubSetupArgs(argv: readonly string[]): GitHubSetupOptions {
  const options: { -readonly [K in keyof GitHubSetupOptions]: GitHubSetupOptions[K] } = {
    outputs: 'cdk-outputs.json',
    context: {},
    apply: false,
    json: false,
    help: false,
  };
  const context: Record<string, string> = {};
  for (const option of readOptions(argv, SETUP_OPTIONS, { dashIsValue: false })) {
    switch (option.name as keyof typeof SETUP_OPTIONS) {
      case 'outputs':
      case 'outputs-file':
        options.outputs = valueOf(option);
        break;
      case 'stack':
        options.stack = valueOf(option);
        break;
      case 'repo':
        options.repo = valueOf(option);
        if (!isRepositoryName(options.repo)) throw new UsageError(`--repo takes OWNER/REPO, got "${options.repo}"`);
        break;
      case 'env':
        options.environment = valueOf(option);
        break;
      case 'context':
        addContextSetting(context, option.flag, valueOf(option));
        break;
      case 'apply':
        options.apply = true;
        break;
      case 'json':
        options.json = true;
        break;
      case 'help':
        options.help = true;
        break;
    }
  }
  return { ...options, context };
}

/** Runs github-setup; returns the exit code. A user's error is one line on stderr and exit code 2. */
export function runGitHubSetup(argv: readonly string[], io: CliIo): number {
  return runCommand('github-setup', io, () => setup(argv, io));
}

function setup(argv: readonly string[], io: CliIo): number {
  const options = parseGitHubSetupArgs(argv);
  if (options.help) {
    io.stdout(`${GITHUB_SETUP_USAGE}\n`);
    return 0;
  }
  const registry = registryFor(effectiveContext(io.root ?? PROJECT_ROOT, options.context));
  const all = readOutputsFile(path.resolve(io.cwd ?? process.cwd(), options.outputs), options.outputs);
  const targets = registry.listed
    ? registryTargets(all, registry, options)
    : [singleTarget(all, registry.repositories[0], options, io)];
  return report(targets, options, io, registry.listed);
}

/** The outputs file, as `{ stack: { output: value } }`; throws `UsageError` when missing or not one. */
function readOutputsFile(file: string, name: string): Record<string, unknown> {
  let all: unknown;
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not JSON (${(err as Error).message})`;
    throw new UsageError(`${name} ${reason}: write it with npx cdk deploy --outputs-file ${name}`);
  }
  if (all === null || typeof all !== 'object' || Array.isArray(all)) {
    throw new UsageError(`${name} is not a cdk outputs file (expected { "<stack>": { "<output>": "<value>" } })`);
  }
  return all as Record<string, unknown>;
}

/** The one repository's commands (settings without `repositories`), with the example-repository guard. */
function singleTarget(
  all: Readonly<Record<string, unknown>>,
  config: AppConfig,
  options: GitHubSetupOptions,
  io: CliIo,
): SetupTarget {
  const stacks = Object.keys(all);
  const stackName = options.stack ?? (stacks.length === 1 ? stacks[0] : config.stackName);
  const outputs = all[stackName];
  if (outputs === null || typeof outputs !== 'object') {
    throw new UsageError(
      `${options.outputs} has no stack "${stackName}" (it has: ${stacks.join(', ') || 'none'}); choose one with --stack`,
    );
  }
  const repo = options.repo ?? config.repository.fullName;
  const commands = variableCommands(outputs as Record<string, unknown>, stackName, repo, options.environment);
  if (options.repo === undefined && config.repository.isPlaceholder) {
    const why = `the settings still name the example repository ${repo}, which is nobody's: pass --repo OWNER/REPO (or the -c settings you deployed with), or run npm run configure`;
    if (options.apply) throw new UsageError(`--apply refused: ${why}`);
    io.stderr(`github-setup: warning: ${why}\n`);
  }
  return { stack: stackName, repo, commands };
}

/**
 * Prints the targets' commands, or with --apply runs them all (one failure does not stop the
 * others). The JSON report of one repository is `{ stack, repo, … }`; with `repositories` it is
 * `{ repositories: [{ stack, repo, … }], … }`.
 */
function report(targets: readonly SetupTarget[], options: GitHubSetupOptions, io: CliIo, listed: boolean): number {
  const environment = options.environment;
  const json = (extra: object) => {
    const described = targets.map((t) => ({ stack: t.stack, repo: t.repo, environment, commands: t.commands }));
    const body = listed ? { repositories: described, ...extra } : { ...described[0], ...extra };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  };
  if (!options.apply) {
    if (options.json) {
      json({ applied: false });
      return 0;
    }
    for (const t of targets) {
      io.stdout(
        `# GitHub variables for ${t.repo}${environment ? ` (environment ${environment})` : ''} from stack ${t.stack} (${options.outputs}):\n`,
      );
      for (const c of t.commands) {
        if (c.note) io.stdout(`# ${c.note}\n`);
        io.stdout(`${c.line}\n`);
      }
    }
    io.stdout('# Run them yourself, or again with --apply (needs gh, logged in).\n');
    return 0;
  }
  const commands = targets.flatMap((t) => t.commands);
  const gh = loggedInGh(io, commands);
  const { failed, results } = runCommands(gh, commands, io, options.json);
  if (options.json) json({ applied: true, results });
  return failed === 0 ? 0 : 1;
}

/** `OWNER/REPO` with GitHub's naming rules (the app's own, so a managed user's `HANDLE_SHORTCODE` is one). */
function isRepositoryName(text: string): boolean {
  const [owner, name, ...rest] = text.split('/');
  return rest.length === 0 && name !== undefined && !checkOwnerName(owner) && !checkRepositoryName(name);
}
