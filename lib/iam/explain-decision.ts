/** Decisions and mismatches in words, one line each (for the doctor and for test failures). */
import { Decision, StatementMismatch, StatementResult } from './policy-types';

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
