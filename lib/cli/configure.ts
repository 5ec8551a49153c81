/**
 * `npm run configure`: makes the project someone's own. It writes the settings to cdk.json and
 * rewrites in .github/workflows/deploy-ecr.yml exactly what must agree with the deploy role, after
 * validating everything with the app's own rules and checking the edited workflow against the
 * trust policy the settings render — on any problem nothing is written.
 *
 * Exit codes: 0 configured (or already so), 1 the result would not agree (nothing written),
 * 2 usage or configuration error (nothing written).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { ConfigError, SETTINGS, type AppConfig } from '../stack/config';
import { trustPolicyDocument } from '../stack/trust/trust-policy';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../workflow/deploy-workflow';
import { WorkflowParseError } from '../workflow/workflow-document';
import { editCdkJsonContext, type SettingChange } from './configure/cdk-json-edit';
import { LookupError, lookUpRepositoryIds } from './configure/github-ids';
import { PlanError, plannedJob, plannedSettings, type ConfigureOptions } from './configure/plan';
import { editDeployWorkflow, WorkflowEditError } from './configure/workflow-edit';
import { addContextSetting, UsageError } from './doctor/args';
import { EXIT, PLACEHOLDER_ACCOUNT } from './doctor';
import { checkWorkflowAgainstStack } from './doctor/workflow-check';
import { findOnPath } from './github-setup';
import { configFor, PROJECT_ROOT, readJson } from './settings';

export const CONFIGURE_USAGE = `Usage: npm run configure -- --repository OWNER/REPO [options]

Points cdk.json and ${DEPLOY_WORKFLOW_PATH} at your repository, together, so that they agree.
With no options it brings the workflow in step with cdk.json as it stands.

Options:
  --repository OWNER/REPO   the GitHub repository whose runs may push (exact case)
  --owner-id N --repository-id N
                            its numeric IDs: the role then trusts the repository by ID
  --lookup-ids              ask the GitHub CLI (gh) for the IDs and the exact spelling
  --branch NAME             a branch that deploys (repeatable; "release/*" for a prefix)
  --tag PATTERN             a tag that deploys (repeatable, e.g. "v*")
  --environment NAME        the deploy job runs in this GitHub environment; the role trusts
                            it (and no branch or tag); "" removes it
  --region REGION           the AWS region of the stack
  -c, --context KEY=VALUE   any other setting, as for cdk synth -c (repeatable)
  -h, --help

Exit codes: 0 configured (or already so), 1 the result would not agree (nothing written),
2 usage or configuration error (nothing written).`;

/** Where configure reads and writes, and where it reports. */
export interface ConfigureIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The project (cdk.json, the workflow). @default the repository this file is in */
  readonly root?: string;
  /** PATH to look for gh in. @default process.env.PATH */
  readonly path?: string;
}

