/**
 * Who may pull the images besides the deploying account: named accounts, or every account of an
 * AWS Organization (through the `aws:PrincipalOrgID` condition).
 */
import { checkAccountId, checkOrganizationId } from '../rules/aws-names';
import { checkPullPolicySize } from './pull-policy-size';
import { SettingReader } from './reader';

/** The accounts a repository policy lets pull; empty accounts and no organisation = no policy. */
export interface PullAccess {
  /** 12-digit account IDs, as listed. */
  readonly accounts: readonly string[];
  /** An AWS Organizations ID (`o-…`). */
  readonly organizationId?: string;
}

/**
 * Reads pullAccounts (default none) and pullOrganizationId (default none), and checks the
 * repository policy they render fits ECR's limit.
 */
export function readPullAccess(s: SettingReader, partition: string): PullAccess {
  const accounts = s.list('pullAccounts', []);
  for (const account of accounts) s.check('pullAccounts', account, checkAccountId);
  const organizationId = s.optionalString('pullOrganizationId', checkOrganizationId);
  checkPullPolicySize({ accounts, organizationId }, partition);
  return { accounts, organizationId };
}

/** True when the settings grant pull access to anyone. */
export function grantsPull(pull: PullAccess): boolean {
  return pull.accounts.length > 0 || pull.organizationId !== undefined;
}
