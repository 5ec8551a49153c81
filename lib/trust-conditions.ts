import { GitHubRepository } from './github-repository';
import { SubjectFilter } from './subject-filter';

/** The audience configure-aws-credentials asks GitHub for. */
export const STS_AUDIENCE = 'sts.amazonaws.com';
/** github.com's OIDC issuer host. */
export const GITHUB_ISSUER_HOST = 'token.actions.githubusercontent.com';

/** What a trust policy for GitHub Actions must pin. */
export interface TrustConditionsProps {
  /** Issuer host; condition keys are `HOST:claim`. */
  readonly issuerHost: string;
  /** The repository whose runs are trusted. */
  readonly repository: GitHubRepository;
  /** The runs of that repository that are trusted; at least one. */
  readonly subjects: readonly SubjectFilter[];
  /**
   * Path of the only workflow file allowed to assume the role (pins `job_workflow_ref`).
   * @default - any workflow of the repository on a trusted subject
   */
  readonly workflowFile?: string;
}

/** IAM condition block: operator → condition key → value(s). */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/**
 * Renders the condition block of the `sts:AssumeRoleWithWebIdentity` statement.
 *
 * - `aud` is pinned with `StringEquals`.
 * - `sub` is matched with `StringEquals` unless a subject holds a wildcard; then every `sub` value
 *   goes under `StringLike` (two operators on one key would be ANDed and match nothing).
 * - With immutable IDs, `repository_id` and `repository_owner_id` are pinned as well, so a
 *   recycled owner or repository name can never satisfy the policy.
 */
export function renderTrustConditions(props: TrustConditionsProps): ConditionBlock {
  if (props.subjects.length === 0) {
    throw new Error('a deploy role needs at least one trusted branch, tag, environment or pull request');
  }
  const key = (claim: string) => `${props.issuerHost}:${claim}`;
  const equals: Record<string, string | string[]> = {};
  const like: Record<string, string | string[]> = {};

  equals[key('aud')] = STS_AUDIENCE;

  const subjects = unique(props.subjects.map((s) => s.render(props.repository)));
  const anySubjectWildcard = props.subjects.some((s) => s.hasWildcard);
  (anySubjectWildcard ? like : equals)[key('sub')] = single(subjects);

  if (props.repository.usesImmutableIds) {
    equals[key('repository_id')] = props.repository.repositoryId!;
    equals[key('repository_owner_id')] = props.repository.ownerId!;
  }

  if (props.workflowFile !== undefined) {
    const refs = workflowRefs(props.repository, props.subjects, props.workflowFile);
    const anyRefWildcard = refs.some((r) => r.includes('*'));
    (anyRefWildcard ? like : equals)[key('job_workflow_ref')] = single(refs);
  }

  const block: ConditionBlock = { StringEquals: equals };
  if (Object.keys(like).length > 0) block.StringLike = like;
  return block;
}

/**
 * `job_workflow_ref` values: `OWNER/REPO/PATH@REF` for each trusted branch and tag. Subjects that
 * do not name a ref (environments, pull requests) allow the file at any ref: the `sub` condition
 * and the environment's protection rules still decide which runs may use it.
 */
function workflowRefs(repository: GitHubRepository, subjects: readonly SubjectFilter[], file: string): string[] {
  const base = `${repository.fullName}/${file}@`;
  if (subjects.some((s) => s.ref === undefined)) return [`${base}refs/*`];
  return unique(subjects.map((s) => `${base}${s.ref}`));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function single(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}
