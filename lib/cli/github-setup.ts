/**
 * `npm run github-setup`: from the outputs of `cdk deploy --outputs-file cdk-outputs.json`, the exact
 * `gh variable set` commands that give the deploy workflow its repository variables (names and
 * outputs from lib/stack/github-variables.ts), and with `deployStages` each stage's environment
 * variables (STAGE_VARIABLES, from the stage stacks' outputs), printed, or run with `--apply`.
 *
 * Exit codes: 0 done, 1 a `gh` command failed, 2 usage or configuration error (including `gh`
 * missing or not logged in for `--apply`).
 */
import { checkOwnerName, checkRepositoryName } from '../stack/rules/github-names';
import { addContextSetting, COMMON_OPTIONS, OptionTable, readOptions, UsageError, valueOf } from './argv';
import type { AppConfig, DeployStage } from '../stack/config';
import { stageKey } from '../stack/config/deploy-stages';
import { runCommand } from './errors';
import { variableCommands } from './github-setup/commands';
import { MergedOutputs, readOutputsFiles } from './github-setup/outputs-files';
import { registryTargets, SetupTarget } from './github-setup/registry';
import { report } from './github-setup/report';
import { missingStageWarning, stageTargets } from './github-setup/stages';
import type { CliIo } from './io';
import { effectiveContext, PROJECT_ROOT, registryFor } from './settings';

export { findOnPath } from './github-setup/apply';
export { variableCommands, type VariableCommand } from './github-setup/commands';

/** What `npm run github-setup -- --help` prints. */
export const GITHUB_SETUP_USAGE = `Usage: npm run github-setup -- [options]

Prints the gh commands that set the deploy workflow's repository variables from the stack's
outputs (after: npx cdk deploy --outputs-file cdk-outputs.json). With deployStages, also each
stage's environment variables (AWS_ROLE_ARN, AWS_REGION, ECS_CLUSTER, ECS_SERVICES) from its stage
stack's outputs (after: npx cdk deploy 'NAME/*' --outputs-file NAME-outputs.json).

Options:
  --outputs FILE         an outputs file (default cdk-outputs.json); repeatable: the stacks of
                         every file are read (e.g. one file per account)
  --stack NAME           the stack in it (default: the only one, or the configured stackName;
                         with repositories: every stack, or only this one's repositories)
  --stage NAME           only this stage's environment variables (a name from deployStages)
  --repo OWNER/REPO      the GitHub repository (default: githubOwner/githubRepository from cdk.json and -c;
                         with repositories: every one, or only this one)
  --env NAME             set the repository variables as variables of a GitHub environment instead
  -c, --context KEY=VALUE  a setting, as for cdk deploy (repeatable)
  --apply                run the commands with gh (needs gh on PATH, logged in)
  --json                 machine-readable output
  -h, --help

Exit codes: 0 done, 1 a gh command failed, 2 usage or configuration error.`;

/** github-setup's command line, read. */
export interface GitHubSetupOptions {
  /** The outputs files, in the order given. */
  readonly outputs: readonly string[];
  readonly stack?: string;
  /** Only this stage of deployStages. */
  readonly stage?: string;
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
  stage: { type: 'string' },
  repo: { type: 'string' },
  env: { type: 'string' },
  apply: { type: 'boolean' },
  ...COMMON_OPTIONS,
} satisfies OptionTable;

