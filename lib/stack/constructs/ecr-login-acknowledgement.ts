/**
 * ECR login (`ecr:GetAuthorizationToken`) has no resource-level permission, so a role that pushes
 * needs one statement on Resource "*", which cdk-nag reports as AwsSolutions-IAM5[Resource::*].
 * `acknowledgeEcrLoginWildcard` acknowledges it, held to that one action (see
 * wildcard-acknowledgement.ts for how the hold is checked).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledgeWildcards, WildcardAllowance, wildcardGrantsBeyond } from './wildcard-acknowledgement';

export { flattenedText } from './wildcard-acknowledgement';

export const ECR_LOGIN_ACTION = 'ecr:GetAuthorizationToken';

const ECR_LOGIN: WildcardAllowance = {
  resource: '*',
  actions: [ECR_LOGIN_ACTION],
  reason: `${ECR_LOGIN_ACTION} supports no resource-level permission, so AWS requires Resource "*"; it is the only action allowed on "*" in this role's policies (checked at synth).`,
};

/**
 * What an IAM policy document (resolved JSON) allows on every resource beyond ECR login: one line
 * per offending Allow statement, empty when there is none. `NotAction`/`NotResource` statements
 * count as allowing everything they do not name.
 */
export function wildcardGrantsBeyondEcrLogin(document: unknown): string[] {
  return wildcardGrantsBeyond(document, [ECR_LOGIN]).map((p) => p.problem);
}

/**
 * Acknowledges cdk-nag's IAM5[Resource::*] on `role` for ECR login, and adds a validation that
 * fails synthesis when a policy of the role allows another action on Resource "*" (see
 * `acknowledgeWildcards`).
 */
export function acknowledgeEcrLoginWildcard(role: iam.Role): void {
  acknowledgeWildcards(role, [ECR_LOGIN]);
}
