/**
 * What `npm run configure` changes: from its options, the settings as they stand and the deploy
 * workflow's triggers, the settings to write to cdk.json and what the deploy job must run on.
 * Pure; nothing is validated here beyond the shape of the plan (the caller validates the result
 * with the app's own rules before anything is written).
 */
import type { AppConfig } from '../../stack/config';
import type { SettingChange } from './cdk-json-edit';
import { jobConditionProblem } from './job-condition';
import type { DeployJobPlan } from './workflow-edit';

/** The command line of `npm run configure`, parsed. */
export interface ConfigureOptions {
  /** `--repository OWNER/REPO`. */
  readonly repository?: { readonly owner: string; readonly name: string };
  readonly ownerId?: string;
  readonly repositoryId?: string;
  readonly lookupIds: boolean;
  /** `--branch`, repeatable; given at least once, they replace allowedBranches. */
  readonly branches: readonly string[];
  /** `--tag`, repeatable; given at least once, they replace allowedTags. */
  readonly tags: readonly string[];
  /** `--environment NAME` (`''` removes the environment). */
  readonly environment?: string;
  readonly region?: string;
  /** `--workflow-out FILE`: with `repositories`, where to write one repository's workflow. */
  readonly workflowOut?: string;
  /** `-c key=value`, as `cdk synth -c` takes them (strings). */
  readonly context: Readonly<Record<string, string>>;
}

/** The flag a setting came from, for messages ("--branch: …"). */
export type SettingSources = Readonly<Record<string, string>>;

export interface ConfigurePlan {
  /** Settings to write to cdk.json, in order (`undefined` removes the key). */
  readonly settings: readonly SettingChange[];
  /** Which flag set each setting. */
  readonly sources: SettingSources;
  /** What the deploy job runs on after the change. */
  readonly job: DeployJobPlan;
  /** Things the user should know (IDs removed because the repository changed, …). */
  readonly notes: readonly string[];
}

/** A plan that cannot be made; `flag` names the option at fault. */
export class PlanError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
    this.name = 'PlanError';
  }
}

/** The repository cdk.json names now, as written (it may not be valid yet). */
export interface CurrentRepository {
  readonly owner: unknown;
  readonly name: unknown;
  /** githubOwnerId or githubRepositoryId is set. */
  readonly hasIds: boolean;
}

/** The settings part of the plan: repository, IDs, region and -c values. */
export function plannedSettings(
  options: ConfigureOptions,
  current: CurrentRepository,
): { changes: SettingChange[]; sources: Record<string, string>; notes: string[] } {
  const changes: SettingChange[] = [];
  const sources: Record<string, string> = {};
  const notes: string[] = [];
  const set = (flag: string, key: string, value: unknown) => {
    changes.push([key, value]);
    sources[key] = flag;
  };
  if (options.repository) {
    set('--repository', 'githubOwner', options.repository.owner);
    set('--repository', 'githubRepository', options.repository.name);
    const same = options.repository.owner === current.owner && options.repository.name === current.name;
    if (!same && options.ownerId === undefined && current.hasIds) {
      set('--repository', 'githubOwnerId', undefined);
      set('--repository', 'githubRepositoryId', undefined);
      notes.push(
        `removed githubOwnerId/githubRepositoryId: they belonged to ${String(current.owner)}/${String(current.name)}; pass --owner-id and --repository-id (or --lookup-ids) to trust ${options.repository.owner}/${options.repository.name} by its IDs`,
      );
    }
  }
  if (options.ownerId !== undefined) set('--owner-id', 'githubOwnerId', options.ownerId);
  if (options.repositoryId !== undefined) set('--repository-id', 'githubRepositoryId', options.repositoryId);
  if (options.region !== undefined) set('--region', 'region', options.region);
  for (const [key, value] of Object.entries(options.context)) set(`-c ${key}`, key, contextValue(value));
  return { changes, sources, notes };
}

/**
 * The deploy job and the trusted subjects. With `--environment NAME` the job names that
 * environment, whose token says `environment:NAME` whatever the branch, so the role trusts that
 * environment and no branch or tag; the branches and tags given only start the workflow. Without
 * it, the role trusts the branches and tags the workflow runs on.
 *
 * @param settled the configuration after `plannedSettings` (its subjects are the ones to keep
 *   where no flag replaces them)
 * @param triggers the workflow's current on.push branches and tags (used when an environment job
 *   keeps its triggers)
 */
export function plannedJob(
  options: ConfigureOptions,
  settled: AppConfig,
  triggers: { readonly branches: readonly string[]; readonly tags: readonly string[] },
): { changes: SettingChange[]; sources: Record<string, string>; job: DeployJobPlan } {
  const patterns = (kind: string) => settled.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
  const environments =
    options.environment === undefined
      ? patterns('environment')
      : options.environment === ''
        ? []
        : [options.environment];
  if (environments.length > 1) {
    throw new PlanError(
      options.environment === undefined ? 'allowedEnvironments' : '--environment',
      `configure writes one deploy job, which names at most one environment; allowedEnvironments has ${JSON.stringify(environments)}: pass --environment NAME`,
    );
  }
  const environment = environments[0];
  const flagged = options.branches.length > 0 || options.tags.length > 0;
  const branches =
    options.branches.length > 0
      ? options.branches
      : flagged
        ? []
        : environment
          ? triggers.branches
          : patterns('branch');
  const tags = options.tags.length > 0 ? options.tags : flagged ? [] : environment ? triggers.tags : patterns('tag');
  for (const [flag, setting, list] of [
    ['--branch', environment ? 'on.push.branches' : 'allowedBranches', branches],
    ['--tag', environment ? 'on.push.tags' : 'allowedTags', tags],
  ] as const) {
    const problem = list.map(jobConditionProblem).find((p) => p !== undefined);
    if (problem) throw new PlanError(flagged ? flag : setting, problem);
  }
  if (branches.length === 0 && tags.length === 0) {
    throw new PlanError(
      '--branch',
      'the deploy job needs at least one branch or tag to run on: pass --branch NAME or --tag PATTERN',
    );
  }

  const changes: SettingChange[] = [];
  const sources: Record<string, string> = {};
  const set = (flag: string, key: string, value: unknown) => {
    changes.push([key, value]);
    sources[key] = flag;
  };
  if (options.environment !== undefined || flagged) {
    const flag =
      options.environment !== undefined ? '--environment' : options.branches.length > 0 ? '--branch' : '--tag';
    set(flag, 'allowedBranches', environment ? [] : [...branches]);
    set(flag, 'allowedTags', environment ? [] : [...tags]);
    set(flag, 'allowedEnvironments', environment ? [environment] : []);
  }
  return { changes, sources, job: { branches, tags, environment } };
}

/**
 * A `-c` value as cdk.json should hold it: a JSON list, object, `true`/`false` as JSON; anything
 * else as the string given (the app reads both forms alike).
 */
export function contextValue(text: string): unknown {
  const t = text.trim();
  if (t === 'true' || t === 'false' || t.startsWith('[') || t.startsWith('{')) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}