/** Parses `argv` (without node and the script). Throws `UsageError`. */
export function parseGitHubSetupArgs(argv: readonly string[]): GitHubSetupOptions {
  const options: { -readonly [K in keyof GitHubSetupOptions]: GitHubSetupOptions[K] } = {
    outputs: [],
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
        options.outputs = [...options.outputs, valueOf(option)];
        break;
      case 'stack':
        options.stack = valueOf(option);
        break;
      case 'stage':
        options.stage = valueOf(option);
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
  if (options.outputs.length === 0) options.outputs = ['cdk-outputs.json'];
  if (options.stage !== undefined && options.environment !== undefined) {
    throw new UsageError(
      "--env scopes the repository variables; --stage sets only the stage's own environment variables: leave out --env",
    );
  }
  if (options.stage !== undefined && options.stack !== undefined) {
    throw new UsageError("--stage finds its stage's stack by name: leave out --stack");
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
  const outputs = readOutputsFiles(options.outputs, io.cwd ?? process.cwd());
  if (registry.listed) {
    if (options.stage !== undefined)
      throw new UsageError(`--stage ${options.stage}: the settings have no deployStages`);
    const targets = registryTargets(outputs.stacks, registry, { ...options, outputs: outputs.files });
    return report({ targets, listed: true }, options, io);
  }
  const config = registry.repositories[0];
  const stages = registry.deployStages;
  checkEnvironmentOption(options.environment, stages);
  const repo = repositoryOf(config, options, io);
  const targets = options.stage === undefined ? [mainTarget(outputs, config, repo, options, stages)] : [];
  const { targets: stageSetups, missing } = stageTargets(outputs, stages, options.stage, repo);
  for (const m of missing) io.stderr(`github-setup: warning: ${missingStageWarning(m, outputs.files)}\n`);
  return report(
    { targets, listed: false, stages: stages.length > 0 ? { targets: stageSetups, missing } : undefined },
    options,
    io,
  );
}

/** The repository to set variables in; the example repository only with a warning (and never with --apply). */
function repositoryOf(config: AppConfig, options: GitHubSetupOptions, io: CliIo): string {
  const repo = options.repo ?? config.repository.fullName;
  if (options.repo === undefined && config.repository.isPlaceholder) {
    const why = `the settings still name the example repository ${repo}, which is nobody's: pass --repo OWNER/REPO (or the -c settings you deployed with), or run npm run configure`;
    if (options.apply) throw new UsageError(`--apply refused: ${why}`);
    io.stderr(`github-setup: warning: ${why}\n`);
  }
  return repo;
}

/**
 * `--env` may not name a stage's environment: there the deploy job reads AWS_ROLE_ARN, which must
 * stay the stage's deploy role, not become the push role.
 */
function checkEnvironmentOption(environment: string | undefined, stages: readonly DeployStage[]): void {
  if (environment === undefined) return;
  const index = stages.findIndex((s) => s.environment.toLowerCase() === environment.toLowerCase());
  if (index < 0) return;
  throw new UsageError(
    `--env ${environment} is ${stageKey(index, 'environment')}: its AWS_ROLE_ARN must be the stage's deploy role, not the push role; set the repository variables without --env (or in one of allowedEnvironments), and the stage's with --stage ${stages[index].name}`,
  );
}

/** The main stack's commands (settings without `repositories`); stage stacks are not candidates. */
function mainTarget(
  outputs: MergedOutputs,
  config: AppConfig,
  repo: string,
  options: GitHubSetupOptions,
  stages: readonly DeployStage[],
): SetupTarget {
  const stageStacks = new Set(stages.map((s) => s.stackName));
  const stacks = Object.keys(outputs.stacks).filter((s) => !stageStacks.has(s));
  const stackName = options.stack ?? (stacks.length === 1 ? stacks[0] : config.stackName);
  const stackOutputs = outputs.stacks[stackName];
  if (stackOutputs === undefined) {
    throw new UsageError(
      `${outputs.files.join(', ')} ${outputs.files.length === 1 ? 'has' : 'have'} no stack "${stackName}" (${outputs.files.length === 1 ? 'it has' : 'they have'}: ${Object.keys(outputs.stacks).join(', ') || 'none'}); choose one with --stack${stages.length > 0 ? ', or set up only a stage with --stage NAME' : ''}`,
    );
  }
  const commands = variableCommands(stackOutputs, stackName, repo, options.environment);
  return { stack: stackName, repo, commands, file: outputs.fileOf[stackName] };
}

/** `OWNER/REPO` with GitHub's naming rules (the app's own, so a managed user's `HANDLE_SHORTCODE` is one). */
function isRepositoryName(text: string): boolean {
  const [owner, name, ...rest] = text.split('/');
  return rest.length === 0 && name !== undefined && !checkOwnerName(owner) && !checkRepositoryName(name);
}
