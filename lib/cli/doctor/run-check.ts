/**
 * The doctor's token mode (`--branch`, `--tag`, `--jwt`, …): one token evaluated against the trust
 * policy, with the statement that explains the decision, the causes of a deny and the notes.
 */
import type { AppConfig } from '../../stack/config';
import { STS_CONDITION_CLAIMS, stsRequestForToken, StsTarget } from '../../iam/github-token';
import { STS_AUDIENCE } from '../../stack/trust/trust-conditions';
import { Decision, evaluatePolicy, PolicyDocument, RequestContext } from '../../iam/policy-evaluator';
import { UsageError } from '../argv';
import { Cause, diagnose, diagnosisNotes, ExplainedStatement, explainedStatement } from './diagnose';
import { SettingsScope, TOP_LEVEL } from './setting-change';
import type { StageUnderCheck } from './stage';
import { TrustStatement, trustStatements } from './statements';
import type { DoctorToken } from './token';

/** What the doctor found out about one run: everything its reports show. */
export interface RunFindings {
  readonly token: DoctorToken;
  /** The request STS would evaluate for the token. */
  readonly request: RequestContext;
  readonly decision: Decision;
  /** The statement the decision is explained against. */
  readonly explained: ExplainedStatement | undefined;
  /** What each statement of the trust policy trusts. */
  readonly statements: readonly TrustStatement[];
  /** Why a deny happened, most fundamental first; empty for an allow. */
  readonly causes: readonly Cause[];
  readonly notes: readonly string[];
}

/**
 * Evaluates `token` against `trustPolicy` as STS would for `target`, and explains the decision
 * (with `stage`: the trust policy is that stage's deploy role's). The fixes change the settings
 * where `scope` says they are written (@default the top level).
 */
export function examineRun(input: {
  readonly token: DoctorToken;
  readonly trustPolicy: PolicyDocument;
  readonly target: StsTarget;
  readonly config: AppConfig;
  readonly stage?: StageUnderCheck;
  readonly scope?: SettingsScope;
}): RunFindings {
  const { token, trustPolicy, target, config, stage, scope = TOP_LEVEL } = input;
  refuseMultiValuedClaims(token);
  let request: RequestContext;
  try {
    request = stsRequestForToken(token.claims, target);
  } catch (err) {
    throw new UsageError((err as Error).message, { cause: err });
  }
  const decision = evaluatePolicy(trustPolicy, request);
  const statements = trustStatements(trustPolicy);
  return {
    token,
    request,
    decision,
    explained: explainedStatement(decision, token.claims),
    statements,
    causes: diagnose(decision, token.claims, config, stage, scope),
    notes: [...token.notes, ...absentClaimsNote(token, statements), ...diagnosisNotes(token.claims, config, stage)],
  };
}

/**
 * GitHub puts one value in each claim STS checks; a token (from --claims or --jwt) with several is
 * a token problem, and the advice is about the token, not about policy operators.
 */
function refuseMultiValuedClaims(token: DoctorToken): void {
  for (const claim of STS_CONDITION_CLAIMS) {
    const value: unknown = token.claims[claim];
    if (!Array.isArray(value) || value.length < 2) continue;
    const advice =
      claim === 'aud'
        ? `request the token for one audience, ${STS_AUDIENCE} (configure-aws-credentials does by default; core.getIDToken('${STS_AUDIENCE}') otherwise)`
        : 'check the token: GitHub sends one value in it';
    throw new UsageError(
      `the token's ${claim} has ${value.length} values (${value.map((v) => JSON.stringify(v)).join(', ')}), where GitHub's tokens for AWS have one: ${advice}`,
    );
  }
}

/** Claims the trust policy checks that the token does not have (STS sees them as absent). */
function absentClaimsNote(token: DoctorToken, statements: readonly TrustStatement[]): string[] {
  const checked = new Set(statements.flatMap((s) => s.claims));
  const missing = STS_CONDITION_CLAIMS.filter((c) => checked.has(c) && token.claims[c] === undefined);
  if (missing.length === 0) return [];
  const them = missing.length === 1 ? 'it' : 'them';
  const asIs =
    token.source === 'jwt' || token.source === 'claims-file'
      ? ' (the doctor fills in nothing for --jwt and --claims)'
      : '';
  return [
    `The token has no ${missing.join(', ')} claim${missing.length === 1 ? '' : 's'}: the trust policy checks ${them}, and STS sees ${them} as absent${asIs}.`,
  ];
}
