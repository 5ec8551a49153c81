/**
 * ECR's limit on a repository policy. Many `pullAccounts` can render a repository policy that ECR
 * refuses at deploy time (SetRepositoryPolicy's policyText takes at most 10,240 characters); the
 * configuration says so at synth instead, with the size.
 */
import { PULL_ACTIONS } from '../permissions/pull-actions';
import { ConfigError } from './config-error';
import type { PullAccess } from './pull-access';

/** The most characters ECR takes in a repository policy (SetRepositoryPolicy, policyText). */
export const REPOSITORY_POLICY_MAX_CHARS = 10240;

/**
 * The length of the repository policy `ImageRepository.grantPullTo` renders for `pull` (JSON
 * without whitespace, the partition filled in); 0 when it grants nothing. The statements are the
 * construct's, written out here so the size is known before anything is synthesized;
 * test/stack/config/pull-policy-size.test.ts holds the two to the same length.
 */
export function pullPolicySize(pull: PullAccess, partition: string): number {
  const statements: object[] = [];
  if (pull.accounts.length > 0) {
    const roots = pull.accounts.map((account) => `arn:${partition}:iam::${account}:root`);
    statements.push({
      Action: PULL_ACTIONS,
      Effect: 'Allow',
      Principal: { AWS: roots.length === 1 ? roots[0] : roots },
      Sid: 'PullFromAccounts',
    });
  }
  if (pull.organizationId !== undefined) {
    statements.push({
      Action: PULL_ACTIONS,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': pull.organizationId } },
      Effect: 'Allow',
      Principal: '*',
      Sid: 'PullFromOrganization',
    });
  }
  return statements.length === 0 ? 0 : JSON.stringify({ Statement: statements, Version: '2012-10-17' }).length;
}

/** Throws `ConfigError` naming pullAccounts when the repository policy would exceed ECR's limit. */
export function checkPullPolicySize(pull: PullAccess, partition: string): void {
  const size = pullPolicySize(pull, partition);
  if (size <= REPOSITORY_POLICY_MAX_CHARS) return;
  throw new ConfigError({
    key: 'pullAccounts',
    value: pull.accounts,
    accepted: `fewer accounts: the repository policy would be ${size} characters and ECR takes at most ${REPOSITORY_POLICY_MAX_CHARS} (about 300 accounts); for a whole organization use pullOrganizationId instead`,
  });
}
