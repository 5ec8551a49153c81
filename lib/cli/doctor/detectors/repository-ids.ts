/**
 * `repository-ids-differ`: the role pins the repository's IDs and the token, from a repository of
 * the configured name, carries others (a recycled name, a re-created repository) or none.
 */
import type { Cause } from '../cause';
import { settingFix } from '../setting-change';
import { Detector, failedCondition, parsedSub, subjectFailed, tokenRepository } from './input';

export const repositoryIds: Detector = (input) => {
  const { claims, config } = input;
  const repo = config.repository;
  if (!subjectFailed(input) || !repo.usesImmutableIds) return [];
  const token = tokenRepository(input);
  if (token.owner === undefined || token.name === undefined || !token.sameName) return [];
  const parsed = parsedSub(claims);
  // The IDs can be wrong in sub, in the ID claims, or (in a forged or hand-made token) in only
  // one of them: name every one that differs.
  const subIdsDiffer =
    parsed?.immutable === true && (parsed.ownerId !== repo.ownerId || parsed.repositoryId !== repo.repositoryId);
  const claimOwnerId = claims.repository_owner_id === undefined ? undefined : String(claims.repository_owner_id);
  const claimRepositoryId = claims.repository_id === undefined ? undefined : String(claims.repository_id);
  const differences = [
    ...(subIdsDiffer ? [`its sub names owner ID ${parsed.ownerId} and repository ID ${parsed.repositoryId}`] : []),
    ...(claimOwnerId !== repo.ownerId ? [`its repository_owner_id claim is ${claimOwnerId ?? '(absent)'}`] : []),
    ...(claimRepositoryId !== repo.repositoryId
      ? [`its repository_id claim is ${claimRepositoryId ?? '(absent)'}`]
      : []),
  ];
  const claimsOnlyAbsent =
    !subIdsDiffer &&
    (claimOwnerId === undefined || claimOwnerId === repo.ownerId) &&
    (claimRepositoryId === undefined || claimRepositoryId === repo.repositoryId) &&
    (claimOwnerId === undefined || claimRepositoryId === undefined);
  const requires = `while the role requires owner ID ${repo.ownerId} and repository ID ${repo.repositoryId}`;
  if (claimsOnlyAbsent) {
    return [
      {
        id: 'repository-ids-differ',
        message:
          `The token is from a repository named ${token.fullName}, but ${differences.join(' and ')}, ${requires}. ` +
          'GitHub puts both ID claims in every Actions token, so STS refuses a token without them: this one was not issued that way, or was edited.',
        fix: ['Check the token exactly as the job received it (--jwt with the raw token).'],
      },
    ];
  }
  const idClaimsFailed = ['repository_id', 'repository_owner_id'].some((c) => failedCondition(input, c));
  if (differences.length === 0 && !idClaimsFailed) return [];
  const newOwnerId = claimOwnerId ?? parsed?.ownerId ?? 'OWNER_ID';
  const newRepositoryId = claimRepositoryId ?? parsed?.repositoryId ?? 'REPO_ID';
  const cause: Cause = {
    id: 'repository-ids-differ',
    message:
      `The token is from a repository named ${token.fullName}, but ${differences.join(' and ') || 'its IDs differ'}, ${requires}. ` +
      'Either the name now belongs to someone else ' +
      '(a deleted repository or organisation whose name was taken again: what the IDs guard against), or your repository was re-created or transferred.',
    fix: [
      `Check the IDs: gh api repos/${token.fullName} --jq '.owner.id, .id'. Only if that repository is yours, set ${settingFix(input.scope, { githubOwnerId: newOwnerId, githubRepositoryId: newRepositoryId })}.`,
    ],
  };
  return [cause];
};
