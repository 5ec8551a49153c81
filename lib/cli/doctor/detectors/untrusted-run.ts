/**
 * What the detectors of an untrusted run share: the run's subject (the part of `sub` after the
 * repository), when no `sub` value the role trusts accepts it, and the runs the role does trust.
 */
import type { Decision } from '../../../iam/policy-evaluator';
import { wildcardMatch } from '../../../iam/wildcard';
import type { AppConfig } from '../../../stack/config';
import { claimOf } from '../explained-statement';
import { describeContext, parseSubject, ParsedSubject } from '../subject';
import { DiagnosisInput, failedCondition, parsedSub } from './input';

/** A `sub` value a statement accepts; `like` when its operator is StringLike (so `*` is a wildcard). */
interface TrustedSub {
  readonly value: string;
  readonly like: boolean;
}

/** A run whose subject the role does not trust. */
export interface UntrustedRun {
  readonly token: ParsedSubject;
  /** What the role trusts, in words: `branch "develop", tag "v*"`. */
  readonly trusted: string;
}

/** The `sub` values of every Allow statement whose sub condition failed (all of them, when none matched). */
function everyTrustedSub(decision: Decision): TrustedSub[] {
  const seen = new Set<string>();
  const subs: TrustedSub[] = [];
  for (const s of decision.statements) {
    if (s.effect !== 'Allow') continue;
    for (const m of s.mismatches) {
      if (m.element !== 'Condition' || claimOf(m) !== 'sub') continue;
      const like = m.operator.replace(/IfExists$/, '').endsWith('StringLike');
      for (const value of m.policyValues) {
        if (seen.has(`${like}:${value}`)) continue;
        seen.add(`${like}:${value}`);
        subs.push({ value, like });
      }
    }
  }
  return subs;
}

/** Whether the part of sub after the repository is one the policy accepts (for any repository). */
function contextAccepted(token: ParsedSubject, trustedSubs: readonly TrustedSub[]): boolean {
  return trustedSubs.some(({ value, like }) => {
    const accepted = parseSubject(value);
    if (!accepted) return false;
    return like ? wildcardMatch(accepted.contextText, token.contextText) : accepted.contextText === token.contextText;
  });
}

/** What the role trusts, in words: `branch "develop", tag "v*"`. */
export function trustedRuns(subs: readonly string[]): string {
  const contexts = subs.map((v) => parseSubject(v)).filter((p): p is ParsedSubject => p !== undefined);
  const words = [...new Set(contexts.map((p) => describeContext(p.context)))];
  return words.length > 0 ? words.join(', ') : subs.join(', ');
}

/**
 * The run, when its `sub` failed, is GitHub's shape, and names a branch, tag, environment or pull
 * request that no trusted `sub` accepts (for any repository); else undefined.
 */
export function untrustedRun(input: DiagnosisInput): UntrustedRun | undefined {
  const token = parsedSub(input.claims);
  if (!failedCondition(input, 'sub') || !token) return undefined;
  // No statement's sub matches (or the explained one would be it): every sub the role trusts.
  const trustedSubs = everyTrustedSub(input.decision);
  if (contextAccepted(token, trustedSubs)) return undefined;
  return { token, trusted: trustedRuns(trustedSubs.map((t) => t.value)) };
}

/** The configured patterns of one kind of subject. */
export function patterns(config: AppConfig, kind: 'branch' | 'tag' | 'environment'): string[] {
  return config.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
}

/** The tag pattern to suggest beside a refused tag: its text before the first digit, then `*` (`v1.2.0` → `v*`). */
export function suggestedTagPattern(tag: string): string {
  return `${tag.replace(/[0-9].*$/, '') || tag}*`;
}