/** Parses the command line; throws `UsageError`. Undefined for --help. */
export function parseConfigureArgs(argv: readonly string[]): ConfigureOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.filter((a) => a !== '--'),
      strict: true,
      allowPositionals: false,
      options: {
        repository: { type: 'string' },
        'owner-id': { type: 'string' },
        'repository-id': { type: 'string' },
        'lookup-ids': { type: 'boolean' },
        branch: { type: 'string', multiple: true },
        tag: { type: 'string', multiple: true },
        environment: { type: 'string' },
        region: { type: 'string' },
        context: { type: 'string', short: 'c', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]} (see --help)`);
  }
  const v = parsed.values;
  if (v.help) return undefined;
  let repository: ConfigureOptions['repository'];
  if (v.repository !== undefined) {
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(v.repository);
    if (!m) throw new UsageError(`--repository takes OWNER/REPO, got "${v.repository}"`);
    repository = { owner: m[1], name: m[2] };
  }
  if (v['lookup-ids'] && (v['owner-id'] !== undefined || v['repository-id'] !== undefined)) {
    throw new UsageError('--lookup-ids asks gh for the IDs: give it, or --owner-id and --repository-id, not both');
  }
  if ((v['owner-id'] === undefined) !== (v['repository-id'] === undefined)) {
    throw new UsageError('--owner-id and --repository-id go together: give both, or --lookup-ids');
  }
  for (const [flag, values] of [
    ['--branch', v.branch],
    ['--tag', v.tag],
  ] as const) {
    for (const value of values ?? []) if (value === '') throw new UsageError(`${flag} needs a name (got "")`);
  }
  const context: Record<string, string> = {};
  for (const kv of v.context ?? []) addContextSetting(context, '-c', kv);
  return {
    repository,
    ownerId: v['owner-id'],
    repositoryId: v['repository-id'],
    lookupIds: v['lookup-ids'] ?? false,
    branches: v.branch ?? [],
    tags: v.tag ?? [],
    environment: v.environment,
    region: v.region,
    context,
  };
}

/** Runs `npm run configure`; returns the exit code. */
export function runConfigure(argv: readonly string[], io: ConfigureIo): number {
  try {
    const options = parseConfigureArgs(argv);
    if (!options) {
      io.stdout(`${CONFIGURE_USAGE}\n`);
      return EXIT.allow;
    }
    return configure(options, io);
  } catch (err) {
    if (err instanceof ConfigureRefusal) {
      io.stderr(`configure: ${err.message}\n`);
      return err.exitCode;
    }
    const userError = [UsageError, PlanError, LookupError, WorkflowEditError, WorkflowParseError, ConfigError].some(
      (c) => err instanceof c,
    );
    if (!userError) throw err;
    io.stderr(`configure: ${(err as Error).message}\n`);
    return EXIT.error;
  }
}

/** Nothing was written, for a reason given in the message. */
class ConfigureRefusal extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function configure(given: ConfigureOptions, io: ConfigureIo): number {
  const root = io.root ?? PROJECT_ROOT;
  const cdkJsonPath = path.join(root, 'cdk.json');
  const workflowPath = path.join(root, DEPLOY_WORKFLOW_PATH);
  const cdkJsonText = fs.readFileSync(cdkJsonPath, 'utf8');
  const workflowText = fs.readFileSync(workflowPath, 'utf8');
  const cached = (readJson(path.join(root, 'cdk.context.json')) as Record<string, unknown> | undefined) ?? {};
  const context = { ...((JSON.parse(cdkJsonText) as { context?: Record<string, unknown> }).context ?? {}) };

  const options = withLookedUpIds(given, context, io);
  const current = {
    owner: context.githubOwner,
    name: context.githubRepository,
    hasIds: context.githubOwnerId !== undefined || context.githubRepositoryId !== undefined,
  };
  const settings = plannedSettings(options, current);
  const settled = validated(apply(context, settings.changes), cached, settings.sources);
  const push = parseDeployWorkflow(workflowText, DEPLOY_WORKFLOW_PATH).push;
  const job = plannedJob(options, settled, { branches: push?.branches ?? [], tags: push?.tags ?? [] });
  const changes = [...settings.changes, ...job.changes];
  const config = validated(apply(context, changes), cached, { ...settings.sources, ...job.sources });

  const cdkJson = editCdkJsonContext(cdkJsonText, changes, Object.keys(SETTINGS));
  const workflow = editDeployWorkflow(workflowText, DEPLOY_WORKFLOW_PATH, job.job);
  const check = checkWorkflowAgainstStack(
    parseDeployWorkflow(workflow.text, DEPLOY_WORKFLOW_PATH),
    config,
    trustPolicyDocument(config, config.partition, PLACEHOLDER_ACCOUNT),
    {
      account: PLACEHOLDER_ACCOUNT,
      partition: config.partition,
    },
  );
  if (!check.ok) {
    const problems = [
      ...check.triggers
        .filter((t) => t.decision !== 'Allow')
        .map((t) => `${t.trigger} would be refused by the role (sub ${t.sub})`),
      ...check.unreachable.map((u) => u.message),
      ...check.problems.filter((p) => p.severity === 'error').map((p) => p.message),
    ];
    throw new ConfigureRefusal(
      `the workflow and the role would not agree, so nothing was written:\n  - ${problems.join('\n  - ')}\n(check by hand with npm run doctor -- --workflow)`,
      EXIT.deny,
    );
  }

  if (cdkJson.changed.length === 0 && workflow.changed.length === 0) {
    io.stdout(`Already configured: cdk.json and ${DEPLOY_WORKFLOW_PATH} agree with these settings; nothing changed.\n`);
    return EXIT.allow;
  }
  fs.writeFileSync(cdkJsonPath, cdkJson.text);
  fs.writeFileSync(workflowPath, workflow.text);
  io.stdout(report(config, cdkJson.changed, workflow.changed, [...settings.notes, ...warningsOf(check.problems)]));
  return EXIT.allow;
}

/** Fills in the IDs (and the exact spelling) from gh when asked to. */
function withLookedUpIds(
  options: ConfigureOptions,
  context: Record<string, unknown>,
  io: ConfigureIo,
): ConfigureOptions {
  if (!options.lookupIds) return options;
  const owner = options.repository?.owner ?? context.githubOwner;
  const name = options.repository?.name ?? context.githubRepository;
  if (typeof owner !== 'string' || typeof name !== 'string') {
    throw new UsageError('--lookup-ids needs the repository: pass --repository OWNER/REPO');
  }
  const ids = lookUpRepositoryIds(findOnPath('gh', io.path ?? process.env.PATH), owner, name);
  return {
    ...options,
    repository: { owner: ids.owner, name: ids.name },
    ownerId: ids.ownerId,
    repositoryId: ids.repositoryId,
  };
}

function apply(context: Readonly<Record<string, unknown>>, changes: readonly SettingChange[]): Record<string, unknown> {
  const next = { ...context };
  for (const [key, value] of changes) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return next;
}

/**
 * The configuration `cdk synth` would build from this cdk.json context (over the CLI's
 * cdk.context.json cache); a bad setting names the flag it came from.
 */
function validated(
  context: Record<string, unknown>,
  cached: Record<string, unknown>,
  sources: Record<string, string>,
): AppConfig {
  try {
    return configFor({ ...cached, ...context });
  } catch (err) {
    if (err instanceof ConfigError && sources[err.key])
      throw new ConfigureRefusal(`${sources[err.key]}: ${err.message}`, EXIT.error);
    throw err;
  }
}

function warningsOf(problems: readonly { severity: string; message: string }[]): string[] {
  return problems.filter((p) => p.severity === 'warning').map((p) => `warning: ${p.message}`);
}

/** What changed, then the next steps for this configuration. */
function report(
  config: AppConfig,
  settings: readonly string[],
  workflow: readonly string[],
  notes: readonly string[],
): string {
  const lines: string[] = [];
  if (settings.length > 0) lines.push(`cdk.json: set ${settings.join(', ')}`);
  if (workflow.length > 0) lines.push(`${DEPLOY_WORKFLOW_PATH}: set ${workflow.join(', ')}`);
  for (const note of notes) lines.push(note);
  const runs = config.subjects
    .map((s) => (s.kind === 'pull_request' ? 'pull requests' : `${s.kind} ${s.pattern}`))
    .join(', ');
  lines.push(
    '',
    `The deploy role will trust ${config.repository.fullName}: ${runs}.`,
    '',
    'Next:',
    '  npx cdk synth                                   # offline: the template, cdk-nag and validation',
    '  npm test',
    `  npx cdk bootstrap aws://ACCOUNT_ID/${config.region}     # once per account and region`,
    '  npx cdk deploy --outputs-file cdk-outputs.json',
    '  npm run github-setup -- --outputs cdk-outputs.json --apply',
    `  git push                                        # to a branch or tag the workflow deploys`,
  );
  return `${lines.join('\n')}\n`;
}
