/**
 * `immutable-sub-without-ids`: the token's sub is in GitHub's immutable-ID format while the role,
 * without githubOwnerId/githubRepositoryId, matches the name format.
 */
import { settingFix } from '../setting-change';
import { Detector, parsedSub, subjectFailed, tokenRepository } from './input';

export const immutableSubWithoutIds: Detector = (input) => {
  if (!subjectFailed(input) || input.config.repository.usesImmutableIds) return [];
  const parsed = parsedSub(input.claims);
  const token = tokenRepository(input);
  if (!parsed?.immutable || !token.sameName) return [];
  return [
    {
      id: 'immutable-sub-without-ids',
      message:
        "The token's sub is in GitHub's immutable-ID format (repo:OWNER@ID/REPO@ID:…, sent since 2026-07-15 for repositories created, renamed or transferred since then, and for those that opted in), " +
        'but the role matches the name format because githubOwnerId and githubRepositoryId are not set.',
      fix: [
        `Set the IDs this token carries: ${settingFix(input.scope, { githubOwnerId: parsed.ownerId!, githubRepositoryId: parsed.repositoryId! }, { aside: `confirm with gh api repos/${token.fullName} --jq '.owner.id, .id'` })}.`,
      ],
    },
  ];
};
