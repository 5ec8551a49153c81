/**
 * `npm run configure` with `repositories` in cdk.json: cdk.json stays as written (its entries are
 * the user's to edit) and configure writes one repository's copy of the deploy workflow, whose
 * triggers and environment match that entry's trusted runs — checked against that entry's trust
 * policy before anything is written.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { AppConfig, RegistryConfig } from '../../stack/config';
import { trustPolicyDocument } from '../../stack/trust/trust-policy';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../../workflow/deploy-workflow';
import { UsageError } from '../argv';
import { chooseRepository } from '../doctor/choose-repository';
import { settingsScope } from '../doctor/settings-scope';
import { checkWorkflowAgainstStack } from '../doctor/workflow-check';
import { PLACEHOLDER_ACCOUNT } from '../doctor';
import type { CliIo } from '../io';
import { plannedJob, type ConfigureOptions } from './plan';
import { editDeployWorkflow } from './workflow-edit';

/**
 * The options that would change settings, which an entry of cdk.json holds in this mode
 * (--branch and --tag only say what starts an environment's job, checked in `unchanged`).
 */
function settingFlags(options: ConfigureOptions): string[] {
  return [
    options.ownerId !== undefined || options.repositoryId !== undefined ? '--owner-id/--repository-id' : '',
    options.lookupIds ? '--lookup-ids' : '',
    options.environment !== undefined ? '--environment' : '',
    options.region !== undefined ? '--region' : '',
    Object.keys(options.context).length > 0 ? '-c' : '',
  ].filter((flag) => flag !== '');
}

const KIND_OF_KEY: Readonly<Record<string, string>> = {
  allowedBranches: 'branch',
  allowedTags: 'tag',
  allowedEnvironments: 'environment',
};

/**
 * Throws `UsageError` when --branch/--tag would change what the entry's role trusts: they may
 * only say which pushes start a job that runs in the entry's environment.
 */
function unchanged(config: AppConfig, changes: ReturnType<typeof plannedJob>['changes']): void {
  for (const [key, value] of changes) {
    const kind = KIND_OF_KEY[key];
    const trusted = config.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
    if (JSON.stringify(value) !== JSON.stringify(trusted)) {
      throw new UsageError(
        `--branch/--tag would change ${key} of ${config.repository.fullName} to ${JSON.stringify(value)} (it trusts ${JSON.stringify(trusted)}): edit its entry in cdk.json; --branch and --tag only choose the pushes that start a job running in the entry's environment`,
      );
    }
  }
}

/** The copy and the entry's role would not agree: nothing was written (the message lists why). */
export class WorkflowDisagreement extends Error {}

/** What `writeRepositoryWorkflow` did, for the report. */
export interface RepositoryWorkflow {
  readonly config: AppConfig;
  /** Where the copy was written. */
  readonly file: string;
  /** The path the copy must have in its repository (the entry's workflow pin). */
  readonly pinnedPath: string;
  readonly warnings: readonly string[];
}

/**
 * Writes the deploy workflow for the repository `options.repository` names to `out` (`registry`
 * parsed from `context`), from
 * `workflowText` (this checkout's workflow) with the triggers of that entry. Throws `UsageError`
 * on a flag that would change settings or a missing --repository/--workflow-out, and
 * `WorkflowDisagreement` when the copy and the entry's role would not agree (nothing written then).
 */
export function writeRepositoryWorkflow(
  registry: RegistryConfig,
  context: Readonly<Record<string, unknown>>,
  options: ConfigureOptions,
  out: string | undefined,
  workflowText: string,
): RepositoryWorkflow {
  const flags = settingFlags(options);
  if (flags.length > 0) {
    throw new UsageError(
      `${flags.join(', ')}: with repositories, an entry's settings are edited in cdk.json (docs/many-repositories.md); configure then writes that repository's workflow with --repository OWNER/REPO --workflow-out FILE`,
    );
  }
  if (options.repository === undefined || out === undefined) {
    throw new UsageError(
      "cdk.json lists repositories: configure writes one repository's copy of the deploy workflow, with --repository OWNER/REPO --workflow-out FILE (edit the entries themselves in cdk.json, docs/many-repositories.md)",
    );
  }
  const config = chooseRepository(registry, `${options.repository.owner}/${options.repository.name}`);
  const pinnedPath = config.workflowFile ?? DEPLOY_WORKFLOW_PATH;
  const push = parseDeployWorkflow(workflowText, DEPLOY_WORKFLOW_PATH).push;
  const job = plannedJob(options, config, { branches: push?.branches ?? [], tags: push?.tags ?? [] });
  unchanged(config, job.changes);
  const edited = editDeployWorkflow(workflowText, DEPLOY_WORKFLOW_PATH, job.job);
  const check = checkWorkflowAgainstStack(
    parseDeployWorkflow(edited.text, pinnedPath),
    config,
    trustPolicyDocument(config, config.partition, PLACEHOLDER_ACCOUNT),
    { account: PLACEHOLDER_ACCOUNT, partition: config.partition },
    [],
    settingsScope(registry, config, context, {}),
  );
  if (!check.ok) {
    const problems = [
      ...check.triggers.filter((t) => t.decision !== 'Allow').map((t) => `${t.trigger} would be refused by the role`),
      ...check.unreachable.map((u) => u.message),
      ...check.problems.filter((p) => p.severity === 'error').map((p) => p.message),
    ];
    throw new WorkflowDisagreement(
      `the workflow for ${config.repository.fullName} and its role would not agree, so nothing was written:\n  - ${problems.join('\n  - ')}`,
    );
  }
  const file = path.resolve(out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, edited.text);
  const warnings = check.problems.filter((p) => p.severity === 'warning').map((p) => `warning: ${p.message}`);
  return { config, file, pinnedPath, warnings };
}

/** The report of a written copy: what it runs on, and where it goes. */
export function reportRepositoryWorkflow(result: RepositoryWorkflow, io: CliIo): void {
  const { config } = result;
  const runs = config.subjects
    .map((s) => (s.kind === 'pull_request' ? 'pull requests' : `${s.kind} ${s.pattern}`))
    .join(', ');
  io.stdout(
    [
      `Wrote ${result.file}: the deploy workflow of ${config.repository.fullName}, for the runs its role trusts: ${runs}.`,
      ...result.warnings,
      `Commit it in ${config.repository.fullName} as ${result.pinnedPath}; its GitHub variables come from npm run github-setup -- --repo ${config.repository.fullName}.`,
      '',
    ].join('\n'),
  );
}
