/**
 * `npm run github-setup`: from the outputs of `cdk deploy --outputs-file cdk-outputs.json`, the exact
 * `gh variable set` commands that give the deploy workflow its repository variables (names and
 * outputs from lib/stack/github-variables.ts), printed, or run with `--apply`.
 *
 * Exit codes: 0 done, 1 a `gh` command failed, 2 usage or configuration error (including `gh`
 * missing or not logged in for `--apply`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { GITHUB_VARIABLES } from '../stack/github-variables';
import { checkOwnerName, checkRepositoryName } from '../stack/rules/github-names';
import { addContextSetting, COMMON_OPTIONS, OptionTable, readOptions, UsageError, valueOf } from './argv';
import { runCommand } from './errors';
import type { CliIo } from './io';
import { shellLine } from './shell';
import { configFor, effectiveContext, PROJECT_ROOT } from './settings';

/** What `npm run github-setup -- --help` prints. */
export const GITHUB_SETUP_USAGE = `Usage: npm run github-setup -- [options]

Prints the gh commands that set the deploy workflow's repository variables from the stack's
outputs (after: npx cdk deploy --outputs-file cdk-outputs.json).

Options:
  --outputs FILE         the outputs file (default cdk-outputs.json)
  --stack NAME           the stack in it (default: the only one, or the configured stackName)
  --repo OWNER/REPO      the GitHub repository (default: githubOwner/githubRepository from cdk.json and -c)
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

/** Finds an executable on PATH (no shell involved). */
export function findOnPath(command: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
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
  const cwd = io.cwd ?? process.cwd();
  const config = configFor(effectiveContext(io.root ?? PROJECT_ROOT, options.context));
  const file = path.resolve(cwd, options.outputs);
  let all: unknown;
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not JSON (${(err as Error).message})`;
    throw new UsageError(
      `${options.outputs} ${reason}: write it with npx cdk deploy --outputs-file ${options.outputs}`,
    );
  }
  if (all === null || typeof all !== 'object' || Array.isArray(all)) {
    throw new UsageError(
      `${options.outputs} is not a cdk outputs file (expected { "<stack>": { "<output>": "<value>" } })`,
    );
  }
  const stacks = Object.keys(all as object);
  const stackName = options.stack ?? (stacks.length === 1 ? stacks[0] : config.stackName);
  const outputs = (all as Record<string, unknown>)[stackName];
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

  if (!options.apply) {
    if (options.json) {
      io.stdout(
        `${JSON.stringify({ stack: stackName, repo, environment: options.environment, commands, applied: false }, null, 2)}\n`,
      );
      return 0;
    }
    io.stdout(
      `# GitHub variables for ${repo}${options.environment ? ` (environment ${options.environment})` : ''} from stack ${stackName} (${options.outputs}):\n`,
    );
    for (const c of commands) {
      if (c.note) io.stdout(`# ${c.note}\n`);
      io.stdout(`${c.line}\n`);
    }
    io.stdout('# Run them yourself, or again with --apply (needs gh, logged in).\n');
    return 0;
  }

  const gh = findOnPath('gh', io.path ?? process.env.PATH);
  if (!gh) {
    for (const c of commands) io.stdout(`${c.line}\n`);
    throw new UsageError(
      '--apply needs the GitHub CLI, and gh is not on PATH: install it (https://cli.github.com), run gh auth login, or run the commands above yourself',
    );
  }
  const auth = spawnSync(gh, ['auth', 'status'], { encoding: 'utf8' });
  if (auth.status !== 0) {
    for (const c of commands) io.stdout(`${c.line}\n`);
    throw new UsageError(
      'gh is not logged in (gh auth status failed): run gh auth login, then --apply again, or run the commands above yourself',
    );
  }

  let failed = 0;
  const results: Array<{ line: string; status: number | null; output: string }> = [];
  for (const c of commands) {
    const r = spawnSync(gh, [...c.args], { encoding: 'utf8' });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    results.push({ line: c.line, status: r.status, output });
    if (r.status === 0) {
      if (!options.json) io.stdout(`ok      ${c.line}\n`);
    } else if (c.action === 'delete') {
      // Deleting a variable that is not set fails, which is the state we want.
      if (!options.json) io.stdout(`ok      ${c.line} (not set: ${output.split('\n')[0] || `exit ${r.status}`})\n`);
    } else {
      failed++;
      if (!options.json) io.stdout(`FAILED  ${c.line}\n        ${output.split('\n').join('\n        ')}\n`);
    }
  }
  if (options.json) {
    io.stdout(
      `${JSON.stringify({ stack: stackName, repo, environment: options.environment, commands, applied: true, results }, null, 2)}\n`,
    );
  }
  return failed === 0 ? 0 : 1;
}

/** `OWNER/REPO` with GitHub's naming rules (the app's own, so a managed user's `HANDLE_SHORTCODE` is one). */
function isRepositoryName(text: string): boolean {
  const [owner, name, ...rest] = text.split('/');
  return rest.length === 0 && name !== undefined && !checkOwnerName(owner) && !checkRepositoryName(name);
}
