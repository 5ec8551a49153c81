/**
 * The IAM policy evaluator's vocabulary: the policy and request it takes, the decision it returns
 * with each statement's mismatches, and the error it throws for what it does not judge.
 */
export type Effect = 'Allow' | 'Deny';

/** A policy document as JSON (parsed, with CloudFormation intrinsics already resolved). */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Id?: string;
  readonly Statement: unknown;
}

/** A value in the request context: a single value, or a list for a multivalued key. */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

export type PrincipalType = 'Federated' | 'AWS' | 'Service' | 'CanonicalUser';

/** What is being asked: who (for resource and trust policies), which action, on what, and the context keys. */
export interface RequestContext {
  readonly action: string;
  /** The resource ARN (or `*` for actions that support no resource). Absent for trust policies. */
  readonly resource?: string;
  /** The principal making the request. Required when a statement names a principal. */
  readonly principal?: { readonly type: PrincipalType; readonly id: string };
  /** Condition context keys; names are matched case-insensitively. */
  readonly context?: Readonly<Record<string, ContextValue | undefined>>;
}

/** One condition (operator, key) that does not hold for the request. */
export interface ConditionFailure {
  readonly element: 'Condition';
  /** The operator as written in the policy, e.g. `StringLike` or `ForAnyValue:StringEquals`. */
  readonly operator: string;
  /** The condition key as written in the policy. */
  readonly key: string;
  /** The request's value(s) for the key, or "absent". */
  readonly requestValue: readonly string[] | 'absent';
  /** The values the policy lists for the key (the ones it accepts, or for a negated operator, rejects). */
  readonly policyValues: readonly string[];
  /** True for StringNotEquals, StringNotLike, …: `policyValues` are the refused ones. */
  readonly negated: boolean;
}

/** An element other than Condition that keeps a statement from applying. */
export interface ElementMismatch {
  readonly element: 'Principal' | 'NotPrincipal' | 'Action' | 'NotAction' | 'Resource' | 'NotResource';
  /** The request's principal, action or resource. */
  readonly requestValue: string;
  /** What the statement lists for that element. */
  readonly policyValues: readonly string[];
}

export type StatementMismatch = ConditionFailure | ElementMismatch;

/** How one statement relates to the request. */
export interface StatementResult {
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** True when every element (principal, action, resource, every condition) matches. */
  readonly applies: boolean;
  /** Why it does not apply, in the order principal, action, resource, then conditions as written. */
  readonly mismatches: readonly StatementMismatch[];
}

export interface Decision {
  readonly decision: Effect;
  readonly reason: 'explicit-allow' | 'explicit-deny' | 'implicit-deny';
  /**
   * The statement that decided: the applicable Deny or Allow; for an implicit deny, the Allow
   * statement that came closest (fewest mismatches outside conditions, then fewest in total).
   */
  readonly statement?: StatementResult;
  /** For an implicit deny: the first reason the closest Allow statement does not apply. */
  readonly firstFailure?: StatementMismatch;
  readonly statements: readonly StatementResult[];
}

/** The policy (or the request) uses something this evaluator does not judge. */
export class PolicyEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyEvaluationError';
  }
}
