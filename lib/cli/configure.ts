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
import { ConfigError, SETTINGS, type AppConfig } from '../stack/config';
import { trustPolicyDocument } from '../stack/trust/trust-policy';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../workflow/deploy-workflow';
import { addContextSetting, COMMON_OPTIONS, OptionTable, readOptions, UsageError, valueOf } from './argv';
import { editCdkJsonContext, type SettingChange } from './configure/cdk-json-edit';
import { lookUpRepositoryIds } from './configure/github-ids';
import { plannedJob, plannedSettings, type ConfigureOptions } from './configure/plan';
import { configureReport, pinWarning, warningsOf } from './configure/report';
import {
  reportRepositoryWorkflow,
  WorkflowDisagreement,
  writeRepositoryWorkflow,
} from './configure/repository-workflow';
import { editDeployWorkflow } from './configure/workflow-edit';
import { PLACEHOLDER_ACCOUNT } from './doctor';
import { checkWorkflowAgainstStack } from './doctor/workflow-check';
import { runCommand } from './errors';
import { findOnPath } from './github-setup';
import type { CliIo } from './io';
import { configFor, PROJECT_ROOT, readJson, registryFor } from './settings';

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

With "repositories" in cdk.json (docs/many-repositories.md), cdk.json is not edited: configure
writes one repository's copy of the deploy workflow, matching that entry's trusted runs:
  npm run configure -- --repository OWNER/REPO --workflow-out FILE [--branch NAME] [--tag PATTERN]
  (--branch/--tag: the pushes that start the job of an entry that trusts an environment)

Exit codes: 0 configured (or already so), 1 the result would not agree (nothing written),
2 usage or configuration error (nothing written).`;

const CONFIGURE_OPTIONS = {
  repository: { type: 'string' },
  'owner-id': { type: 'string' },
  'repository-id': { type: 'string' },
  'lookup-ids': { type: 'boolean' },
  branch: { type: 'string' },
  tag: { type: 'string' },
  environment: { type: 'string' },
  region: { type: 'string' },
  'workflow-out': { type: 'string' },
  context: COMMON_OPTIONS.context,
  help: COMMON_OPTIONS.help,
} as const satisfies OptionTable;

/** Parses the command line; throws `UsageError`. Undefined for --help. */
export function parseConfigureArgs(argv: readonly string[]): ConfigureOptions | undefined {
  const values: Record<string, string | undefined> = {};
  const branches: string[] = [];
  const tags: string[] = [];
  const context: Record<string, string> = {};
  let lookupIds = false;
  for (const option of readOptions(argv, CONFIGURE_OPTIONS, { dashIsValue: false })) {
    switch (option.name as keyof typeof CONFIGURE_OPTIONS) {
      case 'help':
        return undefined;
      case 'lookup-ids':
        lookupIds = true;
        break;
      case 'branch':
      case 'tag': {
        const value = valueOf(option);
        if (value === '') throw new UsageError(`${option.flag} needs a name (got "")`);
        (option.name === 'branch' ? branches : tags).push(value);
        break;
      }
      case 'context':
        addContextSetting(context, option.flag, valueOf(option));
        break;
      default:
        values[option.name] = option.value ?? '';
    }
  }
  let repository: ConfigureOptions['repository'];
  if (values.repository !== undefined) {
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(values.repository);
    if (!m) throw new UsageError(`--repository takes OWNER/REPO, got "${values.repository}"`);
    repository = { owner: m[1], name: m[2] };
  }
  const [ownerId, repositoryId] = [values['owner-id'], values['repository-id']];
  if (lookupIds && (ownerId !== undefined || repositoryId !== undefined)) {
    throw new UsageError('--lookup-ids asks gh for the IDs: give it, or --owner-id and --repository-id, not both');
  }
  if ((ownerId === undefined) !== (repositoryId === undefined)) {
    throw new UsageError('--owner-id and --repository-id go together: give both, or --lookup-ids');
  }
  return {
    repository,
    ownerId,
    repositoryId,
    lookupIds,
    branches,
    tags,
    environment: values.environment,
    region: values.region,
    workflowOut: values['workflow-out'],
    context,
  };
}

/** Runs `npm run configure`; returns the exit code. */
export function runConfigure(argv: readonly string[], io: CliIo): number {
  return runCommand('configure', io, () => {
    const options = parseConfigureArgs(argv);
    if (!options) {
      io.stdout(`${CONFIGURE_USAGE}\n`);
      return 0;
    }
    try {
      return configure(options, io);
    } catch (err) {
      if (!(err instanceof ConfigureRefusal)) throw err;
      io.stderr(`configure: ${err.message}\n`);
      return 1;
    }
  });
}

/** Nothing was written, for a reason given in the message. */
class ConfigureRefusal extends Error {}

function configure(given: ConfigureOptions, io: CliIo): number {
  const root = io.root ?? PROJECT_ROOT;
  const cdkJsonPath = path.join(root, 'cdk.json');
  const workflowPath = path.join(root, DEPLOY_WORKFLOW_PATH);
  const cdkJsonText = fs.readFileSync(cdkJsonPath, 'utf8');
  const workflowText = fs.readFileSync(workflowPath, 'utf8');
  const cached = (readJson(path.join(root, 'cdk.context.json')) as Record<string, unknown> | undefined) ?? {};
  const context = { ...((JSON.parse(cdkJsonText) as { context?: Record<string, unknown> }).context ?? {}) };

  const effective = { ...cached, ...context };
  if (effective.repositories !== undefined) {
    try {
      reportRepositoryWorkflow(
        writeRepositoryWorkflow(registryFor(effective), effective, given, given.workflowOut, workflowText),
        io,
      );
    } catch (err) {
      if (err instanceof WorkflowDisagreement) throw new ConfigureRefusal(err.message);
      throw err;
    }
    return 0;
  }
  if (given.workflowOut !== undefined) {
    throw new UsageError(
      `--workflow-out writes one repository's workflow when cdk.json lists repositories; without them configure edits ${DEPLOY_WORKFLOW_PATH} itself`,
    );
  }
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
  const stages = registryFor({ ...cached, ...apply(context, changes) }).deployStages;

  const cdkJson = editCdkJsonContext(cdkJsonText, changes, Object.keys(SETTINGS));
  const workflow = editDeployWorkflow(workflowText, DEPLOY_WORKFLOW_PATH, job.job, stages);
  const check = checkWorkflowAgainstStack(
    parseDeployWorkflow(workflow.text, DEPLOY_WORKFLOW_PATH),
    config,
    trustPolicyDocument(config, config.partition, PLACEHOLDER_ACCOUNT),
    {
      account: PLACEHOLDER_ACCOUNT,
      partition: config.partition,
    },
    stages,
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
    );
  }

  if (cdkJson.changed.length === 0 && workflow.changed.length === 0) {
    io.stdout(`Already configured: cdk.json and ${DEPLOY_WORKFLOW_PATH} agree with these settings; nothing changed.\n`);
    return 0;
  }
  fs.writeFileSync(cdkJsonPath, cdkJson.text);
  fs.writeFileSync(workflowPath, workflow.text);
  io.stdout(
    configureReport(config, stages, cdkJson.changed, workflow.changed, [
      ...settings.notes,
      ...pinWarning(config),
      ...warningsOf(check.problems),
    ]),
  );
  return 0;
}

/** Fills in the IDs (and the exact spelling) from gh when asked to. */
function withLookedUpIds(options: ConfigureOptions, context: Record<string, unknown>, io: CliIo): ConfigureOptions {
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
    if (err instanceof ConfigError && sources[err.key]) {
      throw new UsageError(`${sources[err.key]}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}
