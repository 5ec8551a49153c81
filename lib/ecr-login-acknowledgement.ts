/**
 * ECR login (`ecr:GetAuthorizationToken`) has no resource-level permission, so a role that pushes
 * needs one statement on Resource "*", which cdk-nag reports as AwsSolutions-IAM5[Resource::*].
 * That finding names the wildcard, not the action: acknowledging it would also hide any other
 * action granted on "*" later. `acknowledgeEcrLoginWildcard` acknowledges it and makes its reason
 * hold: synthesis fails if a policy of the role allows anything else on "*".
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export const ECR_LOGIN_ACTION = 'ecr:GetAuthorizationToken';

const NAG_WILDCARD_RESOURCE = 'AwsSolutions-IAM5[Resource::*]';

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * What an IAM policy document (as JSON) allows on every resource beyond ECR login: one line per
 * offending Allow statement, empty when there is none. `NotAction`/`NotResource` statements count
 * as allowing everything they do not name.
 */
export function wildcardGrantsBeyondEcrLogin(document: unknown): string[] {
  const statements = list((document as { Statement?: unknown } | undefined)?.Statement) as Record<string, unknown>[];
  const problems: string[] = [];
  statements.forEach((statement, index) => {
    if (statement.Effect !== 'Allow') return;
    const where = `statement ${index + 1}${typeof statement.Sid === 'string' ? ` (${statement.Sid})` : ''}`;
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      problems.push(`${where} uses ${statement.NotAction !== undefined ? 'NotAction' : 'NotResource'}`);
      return;
    }
    if (!list(statement.Resource).includes('*')) return;
    const others = list(statement.Action).filter((action) => action !== ECR_LOGIN_ACTION);
    if (others.length > 0) problems.push(`${where} allows ${others.map(String).join(', ')} on "*"`);
  });
  return problems;
}

/**
 * Acknowledges cdk-nag's IAM5[Resource::*] on `role` for ECR login, and adds a validation that
 * fails synthesis when any policy of the role (inline, or an AWS::IAM::Policy attached to it in
 * the same stack) allows another action on Resource "*".
 */
export function acknowledgeEcrLoginWildcard(role: iam.Role): void {
  Validations.of(role).acknowledge({
    id: NAG_WILDCARD_RESOURCE,
    reason: `${ECR_LOGIN_ACTION} supports no resource-level permission, so AWS requires Resource "*"; it is the only action allowed on "*" (checked at synth), every other one is scoped to the one repository ARN.`,
  });
  role.node.addValidation({
    validate: () => {
      const stack = Stack.of(role);
      const roleRef = JSON.stringify(stack.resolve(role.roleName));
      const documents: Array<{ where: string; document: unknown }> = [];
      const cfnRole = role.node.defaultChild as iam.CfnRole;
      for (const inline of list(stack.resolve(cfnRole.policies)) as Array<{ PolicyName?: string; PolicyDocument?: unknown }>) {
        documents.push({ where: `inline policy ${inline.PolicyName}`, document: inline.PolicyDocument });
      }
      for (const policy of stack.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy)) {
        const attached = (list(stack.resolve(policy.roles)) as unknown[]).some((r) => JSON.stringify(r) === roleRef);
        if (attached) documents.push({ where: policy.node.path, document: stack.resolve(policy.policyDocument) });
      }
      return documents.flatMap(({ where, document }) =>
        wildcardGrantsBeyondEcrLogin(document).map(
          (problem) => `${where}: ${problem}. The ${NAG_WILDCARD_RESOURCE} acknowledgement on this role covers ${ECR_LOGIN_ACTION} only: scope the statement to resource ARNs.`,
        ),
      );
    },
  });
}
