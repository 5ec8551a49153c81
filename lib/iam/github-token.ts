/**
 * GitHub Actions OIDC tokens, seen from AWS STS: which claims a run's token carries, and the
 * request context `sts:AssumeRoleWithWebIdentity` evaluates a role's trust policy against.
 *
 * Written from GitHub's and AWS's documentation, independently of the code that renders this
 * project's trust policy (it imports nothing from it), so that tests can pit one against the other.
 */
import type { RequestContext } from './policy-evaluator';

/** github.com's issuer. */
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
/** The audience aws-actions/configure-aws-credentials requests. */
export const AWS_AUDIENCE = 'sts.amazonaws.com';
export const ASSUME_ROLE_WITH_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';

/**
 * Token claims STS turns into condition keys (`HOST:claim`) for GitHub's issuer. Other claims in
 * the token (event_name, ref_type, runner_environment, …) are not available to a trust policy.
 */
export const STS_CONDITION_CLAIMS = [
  'aud',
  'sub',
  'actor',
  'actor_id',
  'enterprise_id',
  'environment',
  'job_workflow_ref',
  'ref',
  'repository',
  'repository_id',
  'repository_owner_id',
  'workflow',
] as const;

export type StsConditionClaim = (typeof STS_CONDITION_CLAIMS)[number];

/** The payload of a GitHub Actions OIDC token (the claims this project cares about, and any others). */
export interface GitHubOidcClaims {
  readonly iss?: string;
  readonly aud?: string | readonly string[];
  readonly sub?: string;
  readonly repository?: string;
  readonly repository_id?: string;
  readonly repository_owner?: string;
  readonly repository_owner_id?: string;
  readonly ref?: string;
  readonly ref_type?: string;
  readonly environment?: string;
  readonly job_workflow_ref?: string;
  readonly workflow?: string;
  readonly event_name?: string;
  readonly actor?: string;
  readonly actor_id?: string;
  readonly [claim: string]: unknown;
}

/** Where the role lives: STS looks the token's issuer up among this account's OIDC providers. */
export interface StsTarget {
  readonly account: string;
  readonly partition?: string;
}

/**
 * The issuer's provider name as IAM knows it: the issuer URL without `https://` (and without a
 * trailing "/"). Condition keys are `NAME:claim`.
 */
export function providerNameOf(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/+$/, '');
}

export function oidcProviderArnOf(issuer: string, target: StsTarget): string {
  return `arn:${target.partition ?? 'aws'}:iam::${target.account}:oidc-provider/${providerNameOf(issuer)}`;
}

/**
 * The request context STS evaluates when a run presents this token to a role in `target`'s
 * account: the federated principal is that account's provider for the token's issuer, and each
 * supported claim present in the token becomes the condition key `PROVIDER:claim`.
 */
export function stsRequestForToken(claims: GitHubOidcClaims, target: StsTarget): RequestContext {
  if (typeof claims.iss !== 'string' || claims.iss === '') {
    throw new Error('the token has no "iss" claim, so STS could not find an identity provider for it');
  }
  const provider = providerNameOf(claims.iss);
  const context: Record<string, string | string[]> = {};
  for (const claim of STS_CONDITION_CLAIMS) {
    const value = claims[claim];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      context[`${provider}:${claim}`] = value.map(String);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      context[`${provider}:${claim}`] = String(value);
    } else {
      throw new Error(`token claim "${claim}" is ${JSON.stringify(value)}; expected a string`);
    }
  }
  return {
    action: ASSUME_ROLE_WITH_WEB_IDENTITY,
    principal: { type: 'Federated', id: oidcProviderArnOf(claims.iss, target) },
    context,
  };
}

// ---------------------------------------------------------------------------------------------
// Building the claims of a run, as GitHub does

/** What triggered the job, which decides `ref` and the context part of `sub`. */
export type GitHubTrigger =
  | { readonly kind: 'ref'; readonly ref: string; readonly eventName?: string }
  | { readonly kind: 'environment'; readonly environment: string; readonly ref: string; readonly eventName?: string }
  | { readonly kind: 'pull_request'; readonly number: number; readonly headRef: string; readonly baseRef: string };

/** A push (or dispatch) on a branch. */
export function onBranch(branch: string): GitHubTrigger {
  return { kind: 'ref', ref: `refs/heads/${branch}`, eventName: 'push' };
}

/** A push of a tag. */
export function onTag(tag: string): GitHubTrigger {
  return { kind: 'ref', ref: `refs/tags/${tag}`, eventName: 'push' };
}

/** Any full ref, e.g. `refs/heads/main`. */
export function onRef(ref: string, eventName = 'push'): GitHubTrigger {
  return { kind: 'ref', ref, eventName };
}

/** A job that names a GitHub environment, running for `ref` (the environment replaces the ref in `sub`). */
export function inEnvironment(environment: string, ref = 'refs/heads/main'): GitHubTrigger {
  return { kind: 'environment', environment, ref, eventName: 'push' };
}

