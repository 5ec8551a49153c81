/**
 * A statement's Condition element: parsed into (operator, key, values) entries, and each entry
 * judged against the request's context keys (names case-insensitive, a missing key handled as IAM
 * documents it for positive, negated, IfExists and set operators).
 */
import { parseOperator, ParsedOperator } from './condition-operators';
import { ContextValue, PolicyEvaluationError } from './policy-types';
import { stringList } from './policy-values';

/** One condition: an operator applied to one key with the policy's values. */
export interface ConditionEntry {
  readonly operatorName: string;
  readonly operator: ParsedOperator;
  readonly key: string;
  readonly values: string[];
}

/** Parses a Condition element; throws on anything the evaluator does not judge. */
export function parseCondition(value: unknown, where: string): ConditionEntry[] {
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

/** Context keys by lower-cased name; values as string lists. An empty list counts as absent. */
export type NormalisedContext = ReadonlyMap<string, readonly string[]>;

/** The request's context keys, checked and keyed by lower-cased name. */
export function normaliseContext(context: Readonly<Record<string, ContextValue | undefined>>): NormalisedContext {
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
export function conditionHolds(entry: ConditionEntry, context: NormalisedContext): boolean {
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
