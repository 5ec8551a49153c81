import { GitHubRepository } from '../github-repository';
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
 * Renders the condition blocks of the `sts:AssumeRoleWithWebIdentity` statements: one statement,
 * or with `workflowFile` one per kind of subject, so that a branch or tag keeps an exact
 * `job_workflow_ref` even when environments or pull requests (whose ref is not known) are trusted
 * too. Conditions are ANDed inside a statement and statements are ORed.
 *
 * - `aud` is pinned with `StringEquals`.
 * - `sub` is matched with `StringEquals` unless a subject holds a wildcard; then every `sub` value
 *   of that statement goes under `StringLike` (two operators on one key would be ANDed).
 * - With immutable IDs, `repository_id` and `repository_owner_id` are pinned as well, so a
 *   recycled owner or repository name can never satisfy the policy; `sub` may then take either
 *   form (`repo:OWNER@ID/REPO@ID:…`, or `repo:OWNER/REPO:…` from a repository that has not
 *   switched yet), since both are tied to the IDs by those two claims.
 */
export function renderTrustStatements(props: TrustConditionsProps): ConditionBlock[] {
  if (props.subjects.length === 0) {
    throw new Error('a deploy role needs at least one trusted branch, tag, environment or pull request');
  }
  if (props.workflowFile === undefined) return [renderBlock(props, props.subjects)];
  const groups: SubjectFilter[][] = [
    props.subjects.filter((s) => s.ref !== undefined),
    props.subjects.filter((s) => s.kind === 'environment'),
    props.subjects.filter((s) => s.kind === 'pull_request'),
  ];
  return groups.filter((g) => g.length > 0).map((group) => renderBlock(props, group));
}

function renderBlock(props: TrustConditionsProps, subjects: readonly SubjectFilter[]): ConditionBlock {
  const key = (claim: string) => `${props.issuerHost}:${claim}`;
  const equals: Record<string, string | string[]> = {};
  const like: Record<string, string | string[]> = {};

  equals[key('aud')] = STS_AUDIENCE;

  const values = unique(subjects.flatMap((s) => s.renderAll(props.repository)));
  (subjects.some((s) => s.hasWildcard) ? like : equals)[key('sub')] = single(values);

  if (props.repository.usesImmutableIds) {
    equals[key('repository_id')] = props.repository.repositoryId!;
    equals[key('repository_owner_id')] = props.repository.ownerId!;
  }

  if (props.workflowFile !== undefined) {
    const refs = unique(subjects.map((s) => `${props.repository.fullName}/${props.workflowFile}@${workflowRef(s)}`));
    (refs.some((r) => r.includes('*')) ? like : equals)[key('job_workflow_ref')] = single(refs);
  }

  const block: ConditionBlock = { StringEquals: equals };
  if (Object.keys(like).length > 0) block.StringLike = like;
  return block;
}

/**
 * The ref part of `job_workflow_ref` for runs a subject allows: its own ref for a branch or tag; a
 * pull request's merge ref; any ref for an environment, whose deployment-branch rules decide.
 */
function workflowRef(subject: SubjectFilter): string {
  if (subject.ref !== undefined) return subject.ref;
  return subject.kind === 'pull_request' ? 'refs/pull/*/merge' : 'refs/*';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function single(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}
