/**
 * Things worth knowing about a token whatever the decision.
 */
import type { GitHubOidcClaims } from '../../iam/github-token';
import type { AppConfig } from '../../stack/config';
import { stageNotes, StageUnderCheck } from './stage';
import { parseSubject } from './subject';

/**
 * That a repository still sends name-form subjects while the role pins its IDs (allowed, and why
 * that is safe); that an imported provider ARN ties the role to that provider's account; for a
 * stage's role, which stage and account it is (stageNotes) instead of the push role's provider.
 */
export function diagnosisNotes(claims: GitHubOidcClaims, config: AppConfig, stage?: StageUnderCheck): string[] {
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
  if (stage) {
    notes.push(...stageNotes(stage, config));
  } else if (config.oidcProvider.kind === 'import-arn') {
    const account = config.oidcProvider.arn.split(':')[4];
    notes.push(
      `oidcProviderArn names a provider in account ${account}, and STS looks the provider up in the role's own account: this verdict is for a role in account ${account}. ` +
        `The template refuses to deploy anywhere else (a CloudFormation rule), so a role in another account, whose runs STS would all refuse, cannot be created.`,
    );
  }
  return notes;
}
