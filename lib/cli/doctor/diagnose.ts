/**
 * Turns "the trust policy denies this token" into the usual cause, by name, and the fix in this
 * project's terms (which setting to change, or which workflow change to make).
 *
 * The evaluator says *which* condition failed; the detectors (detectors/, one kind of cause each)
 * read the token and the settings to say *why*: a look-alike or differently spelt repository, a
 * `sub` in the other format, an environment or pull-request subject where a branch was expected,
 * a branch that is simply not listed, a wrong audience, another issuer, another workflow file.
 */
import type { GitHubOidcClaims } from '../../iam/github-token';
import type { Decision } from '../../iam/policy-evaluator';
import type { AppConfig } from '../../stack/config';
import type { Cause } from './cause';
import { DETECTORS, STAGE_DETECTORS } from './detectors';
import { explainedStatement } from './explained-statement';
import { SettingsScope, TOP_LEVEL } from './setting-change';
import type { StageUnderCheck } from './stage';

export type { Cause, CauseId } from './cause';
export type { ExplainedStatement, StatementChoice } from './explained-statement';
export { explainedStatement } from './explained-statement';
export { diagnosisNotes } from './diagnosis-notes';

/**
 * The causes of a deny, most fundamental first; empty for an allow. With `stage`, the role is that
 * stage's deploy role, and the fixes speak of its settings (STAGE_DETECTORS). A fix that changes a
 * setting changes it where `scope` says the role's settings are written (the top level, or with
 * `repositories` the checked repository's entry).
 */
export function diagnose(
  decision: Decision,
  claims: GitHubOidcClaims,
  config: AppConfig,
  stage?: StageUnderCheck,
  scope: SettingsScope = TOP_LEVEL,
): Cause[] {
  if (decision.decision === 'Allow') return [];
  const failures = explainedStatement(decision, claims)?.statement.mismatches ?? [];
  const found: Cause[] = [];
  for (const detect of stage ? STAGE_DETECTORS : DETECTORS) {
    found.push(...detect({ decision, claims, config, scope, failures, found, stage }));
  }
  return found;
}
