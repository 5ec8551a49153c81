/**
 * How one parsed statement relates to a request: principal, action, resource and every condition,
 * with each mismatch recorded (not only the first) so that a caller can show them all.
 */
import { awsPrincipalMatches } from './aws-principal';
import { conditionHolds, NormalisedContext } from './conditions';
import {
  PolicyEvaluationError,
  PrincipalType,
  RequestContext,
  StatementMismatch,
  StatementResult,
} from './policy-types';
import { PrincipalSpec, Statement } from './policy-statements';
import { wildcardMatch } from './wildcard';

/** Evaluates statement number `index` for the request. */
export function evaluateStatement(
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
    if (s.principal !== undefined && !principalMatches(s.principal, p.type, p.id, 'Principal')) {
      mismatches.push({ element: 'Principal', requestValue, policyValues: describePrincipal(s.principal) });
    }
    if (s.notPrincipal !== undefined && principalMatches(s.notPrincipal, p.type, p.id, 'NotPrincipal')) {
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

/**
 * In Principal, an `"AWS"` account stands for every principal of that account and a role for its
 * sessions too (aws-principal.ts). NotPrincipal compares exactly: AWS excludes a caller there only
 * when its account (and role) are listed as well, so an account does not stand for its principals
 * ("AWS JSON policy elements: NotPrincipal"). A session or user listed there without its account
 * is still taken as excluded, which errs towards Allow and keeps "denied" assertions conservative.
 */
function principalMatches(
  spec: PrincipalSpec,
  type: PrincipalType,
  id: string,
  element: 'Principal' | 'NotPrincipal',
): boolean {
  if (spec === '*') return true;
  // `{ "AWS": "*" }` stands for every principal, as `"*"` does.
  if (spec.get('AWS')?.includes('*')) return true;
  const listed = spec.get(type) ?? [];
  if (element === 'Principal' && type === 'AWS') return listed.some((value) => awsPrincipalMatches(value, id));
  return listed.includes(id);
}

function describePrincipal(spec: PrincipalSpec): string[] {
  if (spec === '*') return ['*'];
  return [...spec.entries()].flatMap(([type, ids]) => ids.map((id) => `${type}:${id}`));
}
