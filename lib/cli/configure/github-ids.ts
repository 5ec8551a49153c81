/**
 * `--lookup-ids`: the numeric owner and repository IDs, and the canonical spelling of both names
 * (`sub` matching is case-sensitive), from the GitHub CLI. No shell is involved.
 */
import { spawnSync } from 'child_process';

/** What GitHub says about a repository. */
export interface GitHubRepositoryIds {
  readonly owner: string;
  readonly name: string;
  readonly ownerId: string;
  readonly repositoryId: string;
}

/** The look-up failed; the message is one line and says what to run by hand. */
export class LookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LookupError';
  }
}

const JQ = '.owner.login, .owner.id, .name, .id';

/** The command to run by hand, for messages. */
export function lookupCommand(owner: string, name: string): string {
  return `gh api repos/${owner}/${name} --jq '${JQ}'`;
}

/**
 * Asks `gh` (the executable at `gh`, found on PATH by the caller) for the repository's IDs.
 * @param gh the path of the gh executable, or undefined when it is not installed
 */
export function lookUpRepositoryIds(gh: string | undefined, owner: string, name: string): GitHubRepositoryIds {
  const byHand = `run \`${lookupCommand(owner, name)}\` and pass --owner-id and --repository-id`;
  if (!gh) throw new LookupError(`--lookup-ids needs the GitHub CLI (gh), which is not on PATH: ${byHand}`);
  const result = spawnSync(gh, ['api', `repos/${owner}/${name}`, '--jq', JQ], { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) {
    const why = (result.stderr || result.error?.message || `exit ${result.status}`).trim().split('\n')[0];
    throw new LookupError(`--lookup-ids: gh could not read ${owner}/${name} (${why}): ${byHand}`);
  }
  const [login, ownerId, repo, repositoryId] = result.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim());
  if (!login || !repo || !/^[0-9]+$/.test(ownerId ?? '') || !/^[0-9]+$/.test(repositoryId ?? '')) {
    throw new LookupError(
      `--lookup-ids: gh answered something else than owner, IDs and name (${JSON.stringify(result.stdout.trim())}): ${byHand}`,
    );
  }
  return { owner: login, name: repo, ownerId, repositoryId };
}
