/**
 * One file (≈560 lines) on purpose: one pipeline read top to bottom in marked sections
 * (the decision, then statements, condition operators, one statement, explanations).
 *
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
 * - Principal / NotPrincipal: `"*"` or `{ Federated | AWS | Service | CanonicalUser: … }`, exact.
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
 */
import { arnMatch, wildcardMatch } from './wildcard';

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

// ---------------------------------------------------------------------------------------------
// Statements

interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly action?: string[];
  readonly notAction?: string[];
  readonly resource?: string[];
  readonly notResource?: string[];
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly condition: ConditionEntry[];
}

/** `"*"`, or principal type → identifiers. */
type PrincipalSpec = '*' | Map<PrincipalType, string[]>;

interface ConditionEntry {
  readonly operatorName: string;
  readonly operator: ParsedOperator;
  readonly key: string;
  readonly values: string[];
}

const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['Federated', 'AWS', 'Service', 'CanonicalUser'];

function statementsOf(policy: PolicyDocument): Statement[] {
  if (policy === null || typeof policy !== 'object')
    throw new PolicyEvaluationError('a policy document must be an object');
  const raw = policy.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || list.some((s) => s === null || typeof s !== 'object' || Array.isArray(s))) {
    throw new PolicyEvaluationError('Statement must be an object or a non-empty list of objects');
  }
  return list.map((s, i) => parseStatement(s as Record<string, unknown>, i));
}