/** A pull-request run (from a branch of the repository itself; forks get no token). */
export function onPullRequest(number: number, headRef = 'feature', baseRef = 'develop'): GitHubTrigger {
  return { kind: 'pull_request', number, headRef, baseRef };
}

export interface GitHubRunSpec {
  readonly owner: string;
  readonly repository: string;
  /** Numeric IDs; GitHub always sends them. @default - stable placeholders derived from the names */
  readonly ownerId?: string;
  readonly repositoryId?: string;
  readonly trigger: GitHubTrigger;
  /**
   * `name`: `repo:OWNER/REPO:…` (repositories from before 2026-07-15 that did not opt in);
   * `immutable`: `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`.
   * @default 'name'
   */
  readonly subjectFormat?: 'name' | 'immutable';
  /** The workflow file that runs, e.g. `.github/workflows/deploy-ecr.yml` (or just its file name). */
  readonly workflowFile?: string;
  /**
   * When the job calls a reusable workflow: that workflow as `OWNER/REPO/PATH@REF`, e.g.
   * `octo/lib/.github/workflows/deploy-ecr.yml@refs/heads/main`. GitHub puts it in
   * `job_workflow_ref`, while `workflow_ref`, `ref` and `sub` still describe the calling run.
   * @default - the job is in the workflow that runs: `job_workflow_ref` equals `workflow_ref`
   */
  readonly calledWorkflow?: string;
  /** The workflow's `name:`. @default 'Deploy to ECR' */
  readonly workflowName?: string;
  /** @default GITHUB_ISSUER */
  readonly issuer?: string;
  /** @default AWS_AUDIENCE */
  readonly audience?: string;
  readonly actor?: string;
  readonly actorId?: string;
}

/** GitHub sends a ":" inside a value of `sub` as "%3A", so that ":" only ever separates parts. */
export function escapeSubjectValue(value: string): string {
  return value.replace(/:/g, '%3A');
}

/**
 * The claims GitHub puts in the OIDC token of a job of this run: `sub` in the requested format
 * (the environment replaces the ref; pull requests are `pull_request`), `ref` and
 * `job_workflow_ref` (`OWNER/REPO/PATH@REF`), and the repository's names and IDs.
 */
export function githubClaims(spec: GitHubRunSpec): GitHubOidcClaims {
  const ownerId = spec.ownerId ?? placeholderId(`owner:${spec.owner.toLowerCase()}`);
  const repositoryId =
    spec.repositoryId ?? placeholderId(`repo:${spec.owner.toLowerCase()}/${spec.repository.toLowerCase()}`);
  const repoPart =
    spec.subjectFormat === 'immutable'
      ? `repo:${spec.owner}@${ownerId}/${spec.repository}@${repositoryId}`
      : `repo:${spec.owner}/${spec.repository}`;

  const t = spec.trigger;
  let ref: string;
  let subjectContext: string;
  let eventName: string;
  const extra: Record<string, string> = {};
  switch (t.kind) {
    case 'ref':
      ref = t.ref;
      subjectContext = `ref:${escapeSubjectValue(t.ref)}`;
      eventName = t.eventName ?? 'push';
      break;
    case 'environment':
      ref = t.ref;
      subjectContext = `environment:${escapeSubjectValue(t.environment)}`;
      eventName = t.eventName ?? 'push';
      extra.environment = t.environment;
      break;
    case 'pull_request':
      ref = `refs/pull/${t.number}/merge`;
      subjectContext = 'pull_request';
      eventName = 'pull_request';
      extra.head_ref = t.headRef;
      extra.base_ref = t.baseRef;
      break;
  }
  const refType = ref.startsWith('refs/tags/') ? 'tag' : 'branch';
  const file = workflowPath(spec.workflowFile ?? 'deploy-ecr.yml');
  const fullName = `${spec.owner}/${spec.repository}`;

  return {
    iss: spec.issuer ?? GITHUB_ISSUER,
    aud: spec.audience ?? AWS_AUDIENCE,
    sub: `${repoPart}:${subjectContext}`,
    repository: fullName,
    repository_id: repositoryId,
    repository_owner: spec.owner,
    repository_owner_id: ownerId,
    repository_visibility: 'private',
    ref,
    ref_type: refType,
    ...extra,
    event_name: eventName,
    workflow: spec.workflowName ?? 'Deploy to ECR',
    workflow_ref: `${fullName}/${file}@${ref}`,
    job_workflow_ref: spec.calledWorkflow ?? `${fullName}/${file}@${ref}`,
    actor: spec.actor ?? 'octocat',
    actor_id: spec.actorId ?? '583231',
    runner_environment: 'github-hosted',
  };
}

/** `deploy-ecr.yml` → `.github/workflows/deploy-ecr.yml`; a path is kept as given. */
export function workflowPath(file: string): string {
  return file.includes('/') ? file : `.github/workflows/${file}`;
}

/**
 * A stable stand-in for a numeric GitHub ID when the caller does not care which: the same name
 * always gets the same ID, different names almost surely different ones.
 */
export function placeholderId(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return String(10_000_000 + (h % 90_000_000));
}
