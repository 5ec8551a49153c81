/**
 * Who may assume a stage's deploy role: jobs of the configured repository (by its IDs when set) in
 * the stage's GitHub environment, through the pinned workflow, on the refs the push job runs on.
 * The deploy job runs after the push job in the same workflow run, so on the push job's ref: a
 * stage trusts no ref the push job could not have pushed from.
 */
import { GitHubRepository } from '../github-repository';
import { SubjectFilter } from '../trust/subject-filter';
import { TrustConditionsProps } from '../trust/trust-conditions';

/** What the stage trust takes from the repository's configuration. */
export interface RepositoryTrust {
  readonly issuerHost: string;
  readonly repository: GitHubRepository;
  /** The push role's subjects (allowedBranches, allowedTags, allowedEnvironments, pull requests). */
  readonly subjects: readonly SubjectFilter[];
  readonly workflowFile?: string;
}

/**
 * The refs the push job runs on: those of allowedBranches and allowedTags (`*` kept). Undefined
 * when it trusts neither (only environments or pull requests): then any branch or tag.
 */
export function pushJobRefs(subjects: readonly SubjectFilter[]): string[] | undefined {
  const refs = subjects.flatMap((subject) => (subject.ref === undefined ? [] : [subject.ref]));
  return refs.length > 0 ? refs : undefined;
}

/** The trust conditions of the deploy role of the stage whose GitHub environment is `environment`. */
export function stageTrust(repository: RepositoryTrust, environment: string): TrustConditionsProps {
  return {
    issuerHost: repository.issuerHost,
    repository: repository.repository,
    subjects: [SubjectFilter.environment(environment)],
    workflowFile: repository.workflowFile,
    environmentRefs: pushJobRefs(repository.subjects),
  };
}
