/**
 * The names an entry of `repositories` gets when it does not set them: they must differ per
 * repository, so they cannot fall back to the top-level settings.
 */
import { createHash } from 'crypto';

/** IAM's limit on a role name. */
const ROLE_NAME_MAX = 64;

/** The ECR repository name of an entry without ecrRepositoryName: the GitHub name in lower case. */
export function defaultEcrRepositoryName(repositoryName: string): string {
  return repositoryName.toLowerCase();
}

/**
 * The role name of an entry without roleName: `ENV-NAME-HASH`, where HASH is 8 hex digits of the
 * lower-cased `OWNER/REPO` (so two owners' repositories of one name differ, and IAM's
 * case-insensitive names too) and NAME is the repository name, cut so the whole fits IAM's 64
 * characters. The same repository always gets the same name.
 */
export function defaultRoleName(env: string, owner: string, repositoryName: string): string {
  const hash = createHash('sha256').update(`${owner}/${repositoryName}`.toLowerCase()).digest('hex').slice(0, 8);
  const room = ROLE_NAME_MAX - env.length - hash.length - 2;
  return `${env}-${repositoryName.slice(0, room)}-${hash}`;
}
