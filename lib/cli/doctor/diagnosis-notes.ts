/**
 * Things worth knowing about a token whatever the decision.
 */
import type { GitHubOidcClaims } from '../../iam/github-token';
import type { AppConfig } from '../../stack/config';
import { parseSubject } from './subject';

/**
 * Today: that a repository still sends name-form subjects while the role pins its IDs (allowed,
 * and why that is safe).
 */
export function diagnosisNotes(claims: GitHubOidcClaims, config: AppConfig): string[] {
  const notes: string[] = [];
  const repo = config.repository;
  const parsed = typeof claims.sub === 'string' ? parseSubject(claims.sub) : undefined;
  if (
    repo.usesImmutableIds &&
    parsed &&
    !parsed.immutable &&
    parsed.owner === repo.owner &&
    parsed.repository === repo.name &&
    String(claims.repository_id) === repo.repositoryId &&
    String(claims.repository_owner_id) === repo.ownerId
  ) {
    notes.push(
      `The token's sub is in the name form (repo:${repo.fullName}:…): the repository has not switched to GitHub's immutable subject claims (repo:OWNER@ID/REPO@ID:…). ` +
        `The role accepts both forms because it also requires repository_id ${repo.repositoryId} and repository_owner_id ${repo.ownerId}, ` +
        'which a repository or organisation re-created under the same name cannot carry.',
    );
  }
  return notes;
}
