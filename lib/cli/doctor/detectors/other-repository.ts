/**
 * The token comes from a repository of another name: `repository-case-mismatch` when only the case
 * differs (sub matching is case-sensitive), else `other-repository` (a look-alike or another
 * repository altogether; with `repositories`, possibly another entry, whose own role it needs).
 */
import { entryName } from '../../../stack/config/repository-entries';
import { newEntryFix, RepositoryEntryScope, settingFix, SettingChanges } from '../setting-change';
import { Detector, DiagnosisInput, subjectFailed, TokenRepository, tokenRepository } from './input';

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
    const { entry } = input.scope;
    // An entry's derived role name holds the repository's name, and IAM's role names ignore case:
    // keep the name, or CloudFormation's replacement role could not be created beside the old one.
    const keepRole = !nameIs && entry !== undefined && !entry.ownKeys.includes('roleName');
    const names = {
      ...(ownerIs ? {} : { githubOwner: token.owner }),
      ...(nameIs ? {} : { githubRepository: token.name }),
      ...(keepRole ? { roleName: input.config.roleName } : {}),
    };
    const aside = keepRole ? 'roleName keeps the role as it is named now' : undefined;
    return [
      {
        id: 'repository-case-mismatch',
        message: `The token comes from "${token.fullName}" but the role is set up for "${repo.fullName}": GitHub sends the names exactly as spelt on GitHub, and sub matching is case-sensitive.`,
        fix: [`Write the names exactly as GitHub shows them: ${settingFix(input.scope, names, { aside })}.`],
      },
    ];
  }
  const served = input.scope.entry ? otherEntry(input.scope.entry, token) : undefined;
  return [
    {
      id: 'other-repository',
      message: `The token is from another repository, ${token.fullName}; the role trusts only runs of ${repo.fullName}.`,
      fix: [
        `Run the workflow in ${repo.fullName},`,
        served ?? `or, ${serveIt(input, token, token.owner, token.name)}.`,
      ],
    },
  ];
};

/** With `repositories`: the fix when the token's repository is another entry, which has a role of its own. */
function otherEntry(entry: RepositoryEntryScope, token: TokenRepository): string | undefined {
  const index = entry.repositories.findIndex((r) => r.toLowerCase() === token.fullName.toLowerCase());
  if (index < 0) return undefined;
  const served = entry.repositories[index];
  const spelt = served === token.fullName ? '' : `, spelt ${served}`;
  return `or, since ${token.fullName} has a role of its own (${entryName(index)}${spelt}), assume that role in its jobs (its vars.AWS_ROLE_ARN: npm run github-setup -- --repo ${served}) and check the run with --repository ${token.fullName}.`;
}

/** How to have the app serve the token's repository: repoint the stack, or with `repositories` add an entry. */
function serveIt(input: DiagnosisInput, token: TokenRepository, owner: string, name: string): string {
  const repo = input.config.repository;
  const ids: SettingChanges =
    repo.usesImmutableIds && token.ownerId && token.repositoryId
      ? { githubOwnerId: token.ownerId, githubRepositoryId: token.repositoryId }
      : {};
  // Without the token's IDs the ones to set are not known here: say where to find them.
  const aside =
    repo.usesImmutableIds && Object.keys(ids).length === 0
      ? `with its IDs as githubOwnerId and githubRepositoryId: gh api repos/${token.fullName} --jq '.owner.id, .id'`
      : undefined;
  const values = { githubOwner: owner, githubRepository: name, ...ids };
  const { scope } = input;
  if (!scope.entry) return `if the stack should serve ${token.fullName}, set ${settingFix(scope, values, { aside })}`;
  return `if the app should serve ${token.fullName} too, ${newEntryFix({ ...scope, entry: scope.entry }, values, { aside })}, and check it with --repository ${token.fullName}`;
}
