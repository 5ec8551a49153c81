/**
 * The token comes from a repository of another name: `repository-case-mismatch` when only the case
 * differs (sub matching is case-sensitive), else `other-repository` (a look-alike or another
 * repository altogether).
 */
import { contextFlag } from '../../shell';
import { DEPLOY } from '../cause';
import { Detector, subjectFailed, tokenRepository } from './input';

export const otherRepository: Detector = (input) => {
  if (!subjectFailed(input)) return [];
  const token = tokenRepository(input);
  const repo = input.config.repository;
  if (token.owner === undefined || token.name === undefined || token.sameName) return [];
  const ownerIs = token.owner === repo.owner;
  const nameIs = token.name === repo.name;
  const sameIgnoringCase =
    token.owner.toLowerCase() === repo.owner.toLowerCase() && token.name.toLowerCase() === repo.name.toLowerCase();
  if (sameIgnoringCase) {
    const flags = [
      ...(ownerIs ? [] : [contextFlag('githubOwner', token.owner)]),
      ...(nameIs ? [] : [contextFlag('githubRepository', token.name)]),
    ].join(' ');
    return [
      {
        id: 'repository-case-mismatch',
        message: `The token comes from "${token.fullName}" but the role is set up for "${repo.fullName}": GitHub sends the names exactly as spelt on GitHub, and sub matching is case-sensitive.`,
        fix: [`Write the names exactly as GitHub shows them: ${flags} (or in cdk.json), ${DEPLOY}.`],
      },
    ];
  }
  const idFlags =
    repo.usesImmutableIds && token.ownerId && token.repositoryId
      ? ` ${contextFlag('githubOwnerId', token.ownerId)} ${contextFlag('githubRepositoryId', token.repositoryId)}`
      : '';
  return [
    {
      id: 'other-repository',
      message: `The token is from another repository, ${token.fullName}; the role trusts only runs of ${repo.fullName}.`,
      fix: [
        `Run the workflow in ${repo.fullName},`,
        `or, if the stack should serve ${token.fullName}, set ${contextFlag('githubOwner', token.owner)} ${contextFlag('githubRepository', token.name)}${idFlags} (or in cdk.json), ${DEPLOY}.`,
      ],
    },
  ];
};
