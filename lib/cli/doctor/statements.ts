/**
 * What each statement of a trust policy trusts, read back from the policy JSON for reports: the
 * `sub` values (branches, tags, environments, pull requests) and the `job_workflow_ref` values.
 */
import type { PolicyDocument } from '../../iam/policy-evaluator';
import { describeContext, parseSubject } from './subject';

export interface TrustStatement {
  readonly index: number;
  readonly effect: string;
  /** Every `sub` value, whatever the operator. */
  readonly subs: readonly string[];
  /** Every `job_workflow_ref` value (empty when the workflow file is not pinned). */
  readonly workflowRefs: readonly string[];
  /** The claims its conditions check (the part of each condition key after the last ":"). */
  readonly claims: readonly string[];
}

function valuesOf(condition: unknown, claim: string): string[] {
  const values: string[] = [];
  for (const block of Object.values((condition ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const [key, value] of Object.entries(block ?? {})) {
      if (key.toLowerCase().endsWith(`:${claim}`)) values.push(...[value].flat().map(String));
    }
  }
  return values;
}

/** The statements of a policy with their `sub` and `job_workflow_ref` values, in order. */
export function trustStatements(policy: PolicyDocument): TrustStatement[] {
  const list = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]) as Array<
    Record<string, unknown>
  >;
  return list.map((s, index) => ({
    index,
    effect: String(s.Effect),
    subs: valuesOf(s.Condition, 'sub'),
    workflowRefs: valuesOf(s.Condition, 'job_workflow_ref'),
    claims: [
      ...new Set(
        Object.values((s.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap((block) =>
          Object.keys(block ?? {}).map((key) => key.slice(key.lastIndexOf(':') + 1).toLowerCase()),
        ),
      ),
    ],
  }));
}

/** `branch "develop", tag "v*"`: what a statement trusts, in words (each subject once). */
export function describeTrusted(statement: TrustStatement): string {
  const words = statement.subs.map((v) => {
    const p = parseSubject(v);
    return p ? describeContext(p.context) : JSON.stringify(v);
  });
  const unique = [...new Set(words)];
  return unique.length > 0 ? unique.join(', ') : 'any subject';
}