function parseStatement(s: Record<string, unknown>, index: number): Statement {
  const where = `Statement[${index}]`;
  for (const element of Object.keys(s)) {
    if (!STATEMENT_ELEMENTS.has(element)) throw new PolicyEvaluationError(`${where}: unknown element "${element}"`);
  }
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    throw new PolicyEvaluationError(`${where}: Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);
  }
  if ((s.Action === undefined) === (s.NotAction === undefined)) {
    throw new PolicyEvaluationError(`${where}: exactly one of Action and NotAction is required`);
  }
  if (s.Resource !== undefined && s.NotResource !== undefined) {
    throw new PolicyEvaluationError(`${where}: Resource and NotResource cannot both be present`);
  }
  if (s.Principal !== undefined && s.NotPrincipal !== undefined) {
    throw new PolicyEvaluationError(`${where}: Principal and NotPrincipal cannot both be present`);
  }
  return {
    sid: s.Sid === undefined ? undefined : String(s.Sid),
    effect: s.Effect,
    action: optionalList(s.Action, `${where}.Action`),
    notAction: optionalList(s.NotAction, `${where}.NotAction`),
    resource: optionalList(s.Resource, `${where}.Resource`, true),
    notResource: optionalList(s.NotResource, `${where}.NotResource`, true),
    principal: s.Principal === undefined ? undefined : parsePrincipal(s.Principal, `${where}.Principal`),
    notPrincipal: s.NotPrincipal === undefined ? undefined : parsePrincipal(s.NotPrincipal, `${where}.NotPrincipal`),
    condition: s.Condition === undefined ? [] : parseCondition(s.Condition, `${where}.Condition`),
  };
}

function optionalList(value: unknown, where: string, noVariables = false): string[] | undefined {
  if (value === undefined) return undefined;
  return stringList(value, where, noVariables);
}

/** A scalar or list of scalars, as strings. Objects (e.g. `{ "Ref": … }`) are refused. */
function stringList(value: unknown, where: string, noVariables: boolean): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new PolicyEvaluationError(
        `${where}: expected a string, got ${JSON.stringify(v)} (resolve CloudFormation intrinsics before evaluating)`,
      );
    }
    const text = String(v);
    if (noVariables && text.includes('${')) {
      throw new PolicyEvaluationError(
        `${where}: policy variables such as ${JSON.stringify(text)} are not supported by this evaluator`,
      );
    }
    return text;
  });
}

function parsePrincipal(value: unknown, where: string): PrincipalSpec {
  if (value === '*') return '*';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyEvaluationError(`${where}: expected "*" or an object such as { "Federated": "…" }`);
  }
  const spec = new Map<PrincipalType, string[]>();
  for (const [type, ids] of Object.entries(value as Record<string, unknown>)) {
    if (!PRINCIPAL_TYPES.includes(type as PrincipalType)) {
      throw new PolicyEvaluationError(`${where}: unknown principal type "${type}"`);
    }
    spec.set(type as PrincipalType, stringList(ids, `${where}.${type}`, true));
  }
  return spec;
}

function parseCondition(value: unknown, where: string): ConditionEntry[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyEvaluationError(`${where}: expected an object of operator → { key: value(s) }`);
  }
  const entries: ConditionEntry[] = [];
  for (const [operatorName, block] of Object.entries(value as Record<string, unknown>)) {
    const operator = parseOperator(operatorName, where);
    if (block === null || typeof block !== 'object' || Array.isArray(block)) {
      throw new PolicyEvaluationError(`${where}.${operatorName}: expected an object of condition key → value(s)`);
    }
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      const list = stringList(values, `${where}.${operatorName}.${key}`, true);
      if (operator.base.name === 'Null' && list.some((v) => v !== 'true' && v !== 'false')) {
        throw new PolicyEvaluationError(`${where}.Null.${key}: expected "true" or "false"`);
      }
      entries.push({ operatorName, operator, key, values: list });
    }
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Condition operators

interface BaseOperator {
  readonly name: string;
  /** Negated operators (StringNotEquals…): true when the value matches none of the policy's values. */
  readonly negated: boolean;
  /** Whether one request value matches one policy value (the positive sense). */
  readonly match: (policyValue: string, requestValue: string) => boolean;
}

interface ParsedOperator {
  readonly base: BaseOperator;
  readonly qualifier?: 'ForAnyValue' | 'ForAllValues';
  readonly ifExists: boolean;
}

const eq = (a: string, b: string) => a === b;
const eqIgnoreCase = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const like = (pattern: string, value: string) => wildcardMatch(pattern, value);

function numeric(compare: (request: number, policy: number) => boolean) {
  return (policyValue: string, requestValue: string) => {
    const p = Number(policyValue);
    if (policyValue.trim() === '' || Number.isNaN(p))
      throw new PolicyEvaluationError(`not a number in a Numeric condition: ${JSON.stringify(policyValue)}`);
    const r = Number(requestValue);
    return requestValue.trim() !== '' && !Number.isNaN(r) && compare(r, p);
  };
}

/** Dates as ISO 8601 or as epoch seconds, as IAM accepts them. */
function toEpochMillis(text: string): number {
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  return Date.parse(text);
}

function date(compare: (request: number, policy: number) => boolean) {
  return (policyValue: string, requestValue: string) => {
    const p = toEpochMillis(policyValue);
    if (Number.isNaN(p))
      throw new PolicyEvaluationError(`not a date in a Date condition: ${JSON.stringify(policyValue)}`);
    const r = toEpochMillis(requestValue);
    return !Number.isNaN(r) && compare(r, p);
  };
}

const BASE_OPERATORS: readonly BaseOperator[] = [
  { name: 'StringEquals', negated: false, match: eq },
  { name: 'StringNotEquals', negated: true, match: eq },
  { name: 'StringEqualsIgnoreCase', negated: false, match: eqIgnoreCase },
  { name: 'StringNotEqualsIgnoreCase', negated: true, match: eqIgnoreCase },
  { name: 'StringLike', negated: false, match: like },
  { name: 'StringNotLike', negated: true, match: like },
  { name: 'NumericEquals', negated: false, match: numeric((r, p) => r === p) },
  { name: 'NumericNotEquals', negated: true, match: numeric((r, p) => r === p) },
  { name: 'NumericLessThan', negated: false, match: numeric((r, p) => r < p) },
  { name: 'NumericLessThanEquals', negated: false, match: numeric((r, p) => r <= p) },
  { name: 'NumericGreaterThan', negated: false, match: numeric((r, p) => r > p) },
  { name: 'NumericGreaterThanEquals', negated: false, match: numeric((r, p) => r >= p) },
  { name: 'DateEquals', negated: false, match: date((r, p) => r === p) },
  { name: 'DateNotEquals', negated: true, match: date((r, p) => r === p) },
  { name: 'DateLessThan', negated: false, match: date((r, p) => r < p) },
  { name: 'DateLessThanEquals', negated: false, match: date((r, p) => r <= p) },
  { name: 'DateGreaterThan', negated: false, match: date((r, p) => r > p) },
  { name: 'DateGreaterThanEquals', negated: false, match: date((r, p) => r >= p) },
  { name: 'Bool', negated: false, match: eqIgnoreCase },
  { name: 'ArnEquals', negated: false, match: arnMatch },
  { name: 'ArnLike', negated: false, match: arnMatch },
  { name: 'ArnNotEquals', negated: true, match: arnMatch },
  { name: 'ArnNotLike', negated: true, match: arnMatch },
  // Null is handled on its own (it tests presence, not values); listed here so it parses.
  { name: 'Null', negated: false, match: () => false },
];

/** Real IAM operators this evaluator does not implement: named so the error says so. */
const UNIMPLEMENTED = new Set(['BinaryEquals', 'IpAddress', 'NotIpAddress']);

function parseOperator(name: string, where: string): ParsedOperator {
  let rest = name;
  let qualifier: ParsedOperator['qualifier'];
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const prefix = rest.slice(0, colon);
    if (prefix !== 'ForAnyValue' && prefix !== 'ForAllValues') {
      throw new PolicyEvaluationError(`${where}: unknown set qualifier in condition operator "${name}"`);
    }
    qualifier = prefix;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (UNIMPLEMENTED.has(rest)) {
    throw new PolicyEvaluationError(`${where}: condition operator "${name}" is not implemented by this evaluator`);
  }
  const base = BASE_OPERATORS.find((o) => o.name === rest);
  if (!base) throw new PolicyEvaluationError(`${where}: unknown condition operator "${name}"`);
  if (base.name === 'Null' && (ifExists || qualifier)) {
    throw new PolicyEvaluationError(
      `${where}: "${name}" is not a valid operator (Null takes no IfExists or set qualifier)`,
    );
  }
  return { base, qualifier, ifExists };
}

/** Context keys by lower-cased name; values as string lists. An empty list counts as absent. */
type NormalisedContext = ReadonlyMap<string, readonly string[]>;

function normaliseContext(context: Readonly<Record<string, ContextValue | undefined>>): NormalisedContext {
  const map = new Map<string, string[]>();
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    const list = (Array.isArray(value) ? value : [value]) as unknown[];
    for (const v of list) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw new PolicyEvaluationError(`request context "${key}": expected strings, numbers or booleans`);
      }
    }
    if (list.length === 0) continue;
    const lower = key.toLowerCase();
    if (map.has(lower))
      throw new PolicyEvaluationError(`request context names "${key}" twice (keys are case-insensitive)`);
    map.set(lower, list.map(String));
  }
  return map;
}

/** Whether one condition holds for the request. */
function conditionHolds(entry: ConditionEntry, context: NormalisedContext): boolean {
  const { base, qualifier, ifExists } = entry.operator;
  const requestValues = context.get(entry.key.toLowerCase());

  if (base.name === 'Null') {
    // "true": the key must be absent; "false": it must be present. Several values are ORed.
    return entry.values.some((v) => (v === 'true') === (requestValues === undefined));
  }
  if (requestValues === undefined) {
    if (ifExists) return true;
    if (qualifier === 'ForAllValues') return true; // vacuously: every one of no values matches
    if (qualifier === 'ForAnyValue') return false;
    return base.negated;
  }
  // One request value against the policy's values: ORed, or NORed for a negated operator.
  const single = (value: string): boolean => {
    const any = entry.values.some((p) => base.match(p, value));
    return base.negated ? !any : any;
  };
  if (qualifier === 'ForAnyValue') return requestValues.some(single);
  if (qualifier === 'ForAllValues') return requestValues.every(single);
  if (requestValues.length > 1) {
    throw new PolicyEvaluationError(
      `condition key "${entry.key}" has ${requestValues.length} values in the request but "${entry.operatorName}" takes one; use ForAnyValue: or ForAllValues:`,
    );
  }
  return single(requestValues[0]);
}

// ---------------------------------------------------------------------------------------------
// One statement

function evaluateStatement(
  s: Statement,
  index: number,
  request: RequestContext,
  context: NormalisedContext,
): StatementResult {
  const mismatches: StatementMismatch[] = [];

  if (s.principal !== undefined || s.notPrincipal !== undefined) {
    if (!request.principal) {
      throw new PolicyEvaluationError(`Statement[${index}] names a principal but the request names none`);
    }
    const p = request.principal;
    const requestValue = `${p.type}:${p.id}`;
    if (s.principal !== undefined && !principalMatches(s.principal, p.type, p.id)) {
      mismatches.push({ element: 'Principal', requestValue, policyValues: describePrincipal(s.principal) });
    }
    if (s.notPrincipal !== undefined && principalMatches(s.notPrincipal, p.type, p.id)) {
      mismatches.push({ element: 'NotPrincipal', requestValue, policyValues: describePrincipal(s.notPrincipal) });
    }
  }

  const actionMatches = (patterns: string[]) =>
    patterns.some((pattern) => wildcardMatch(pattern, request.action, true));
  if (s.action && !actionMatches(s.action)) {
    mismatches.push({ element: 'Action', requestValue: request.action, policyValues: s.action });
  }
  if (s.notAction && actionMatches(s.notAction)) {
    mismatches.push({ element: 'NotAction', requestValue: request.action, policyValues: s.notAction });
  }

  if (s.resource !== undefined || s.notResource !== undefined) {
    if (request.resource === undefined) {
      throw new PolicyEvaluationError(`Statement[${index}] names a resource but the request names none`);
    }
    const resource = request.resource;
    const resourceMatches = (patterns: string[]) => patterns.some((pattern) => wildcardMatch(pattern, resource));
    if (s.resource && !resourceMatches(s.resource)) {
      mismatches.push({ element: 'Resource', requestValue: resource, policyValues: s.resource });
    }
    if (s.notResource && resourceMatches(s.notResource)) {
      mismatches.push({ element: 'NotResource', requestValue: resource, policyValues: s.notResource });
    }
  }

  // Every condition is evaluated (not just up to the first failure) so that a caller can show all.
  for (const entry of s.condition) {
    if (conditionHolds(entry, context)) continue;
    const values = context.get(entry.key.toLowerCase());
    mismatches.push({
      element: 'Condition',
      operator: entry.operatorName,
      key: entry.key,
      requestValue: values === undefined ? 'absent' : values,
      policyValues: entry.values,
      negated: entry.operator.base.negated,
    });
  }

  return { index, sid: s.sid, effect: s.effect, applies: mismatches.length === 0, mismatches };
}

function principalMatches(spec: PrincipalSpec, type: PrincipalType, id: string): boolean {
  if (spec === '*') return true;
  // `{ "AWS": "*" }` stands for every principal, as `"*"` does.
  if (spec.get('AWS')?.includes('*')) return true;
  return spec.get(type)?.includes(id) ?? false;
}

function describePrincipal(spec: PrincipalSpec): string[] {
  if (spec === '*') return ['*'];
  return [...spec.entries()].flatMap(([type, ids]) => ids.map((id) => `${type}:${id}`));
}

// ---------------------------------------------------------------------------------------------
// Explanations

/** One line explaining a mismatch, e.g. for a CLI. */
export function describeMismatch(m: StatementMismatch): string {
  const list = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(' or ');
  if (m.element === 'Condition') {
    const had = m.requestValue === 'absent' ? 'the request has no such key' : `the request has ${list(m.requestValue)}`;
    const wants = m.negated
      ? `the policy refuses ${list(m.policyValues)}`
      : `the policy accepts ${list(m.policyValues)}`;
    return `${m.operator} ${m.key}: ${had}; ${wants}`;
  }
  const wants = m.element.startsWith('Not')
    ? `the statement excludes ${list(m.policyValues)}`
    : `the statement lists ${list(m.policyValues)}`;
  return `${m.element}: the request has ${JSON.stringify(m.requestValue)}; ${wants}`;
}

/** A short explanation of a decision: the outcome and, for a deny, why. */
export function explainDecision(d: Decision): string {
  switch (d.reason) {
    case 'explicit-allow':
      return `Allow: statement ${label(d.statement!)} applies`;
    case 'explicit-deny':
      return `Deny: statement ${label(d.statement!)} explicitly denies the request`;
    case 'implicit-deny':
      return d.firstFailure
        ? `Deny (no statement allows it): ${describeMismatch(d.firstFailure)}`
        : 'Deny: the policy has no Allow statement';
  }
}

function label(s: StatementResult): string {
  return s.sid ? `${s.index} (${s.sid})` : String(s.index);
}
