import { checkNumericId, checkOwnerName, checkRepositoryName } from './rules/github-names';

/** The example repository in the project's cdk.json: a template's placeholder, not anyone's. */
export const PLACEHOLDER_REPOSITORY = Object.freeze({ owner: 'mycompany-inc', name: 'my-repo' });

/** How to name a GitHub repository in a trust policy. */
export interface GitHubRepositoryProps {
  /** Owner (user or organisation), exactly as GitHub shows it: `sub` matching is case-sensitive. */
  readonly owner: string;
  /** Repository name without the owner, exactly as GitHub shows it. */
  readonly name: string;
  /**
   * Numeric owner ID. With `repositoryId`, switches the role to GitHub's immutable subject format
   * (`repo:OWNER@OWNER_ID/REPO@REPO_ID:…`) and pins the `repository_owner_id` claim.
   * @default - none: name-based subjects only
   */
  readonly ownerId?: string;
  /**
   * Numeric repository ID; set with `ownerId` or not at all.
   * @default - none: name-based subjects only
   */
  readonly repositoryId?: string;
}

/**
 * A GitHub repository as a trust policy sees it: the owner/name pair, and optionally the
 * numeric IDs that GitHub never reuses (so a deleted and re-created name cannot inherit trust).
 */
export class GitHubRepository {
  readonly owner: string;
  readonly name: string;
  readonly ownerId?: string;
  readonly repositoryId?: string;

  /** True for the project's example repository (`mycompany-inc/my-repo`), which no user deploys. */
  get isPlaceholder(): boolean {
    return this.owner === PLACEHOLDER_REPOSITORY.owner && this.name === PLACEHOLDER_REPOSITORY.name;
  }

  constructor(props: GitHubRepositoryProps) {
    const problem =
      checkOwnerName(props.owner) ??
      checkRepositoryName(props.name) ??
      (props.ownerId !== undefined ? checkNumericId(props.ownerId) : undefined) ??
      (props.repositoryId !== undefined ? checkNumericId(props.repositoryId) : undefined);
    if (problem) throw new Error(`GitHub repository ${props.owner}/${props.name}: expected ${problem}`);
    if ((props.ownerId === undefined) !== (props.repositoryId === undefined)) {
      throw new Error('GitHub repository: set both ownerId and repositoryId, or neither');
    }
    this.owner = props.owner;
    this.name = props.name;
    this.ownerId = props.ownerId;
    this.repositoryId = props.repositoryId;
  }

  /** True when the numeric IDs are known and the immutable subject format is used. */
  get usesImmutableIds(): boolean {
    return this.ownerId !== undefined && this.repositoryId !== undefined;
  }

  /** `OWNER/REPO`, as in the `repository` claim and in `job_workflow_ref`. */
  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /**
   * The repository part of `sub`: `repo:OWNER@ID/REPO@ID` with immutable IDs, else `repo:OWNER/REPO`.
   */
  get subjectPrefix(): string {
    return this.usesImmutableIds ? this.subjectPrefixes[0] : `repo:${this.owner}/${this.name}`;
  }

  /**
   * Every repository part of `sub` a run of this repository may send. With IDs: the immutable
   * form, and the name form that repositories created before 2026-07-15 keep sending until they
   * opt in. The name form is safe there only because the trust policy also pins the
   * `repository_id` and `repository_owner_id` claims, which a recycled name cannot carry.
   */
  get subjectPrefixes(): string[] {
    const byName = `repo:${this.owner}/${this.name}`;
    return this.usesImmutableIds
      ? [`repo:${this.owner}@${this.ownerId}/${this.name}@${this.repositoryId}`, byName]
      : [byName];
  }
}
