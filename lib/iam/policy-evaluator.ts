/**
 * An IAM policy evaluator for the policies this project synthesizes: the deploy role's trust
 * policy and its identity policy. It evaluates policy JSON the way AWS documents it and knows
 * nothing about how this project renders policies (it must not import the rendering code): a test
 * that evaluates the synthesized template with it checks what the policy *means*, not how it was
 * written.
 *
 * What it implements:
 * - Effect: an applicable `Deny` wins over everything; otherwise an applicable `Allow` allows;
 *   otherwise the request is denied by default.
 * - Action / NotAction with `*` and `?`, action names compared case-insensitively.
 * - Resource / NotResource with `*` and `?`, case-sensitive. Each `*` may span ":" and "/" (AWS
 *   lets a `*` that ends an ARN segment expand past the colon; spanning everywhere errs towards
 *   matching, which keeps "denied" assertions conservative).
 * - Principal / NotPrincipal: `"*"` or `{ Federated | AWS | Service | CanonicalUser: … }`, exact,
 *   except that in Principal an `"AWS"` account (root ARN or bare ID) stands for every principal of
 *   that account and a role ARN for the role's sessions too, as AWS documents (aws-principal.ts).
 * - Condition: operators ANDed, keys ANDed, values ORed (NOR for negated operators); condition key
 *   names case-insensitive; `…IfExists`; `ForAnyValue:` / `ForAllValues:`; `Null`.
 *   A key missing from the request makes a positive operator false and a negated one true
 *   (IfExists: true; ForAllValues: true; ForAnyValue: false).
 *
 * What it refuses (throws `PolicyEvaluationError`), so that nothing it cannot judge is ever
 * reported as allowed: unknown or unimplemented operators, policy variables (`${…}`), values that
 * are not plain strings, numbers or booleans (e.g. an unresolved CloudFormation `{ "Ref": … }`),
 * a statement naming a principal when the request names none (and the same for resources), and a
 * single-valued operator applied to a key that holds several values.
 *
 * This module makes the decision; the parts live beside it: policy-types.ts (what goes in and
 * out), policy-statements.ts (parsing), condition-operators.ts and conditions.ts (Condition),
 * statement-matching.ts (one statement against the request), aws-principal.ts (whom an "AWS"
 * principal stands for), explain-decision.ts (in words).
 */
import { normaliseContext } from './conditions';
import { Decision, PolicyDocument, RequestContext, StatementResult } from './policy-types';
import { statementsOf } from './policy-statements';
import { evaluateStatement } from './statement-matching';

export { describeMismatch, explainDecision } from './explain-decision';
export {
  type ConditionFailure,
  type ContextValue,
  type Decision,
  type Effect,
  type ElementMismatch,
  type PolicyDocument,
  PolicyEvaluationError,
  type PrincipalType,
  type RequestContext,
  type StatementMismatch,
  type StatementResult,
} from './policy-types';

/** Evaluates one policy document for one request. */
export function evaluatePolicy(policy: PolicyDocument, request: RequestContext): Decision {
  return evaluatePolicies([policy], request);
}

/**
 * Evaluates several policies that apply together (e.g. every identity policy of a role): a Deny in
 * any of them wins, an Allow in any of them allows. Statement indexes count across all policies.
 */
export function evaluatePolicies(policies: readonly PolicyDocument[], request: RequestContext): Decision {
  const context = normaliseContext(request.context ?? {});
  const statements = policies.flatMap((p) => statementsOf(p));
  const results = statements.map((s, index) => evaluateStatement(s, index, request, context));

  const deny = results.find((r) => r.effect === 'Deny' && r.applies);
  if (deny) return { decision: 'Deny', reason: 'explicit-deny', statement: deny, statements: results };
  const allow = results.find((r) => r.effect === 'Allow' && r.applies);
  if (allow) return { decision: 'Allow', reason: 'explicit-allow', statement: allow, statements: results };

  const closest = results
    .filter((r) => r.effect === 'Allow')
    .sort(
      (a, b) => elementMisses(a) - elementMisses(b) || a.mismatches.length - b.mismatches.length || a.index - b.index,
    )[0];
  return {
    decision: 'Deny',
    reason: 'implicit-deny',
    statement: closest,
    firstFailure: closest?.mismatches[0],
    statements: results,
  };
}

function elementMisses(r: StatementResult): number {
  return r.mismatches.filter((m) => m.element !== 'Condition').length;
}
