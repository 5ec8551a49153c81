/**
 * Some actions support no resource-level permission (or only a pattern), so a role that needs them
 * has a statement on a wildcard resource, which cdk-nag reports as AwsSolutions-IAM5[Resource::R].
 * That finding names the resource, not the action, and an acknowledgement covers the role and
 * everything under it in the construct tree: it would also hide any other action granted on R
 * later. `acknowledgeWildcards` acknowledges such findings and makes their reasons hold: synthesis
 * fails if any policy the acknowledgement covers, or any policy attached to the role, allows
 * another action on an acknowledged resource (or uses NotAction/NotResource), and if the role has
 * a managed policy that cannot be inspected here.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** One acknowledged wildcard resource, held to the actions it is needed for. */
export interface WildcardAllowance {
  /** The resource as cdk-nag reads it (see `flattenedText`): "*", or a pattern such as "arn:aws:ecs:…:task-definition/*". */
  readonly resource: string;
  /** The only actions any Allow statement may grant on `resource`. */
  readonly actions: readonly string[];
  /** Why the wildcard is needed: the acknowledgement's reason. */
  readonly reason: string;
}

/** A problem with one statement, and the allowances it breaks. */
export interface WildcardProblem {
  readonly problem: string;
  readonly allowances: readonly WildcardAllowance[];
}

/** cdk-nag's finding ID for an IAM statement on `resource`. */
export function nagWildcardFinding(resource: string): string {
  return `AwsSolutions-IAM5[Resource::${resource}]`;
}

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
 * What an IAM policy document (resolved JSON) allows on the allowances' resources beyond their
 * actions: one problem per offending Allow statement and resource, none when there is none.
 * `NotAction`/`NotResource` statements count as allowing everything they do not name.
 */
export function wildcardGrantsBeyond(document: unknown, allowances: readonly WildcardAllowance[]): WildcardProblem[] {
  const statements = list((document as { Statement?: unknown } | undefined)?.Statement) as Record<string, unknown>[];
  const problems: WildcardProblem[] = [];
  statements.forEach((statement, index) => {
    if (statement.Effect !== 'Allow') return;
    const where = `statement ${index + 1}${typeof statement.Sid === 'string' ? ` (${statement.Sid})` : ''}`;
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      const uses = statement.NotAction !== undefined ? 'NotAction' : 'NotResource';
      problems.push({ problem: `${where} uses ${uses}`, allowances });
      return;
    }
    const resources = list(statement.Resource).map(flattenedText);
    for (const allowance of allowances) {
      if (!resources.includes(allowance.resource)) continue;
      const others = list(statement.Action)
        .map(flattenedText)
        .filter((action) => !allowance.actions.includes(action));
      if (others.length > 0) {
        problems.push({
          problem: `${where} allows ${others.join(', ')} on "${allowance.resource}"`,
          allowances: [allowance],
        });
      }
    }
  });
  return problems;
}

/** The acknowledged roles of each stack, with their allowances: checked by one validation of that stack. */
const acknowledged = new WeakMap<Stack, Array<{ role: iam.Role; allowances: readonly WildcardAllowance[] }>>();

/**
 * Acknowledges cdk-nag's IAM5 finding for each allowance's resource on `role`, and makes synthesis
 * fail when a policy it inspects breaks an allowance. It inspects every IAM policy under the role
 * (what the acknowledgement covers: its inline policies, its default policy, and managed policies
 * made under it, such as the overflow policies CDK splits a large default policy into) and every
 * AWS::IAM::Policy of the stack attached to the role. A managed policy attached by ARN cannot be
 * read at synth, so it fails the check too.
 *
 * The check is one validation of the role's stack (`Stack.of(role).node.validate()` reports it),
 * over every role acknowledged in that stack: it walks and resolves the stack's policies once, so
 * a stack of many roles costs as many checks, not roles × policies.
 */
export function acknowledgeWildcards(role: iam.Role, allowances: readonly WildcardAllowance[]): void {
  for (const { resource, reason } of allowances) {
    Validations.of(role).acknowledge({ id: nagWildcardFinding(resource), reason });
  }
  const stack = Stack.of(role);
  let roles = acknowledged.get(stack);
  if (roles === undefined) {
    const checked: Array<{ role: iam.Role; allowances: readonly WildcardAllowance[] }> = [];
    roles = checked;
    acknowledged.set(stack, checked);
    stack.node.addValidation({ validate: () => stackProblems(stack, checked) });
  }
  roles.push({ role, allowances });
}

/** "The F acknowledgement on this role covers A only" for each allowance, and what to do. */
function covers(allowances: readonly WildcardAllowance[]): string {
  const each = allowances.map(
    (a) => `the ${nagWildcardFinding(a.resource)} acknowledgement on this role covers ${a.actions.join(', ')} only`,
  );
  const text = each.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}: scope the statement to resource ARNs.`;
}

/** A policy of the stack: the roles it is attached to, its ancestors, its document once read. */
interface StackPolicy {
  readonly policy: iam.CfnPolicy;
  readonly roleRefs: ReadonlySet<string>;
  readonly scopes: ReadonlySet<IConstruct>;
  document?: unknown;
}

function stackProblems(
  stack: Stack,
  roles: ReadonlyArray<{ role: iam.Role; allowances: readonly WildcardAllowance[] }>,
): string[] {
  const policies: StackPolicy[] = stack.node
    .findAll()
    .filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy)
    .map((policy) => ({
      policy,
      roleRefs: new Set(list(stack.resolve(policy.roles)).map((r) => JSON.stringify(r))),
      scopes: new Set(policy.node.scopes),
    }));
  return roles.flatMap(({ role, allowances }) => wildcardProblems(stack, role, allowances, policies));
}

function wildcardProblems(
  stack: Stack,
  role: iam.Role,
  allowances: readonly WildcardAllowance[],
  policies: readonly StackPolicy[],
): string[] {
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
  // Attached to the role, or under it (covered by its acknowledgement).
  for (const entry of policies) {
    if (!entry.roleRefs.has(roleRef) && !entry.scopes.has(role)) continue;
    entry.document ??= stack.resolve(entry.policy.policyDocument);
    documents.push({ where: entry.policy.node.path, document: entry.document });
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
    for (const { problem, allowances: broken } of wildcardGrantsBeyond(document, allowances)) {
      problems.push(`${where}: ${problem}. ${covers(broken)}`);
    }
  }
  return problems;
}
