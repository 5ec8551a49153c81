/**
 * Which statement of the trust policy a decision is explained against. A trust policy may hold
 * several Allow statements (one per kind of subject when `workflowFile` is set), and a token is
 * allowed when any one of them applies. A deny is explained against one statement: the one whose
 * `sub` matches the run if there is one (so what fails there is the real reason), else the one for
 * the same kind of subject, else the closest.
 */
import type { GitHubOidcClaims } from '../../iam/github-token';
import type { Decision, StatementMismatch, StatementResult } from '../../iam/policy-evaluator';
import { parseSubject, SubjectContext } from './subject';

/** How the statement a report is about was chosen. */
export type StatementChoice =
  /** It allows the run. */
  | 'allows'
  /** It explicitly denies the run. */
  | 'denies'
  /** Its `sub` condition holds for the run: another of its conditions refuses it. */
  | 'sub-matches'
  /** No statement's `sub` matches; this one trusts the same kind of subject as the run's. */
  | 'same-kind'
  /** No statement's `sub` matches and none trusts this kind of subject: the evaluator's closest. */
  | 'closest';

export interface ExplainedStatement {
  readonly statement: StatementResult;
  readonly choice: StatementChoice;
  /** How many Allow statements the policy has (statements are ORed). */
  readonly allowStatements: number;
}

/** The claim a condition checks (the part of its key after the last ":"), lower case. */
export function claimOf(m: StatementMismatch): string | undefined {
  return m.element === 'Condition' ? m.key.slice(m.key.lastIndexOf(':') + 1).toLowerCase() : undefined;
}

/** What kind of subject a `sub` context is, to pair a run with the statement for its kind. */
function subjectKind(c: SubjectContext): string {
  if (c.kind === 'ref') return c.ref.startsWith('refs/tags/') || c.ref.startsWith('refs/heads/') ? 'ref' : 'other-ref';
  return c.kind;
}

/**
 * The statement a decision is best explained by: for an allow, the statement that allows; for an
 * implicit deny, the statement whose `sub` holds if any (fewest failures first), else one that
 * trusts the same kind of subject (branch/tag, environment, pull request), else the evaluator's
 * closest statement.
 */
export function explainedStatement(decision: Decision, claims: GitHubOidcClaims): ExplainedStatement | undefined {
  const allows = decision.statements.filter((s) => s.effect === 'Allow');
  const result = (statement: StatementResult | undefined, choice: StatementChoice) =>
    statement ? { statement, choice, allowStatements: allows.length } : undefined;
  if (decision.reason === 'explicit-allow') return result(decision.statement, 'allows');
  if (decision.reason === 'explicit-deny') return result(decision.statement, 'denies');

  const byFailures = (a: StatementResult, b: StatementResult) =>
    a.mismatches.length - b.mismatches.length || a.index - b.index;
  const reachable = allows.filter((s) => s.mismatches.every((m) => m.element === 'Condition'));
  const subHolds = reachable.filter((s) => !s.mismatches.some((m) => claimOf(m) === 'sub')).sort(byFailures);
  if (subHolds.length > 0) return result(subHolds[0], 'sub-matches');

  const token = typeof claims.sub === 'string' ? parseSubject(claims.sub) : undefined;
  if (!token) return result(decision.statement, 'closest');
  const kind = subjectKind(token.context);
  const trustsKind = (m: StatementMismatch) =>
    m.element === 'Condition' &&
    claimOf(m) === 'sub' &&
    m.policyValues.some((v) => {
      const p = parseSubject(v);
      return p !== undefined && subjectKind(p.context) === kind;
    });
  const sameKind = reachable.filter((s) => s.mismatches.some(trustsKind)).sort(byFailures);
  return sameKind.length > 0 ? result(sameKind[0], 'same-kind') : result(decision.statement, 'closest');
}
