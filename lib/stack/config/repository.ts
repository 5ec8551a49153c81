/** The one GitHub repository the role trusts: owner and name, and optionally both numeric IDs. */
import { GitHubRepository } from '../github-repository';
import { checkNumericId, checkOwnerName, checkRepositoryName } from '../rules/github-names';
import { ConfigError } from './config-error';
import { SettingReader } from './reader';

/**
 * Reads githubOwner and githubRepository (required), then githubOwnerId and githubRepositoryId,
 * which come as a pair: one without the other is refused, naming the missing one.
 */
export function readRepository(s: SettingReader): GitHubRepository {
  const owner = s.required('githubOwner', checkOwnerName);
  const name = s.required('githubRepository', checkRepositoryName);
  const ownerId = s.optionalString('githubOwnerId', checkNumericId);
  const repositoryId = s.optionalString('githubRepositoryId', checkNumericId);
  if ((ownerId === undefined) !== (repositoryId === undefined)) {
    const [setKey, missingKey] =
      ownerId === undefined ? ['githubRepositoryId', 'githubOwnerId'] : ['githubOwnerId', 'githubRepositoryId'];
    throw new ConfigError({
      key: missingKey,
      value: undefined,
      accepted: `a value too, because ${setKey} is set: give both numeric IDs or neither`,
    });
  }
  return new GitHubRepository({ owner, name, ownerId, repositoryId });
}
