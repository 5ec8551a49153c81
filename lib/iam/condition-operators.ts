/**
 * IAM condition operators: String…, Numeric…, Date…, Bool, Arn… and Null, each with its match on
 * one policy value and one request value, and the parsing of `ForAnyValue:` / `ForAllValues:` and
 * `…IfExists` around them.
 */
import { PolicyEvaluationError } from './policy-types';
import { arnMatch, wildcardMatch } from './wildcard';

export interface BaseOperator {
  readonly name: string;
  /** Negated operators (StringNotEquals…): true when the value matches none of the policy's values. */
  readonly negated: boolean;
  /** Whether one request value matches one policy value (the positive sense). */
  readonly match: (policyValue: string, requestValue: string) => boolean;
}

/** A condition operator as written: its base operator, set qualifier and IfExists. */
export interface ParsedOperator {
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

/** Parses an operator name such as `ForAnyValue:StringLikeIfExists`; throws on unknown or unimplemented ones. */
export function parseOperator(name: string, where: string): ParsedOperator {
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
