/**
 * Which stack each repository of `repositories` lands in, within CloudFormation's per-stack
 * quotas (500 resources, 200 outputs, 1 MB template) and IAM's per-account role quota.
 *
 * A repository's stack is chosen by a stable hash of its lower-cased `OWNER/REPO` among a fixed
 * number of stacks: adding or removing a repository never moves another one. (Fixed-size shards
 * in the listed order would move every later repository when one is removed from the middle, and
 * a moved ECR repository cannot be created in its new stack while the retained one keeps its
 * name.) Stacks are named `STACKNAME-N`; a stack with no repository is not synthesized.
 */
import { createHash } from 'crypto';
import { GitHubRepository } from '../github-repository';
import { checkStackName } from '../rules/aws-names';
import { ConfigError } from './config-error';

/** How many stacks the repositories are spread over; fixed, since changing it would move repositories. */
export const REGISTRY_STACKS = 4;

/**
 * Repositories one stack holds at most. Each takes 3 resources (ECR repository, role, role
 * policy) and 1 output; a stack adds CDKMetadata and 1 shared output: 150 keeps under 500
 * resources (451) and 200 outputs (151), and the template under 1 MB: about 3.5 KB per repository
 * with the defaults, 5.2 KB with IDs, pull access, three subjects and a moving tag (a stack of 150
 * such repositories synthesized to 785 KB; test/stack/registry.test.ts checks these bounds on the
 * templates it synthesizes). Larger settings are refused at synth (template-size.ts).
 */
export const REPOSITORIES_PER_STACK = 150;

/**
 * Repositories the app serves at most: one deploy role each, under IAM's default quota of 1,000
 * roles per account that every other role of the account shares.
 */
export const MAX_REPOSITORIES = 400;

/** The registry stack (1 to REGISTRY_STACKS) that serves `repository`. */
export function registryStackNumber(repository: GitHubRepository): number {
  const digest = createHash('sha256').update(repository.fullName.toLowerCase()).digest();
  return (digest.readUInt32BE(0) % REGISTRY_STACKS) + 1;
}

/** The name of registry stack `n`. */
export function registryStackName(stackName: string, n: number): string {
  return `${stackName}-${n}`;
}

/**
 * Throws `ConfigError` naming stackName when a registry stack's name (`STACKNAME-N`) would not be
 * a CloudFormation stack name (CDK would shorten it with a hash, and github-setup and the doctor
 * would not find the stack by name).
 */
export function checkRegistryStackNames(stackName: string): void {
  const longest = registryStackName(stackName, REGISTRY_STACKS);
  const problem = checkStackName(longest);
  if (problem) {
    throw new ConfigError({
      key: 'stackName',
      value: stackName,
      accepted: `a shorter name while "repositories" is set: the registry stack "${longest}" must be ${problem}`,
    });
  }
}

/**
 * Throws `ConfigError` (one line, naming the limit) when the repositories exceed what the app
 * supports: MAX_REPOSITORIES in all, REPOSITORIES_PER_STACK in any one stack.
 */
export function checkRegistryLimits(repositories: readonly GitHubRepository[]): void {
  if (repositories.length > MAX_REPOSITORIES) {
    throw new ConfigError({
      key: 'repositories',
      value: repositories.map((r) => r.fullName),
      accepted: `at most ${MAX_REPOSITORIES} entries: one deploy role each, and IAM allows 1,000 roles per account (shared with every other role); split them across accounts or apps`,
    });
  }
  const counts = new Map<number, string[]>();
  for (const repository of repositories) {
    const n = registryStackNumber(repository);
    counts.set(n, [...(counts.get(n) ?? []), repository.fullName]);
  }
  for (const [n, names] of counts) {
    if (names.length > REPOSITORIES_PER_STACK) {
      throw new ConfigError({
        key: 'repositories',
        value: names,
        accepted: `at most ${REPOSITORIES_PER_STACK} repositories in one stack (registry stack ${n} would hold ${names.length}; CloudFormation allows 500 resources and 200 outputs per stack): move some to another app`,
      });
    }
  }
}
