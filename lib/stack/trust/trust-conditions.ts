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
  /**
   * The only refs (`refs/heads/…`, `refs/tags/…`, `*` as in the subjects) that jobs of the trusted
   * environments may run on: `job_workflow_ref` with the workflow pin, the `ref` claim without.
   * @default - any branch or tag (and pull-request merge refs when pull requests are trusted)
   */
  readonly environmentRefs?: readonly string[];
}

/** IAM condition block: operator → condition key → value(s). */
export type ConditionBlock = Record<string, Record<string, string | string[]>>;

/**
 * Renders the condition blocks of the `sts:AssumeRoleWithWebIdentity` statements, one per kind of
 * subject: branches and tags, environments, pull requests (without `workflowFile`, branches, tags
 * and pull requests share one). Conditions are ANDed inside a statement and statements are ORed.
 *
 * - `aud` is pinned with `StringEquals`.
 * - `sub` is matched with `StringEquals` unless a subject holds a wildcard; then every `sub` value
 *   of that statement goes under `StringLike` (two operators on one key would be ANDed).
 * - With immutable IDs, `repository_id` and `repository_owner_id` are pinned as well, so a
 *   recycled owner or repository name can never satisfy the policy; `sub` may then take either
 *   form (`repo:OWNER@ID/REPO@ID:…`, or `repo:OWNER/REPO:…` from a repository that has not
 *   switched yet), since both are tied to the IDs by those two claims.
 * - With `workflowFile`, `job_workflow_ref` is pinned: a branch or tag to its own ref, so that an
 *   environment or pull request trusted beside it cannot widen it.
 * - Environment jobs: the `environment` claim is pinned to the exact names (in `sub` GitHub writes
 *   ":" as "%3A", so `a:b` and `a%3Ab` send the same `sub`), and their ref — which `sub` does not
 *   carry — is limited to `environmentRefs` when given, else to branches and tags, and to
 *   pull-request merge refs only when pull requests are trusted (through `job_workflow_ref`, or
 *   the `ref` claim without a workflow pin).
 */
export function renderTrustStatements(props: TrustConditionsProps): ConditionBlock[] {
  if (props.subjects.length === 0) {
    throw new Error('a deploy role needs at least one trusted branch, tag, environment or pull request');
  }
  checkEnvironmentRefs(props.environmentRefs);
  const environments = props.subjects.filter((s) => s.kind === 'environment');
  const others = props.subjects.filter((s) => s.kind !== 'environment');
  const groups: SubjectFilter[][] =
    props.workflowFile === undefined
      ? [others, environments]
      : [others.filter((s) => s.ref !== undefined), environments, others.filter((s) => s.kind === 'pull_request')];
  return groups.filter((g) => g.length > 0).map((group) => renderBlock(props, group));
}

function checkEnvironmentRefs(refs: readonly string[] | undefined): void {
  if (refs === undefined) return;
  if (refs.length === 0) throw new Error('environmentRefs: expected at least one ref (unset: any branch or tag)');
  const bad = refs.find((ref) => !/^refs\/(heads|tags)\/./.test(ref));
  if (bad !== undefined) {
    throw new Error(
      `environmentRefs: expected full branch or tag refs such as "refs/heads/main", got ${JSON.stringify(bad)}`,
    );
  }
}

function renderBlock(props: TrustConditionsProps, subjects: readonly SubjectFilter[]): ConditionBlock {
  const key = (claim: string) => `${props.issuerHost}:${claim}`;
  const equals: Record<string, string | string[]> = {};
  const like: Record<string, string | string[]> = {};
  const put = (claim: string, values: string[]) => {
    (values.some((v) => v.includes('*')) ? like : equals)[key(claim)] = single(unique(values));
  };

  equals[key('aud')] = STS_AUDIENCE;

  const values = unique(subjects.flatMap((s) => s.renderAll(props.repository)));
  (subjects.some((s) => s.hasWildcard) ? like : equals)[key('sub')] = single(values);

  if (props.repository.usesImmutableIds) {
    equals[key('repository_id')] = props.repository.repositoryId!;
    equals[key('repository_owner_id')] = props.repository.ownerId!;
  }

  const environmentJobs = subjects.every((s) => s.kind === 'environment');
  if (environmentJobs) equals[key('environment')] = single(subjects.map((s) => s.pattern));
  const pullRequests = props.subjects.some((s) => s.kind === 'pull_request');

  const onRefs = props.environmentRefs ?? environmentRefs(pullRequests);
  if (props.workflowFile !== undefined) {
    const refs = subjects.flatMap((s) => workflowRefs(s, onRefs));
    put(
      'job_workflow_ref',
      refs.map((ref) => `${props.repository.fullName}/${props.workflowFile}@${ref}`),
    );
  } else if (environmentJobs) {
    put('ref', [...onRefs]);
  }

  const block: ConditionBlock = { StringEquals: equals };
  if (Object.keys(like).length > 0) block.StringLike = like;
  return block;
}

/**
 * The refs in `job_workflow_ref` for runs a subject allows: its own ref for a branch or tag; a
 * pull request's merge ref; for an environment, whose `sub` names no ref, `onRefs`.
 */
function workflowRefs(subject: SubjectFilter, onRefs: readonly string[]): string[] {
  if (subject.ref !== undefined) return [subject.ref];
  return subject.kind === 'pull_request' ? [PULL_REQUEST_REF] : [...onRefs];
}

/** The merge ref of a pull-request run. */
const PULL_REQUEST_REF = 'refs/pull/*/merge';

/** The refs an environment job may run on by default: branches and tags (pull-request merge refs when trusted). */
function environmentRefs(pullRequests: boolean): string[] {
  return ['refs/heads/*', 'refs/tags/*', ...(pullRequests ? [PULL_REQUEST_REF] : [])];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function single(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}
