/**
 * ECR login (`ecr:GetAuthorizationToken`) has no resource-level permission, so a role that pushes
 * needs one statement on Resource "*", which cdk-nag reports as AwsSolutions-IAM5[Resource::*].
 * That finding names the wildcard, not the action, and an acknowledgement covers the role and
 * everything under it in the construct tree: it would also hide any other action granted on "*"
 * later. `acknowledgeEcrLoginWildcard` acknowledges it and makes its reason hold: synthesis fails
 * if any policy the acknowledgement covers, or any policy attached to the role, allows anything
 * else on "*", and if the role has a managed policy that cannot be inspected here.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

export const ECR_LOGIN_ACTION = 'ecr:GetAuthorizationToken';

const NAG_WILDCARD_RESOURCE = 'AwsSolutions-IAM5[Resource::*]';

const list = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/**
 * A resolved CloudFormation value as text, the way cdk-nag reads it: `Fn::Sub` templates and
 * `Fn::Join`s of literals become their text (so `{"Fn::Sub": "*"}` is "*"); any other reference
 * becomes a placeholder that can never equal "*".
 */
export function flattenedText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, args] = entries[0];
      if (fn === 'Fn::Sub') return flattenedText(Array.isArray(args) ? args[0] : args);
      if (fn === 'Fn::Join' && Array.isArray(args) && typeof args[0] === 'string') {
        return list(args[1]).map(flattenedText).join(args[0]);
      }
    }
  }
  return `<${JSON.stringify(value)}>`;
}

/**
 * What an IAM policy document (resolved JSON) allows on every resource beyond ECR login: one line
 * per offending Allow statement, empty when there is none. `NotAction`/`NotResource` statements
 * count as allowing everything they do not name.
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
    if (!list(statement.Resource).some((resource) => flattenedText(resource) === '*')) return;
    const others = list(statement.Action)
      .map(flattenedText)
      .filter((action) => action !== ECR_LOGIN_ACTION);
    if (others.length > 0) problems.push(`${where} allows ${others.join(', ')} on "*"`);
  });
  return problems;
}

/**
 * Acknowledges cdk-nag's IAM5[Resource::*] on `role` for ECR login, and adds a validation that
 * fails synthesis when a policy it inspects allows another action on Resource "*". It inspects
 * every IAM policy under the role (what the acknowledgement covers: its inline policies, its
 * default policy, and managed policies made under it, such as the overflow policies CDK splits
 * a large default policy into) and every AWS::IAM::Policy of the stack attached to the role. A
 * managed policy attached by ARN cannot be read at synth, so it fails the check too.
 */
export function acknowledgeEcrLoginWildcard(role: iam.Role): void {
  Validations.of(role).acknowledge({
    id: NAG_WILDCARD_RESOURCE,
    reason: `${ECR_LOGIN_ACTION} supports no resource-level permission, so AWS requires Resource "*"; it is the only action allowed on "*" in this role's policies (checked at synth).`,
  });
  role.node.addValidation({ validate: () => ecrLoginWildcardProblems(role) });
}

function ecrLoginWildcardProblems(role: iam.Role): string[] {
  const stack = Stack.of(role);
  const roleRef = JSON.stringify(stack.resolve(role.roleName));
  const cfnRole = role.node.defaultChild as iam.CfnRole;
  const documents: Array<{ where: string; document: unknown }> = [];
  const inspectedManaged = new Set<string>();
  const problems: string[] = [];

  // Resolving the L1 property gives its TypeScript shape (policyName, policyDocument), not the
  // template's (PolicyName, PolicyDocument): typed as such, so a misspelt field does not compile.
  for (const inline of list(stack.resolve(cfnRole.policies)) as iam.CfnRole.PolicyProperty[]) {
    documents.push({
      where: `${cfnRole.node.path} inline policy ${inline.policyName}`,
      document: inline.policyDocument,
    });
  }
  const covered = (c: IConstruct) => c.node.scopes.includes(role);
  for (const policy of stack.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy)) {
    const attached = (list(stack.resolve(policy.roles)) as unknown[]).some((r) => JSON.stringify(r) === roleRef);
    if (attached || covered(policy))
      documents.push({ where: policy.node.path, document: stack.resolve(policy.policyDocument) });
  }
  for (const managed of role.node
    .findAll()
    .filter((c): c is iam.CfnManagedPolicy => c instanceof iam.CfnManagedPolicy)) {
    documents.push({ where: managed.node.path, document: stack.resolve(managed.policyDocument) });
    inspectedManaged.add(JSON.stringify({ Ref: stack.getLogicalId(managed) }));
  }
  for (const arn of list(stack.resolve(cfnRole.managedPolicyArns))) {
    if (!inspectedManaged.has(JSON.stringify(arn))) {
      problems.push(
        `${cfnRole.node.path}: managed policy ${flattenedText(arn)} is attached; its statements cannot be checked at synth. The deploy role takes its permissions from policies made in this stack.`,
      );
    }
  }
  for (const { where, document } of documents) {
    for (const problem of wildcardGrantsBeyondEcrLogin(document)) {
      problems.push(
        `${where}: ${problem}. The ${NAG_WILDCARD_RESOURCE} acknowledgement on this role covers ${ECR_LOGIN_ACTION} only: scope the statement to resource ARNs.`,
      );
    }
  }
  return problems;
}
