/**
 * Which requests an `"AWS"` principal of a resource-based policy (a repository policy, a bucket
 * policy, a role's trust policy) stands for. AWS documents this on "AWS JSON policy elements:
 * Principal" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html):
 *
 * - "AWS account principals": an account, written as its root ARN `arn:PARTITION:iam::ACCOUNT:root`
 *   or as the bare 12-digit ID (which IAM stores as the root ARN), "delegates authority to the
 *   account"; "using the account ARN in the Principal element does not limit permissions to only
 *   the root user of the account". So it stands for every principal of that account (the root, its
 *   IAM users and roles, their sessions), each still bound by its own identity policies, and for
 *   nothing of another account. The bare ID names no partition: it stands for the account in the
 *   partition the policy is in, which this evaluator is not told, so it takes any.
 * - "IAM role principals": a role ARN stands for that role, whose callers are "role session
 *   principals" (`arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE-NAME/SESSION`, the name without
 *   the role's path); so it stands for the role and its sessions, no other role.
 * - Anything else (a user, a session, a federated user) stands for itself only: "You cannot use a
 *   wildcard to match part of a principal name or ARN".
 *
 * `"*"` is judged by the statement matcher (it stands for every principal of every type).
 */

/** A principal ARN of IAM or STS: partition, service, a 12-digit account, and what follows. */
const PRINCIPAL_ARN = /^arn:([a-z][a-z0-9-]*):(iam|sts)::(\d{12}):(.+)$/;
const ACCOUNT_ID = /^\d{12}$/;

interface PrincipalArn {
  readonly partition: string;
  readonly service: 'iam' | 'sts';
  readonly account: string;
  readonly resource: string;
}

function parseArn(arn: string): PrincipalArn | undefined {
  const m = PRINCIPAL_ARN.exec(arn);
  return m ? { partition: m[1], service: m[2] as 'iam' | 'sts', account: m[3], resource: m[4] } : undefined;
}

/** The principals a request can come from: the root, IAM users and roles, and STS sessions. */
function isRequestPrincipal(arn: PrincipalArn): boolean {
  if (arn.service === 'iam') return arn.resource === 'root' || /^(user|role)\/./.test(arn.resource);
  return /^assumed-role\/[^/]+\/[^/]+$/.test(arn.resource) || /^federated-user\/[^/]+$/.test(arn.resource);
}

/** The name of the role an `assumed-role/NAME/SESSION` resource is a session of. */
function sessionRoleName(arn: PrincipalArn): string | undefined {
  return arn.service === 'sts' ? /^assumed-role\/([^/]+)\//.exec(arn.resource)?.[1] : undefined;
}

/** True when the policy's `"AWS"` principal `policyValue` stands for the request's principal ARN. */
export function awsPrincipalMatches(policyValue: string, requestArn: string): boolean {
  if (policyValue === requestArn) return true;
  const request = parseArn(requestArn);
  if (!request || !isRequestPrincipal(request)) return false;

  if (ACCOUNT_ID.test(policyValue)) return request.account === policyValue;
  const policy = parseArn(policyValue);
  if (!policy || policy.service !== 'iam' || policy.account !== request.account) return false;
  if (policy.partition !== request.partition) return false;
  if (policy.resource === 'root') return true;

  const role = /^role\/(?:.*\/)?([^/]+)$/.exec(policy.resource);
  return role !== null && sessionRoleName(request) === role[1];
}
