/**
 * The make-believe GitHub run the rehearsal walks the workflow in: a push of a random commit to
 * a branch the workflow deploys (or, for a workflow that deploys tags only, of a tag it deploys), in the repository and with the repository variables that
 * `cdk.json` and the stack would give it. Only the registry differs from a real run.
 */
import { GITHUB_VARIABLES } from '../../../lib/stack/github-variables';
import { Contexts } from '../../../lib/workflow/expressions';
import { RepositoryInfo } from './metadata-action';

export interface RehearsalSettings {
  readonly sha: string;
  /** The pushed ref: `refs/heads/BRANCH`, or `refs/tags/TAG` for a workflow that deploys tags only. */
  readonly ref: string;
  readonly owner: string;
  readonly repository: string;
  readonly region: string;
  readonly ecrRepository: string;
  /** ECR_MOVING_TAGS as the stack would set it (comma-separated tag filters, may be empty). */
  readonly movingTags: string;
  readonly runId: string;
  readonly license: string;
}

/**
 * A branch (or tag) the workflow deploys: the first in `on.push.branches` (or `tags`) that names
 * one (no wildcard or negation), else one that a prefix pattern matches (`release/*` →
 * `release/rehearsal`, `v*` → `vrehearsal`).
 */
export function deployedBranch(pushBranches: readonly string[]): string | undefined {
  const exact = pushBranches.find((b) => !/[*?+[\]!\\]/.test(b));
  if (exact) return exact;
  const prefix = pushBranches.map((b) => /^([^*?+[\]!\\]+)\*{1,2}$/.exec(b)?.[1]).find((p) => p !== undefined);
  return prefix === undefined ? undefined : `${prefix}rehearsal`;
}

/**
 * The ref the rehearsal pushes: a branch the workflow deploys; for a workflow that runs on tags
 * only, a tag it deploys; else a branch the role trusts, or main.
 */
function pushedRef(pushBranches: readonly string[], pushTags: readonly string[], allowed: readonly string[]): string {
  const branch = deployedBranch(pushBranches);
  if (branch !== undefined) return `refs/heads/${branch}`;
  const tag = pushBranches.length === 0 ? deployedBranch(pushTags) : undefined;
  if (tag !== undefined) return `refs/tags/${tag}`;
  return `refs/heads/${deployedBranch(allowed) ?? 'main'}`;
}

/** The short name of `ref` (`main`, `v1`): github.ref_name. */
export function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

interface SettingsSources {
  readonly cdkContext: Record<string, unknown>;
  readonly pushBranches: readonly string[];
  /** on.push.tags (none when unset). */
  readonly pushTags?: readonly string[];
  readonly license?: string;
  /** E2E_MOVING_TAGS when set (even empty). */
  readonly movingTagsOverride?: string;
  readonly sha: string;
  readonly runId: string;
}

function stringSetting(context: Record<string, unknown>, key: string, fallback: string): string {
  const value = context[key];
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}

export function rehearsalSettings(sources: SettingsSources): RehearsalSettings {
  const ctx = sources.cdkContext;
  const allowed = Array.isArray(ctx.allowedBranches) ? ctx.allowedBranches.map(String) : [];
  const configuredMoving = Array.isArray(ctx.movingTags) ? ctx.movingTags.map(String).join(',') : '';
  return {
    sha: sources.sha,
    ref: pushedRef(sources.pushBranches, sources.pushTags ?? [], allowed),
    owner: stringSetting(ctx, 'githubOwner', 'example-org'),
    repository: stringSetting(ctx, 'githubRepository', 'example-repo'),
    region: stringSetting(ctx, 'region', 'us-east-1'),
    ecrRepository: stringSetting(ctx, 'ecrRepositoryName', 'example-repo'),
    // The stack's own setting when cdk.json has one; otherwise let `latest` move, so the
    // rehearsal pushes a moving tag beside the immutable SHA tag and checks both.
    movingTags: sources.movingTagsOverride ?? (configuredMoving || 'latest'),
    runId: sources.runId,
    license: sources.license ?? '',
  };
}

export function repositoryInfo(s: RehearsalSettings): RepositoryInfo {
  return {
    name: s.repository,
    description: '',
    htmlUrl: `https://github.com/${s.owner}/${s.repository}`,
    license: s.license,
    defaultBranch: 'main',
  };
}

/**
 * The expression contexts of the run (env and steps are added while walking). `attempt` is the
 * run attempt: 2 and up for "Re-run jobs" of the same run, same commit.
 */
export function rehearsalContexts(
  s: RehearsalSettings,
  workflowName: string,
  jobId: string,
  workspace: string,
  temp: string,
  attempt = 1,
): Contexts {
  const repo = repositoryInfo(s);
  const { ref } = s;
  return {
    github: {
      event_name: 'push',
      ref,
      ref_name: refName(ref),
      ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      sha: s.sha,
      repository: `${s.owner}/${s.repository}`,
      repository_owner: s.owner,
      run_id: s.runId,
      run_number: '1',
      run_attempt: String(attempt),
      actor: 'e2e-rehearsal',
      server_url: 'https://github.com',
      api_url: 'https://api.github.com',
      workflow: workflowName,
      job: jobId,
      workspace,
      token: '',
      event: {
        ref,
        after: s.sha,
        repository: {
          name: repo.name,
          full_name: `${s.owner}/${s.repository}`,
          html_url: repo.htmlUrl,
          default_branch: repo.defaultBranch,
          description: repo.description,
          license: s.license ? { spdx_id: s.license } : null,
        },
      },
    },
    vars: {
      [GITHUB_VARIABLES.roleArn.variable]: 'arn:aws:iam::123456789012:role/github-oidc-ecr-rehearsal',
      [GITHUB_VARIABLES.region.variable]: s.region,
      [GITHUB_VARIABLES.repositoryName.variable]: s.ecrRepository,
      [GITHUB_VARIABLES.movingTags.variable]: s.movingTags,
    },
    secrets: {},
    inputs: {},
    runner: { os: 'Linux', arch: 'X64', name: 'e2e-rehearsal', temp },
    job: { status: 'success' },
  };
}
