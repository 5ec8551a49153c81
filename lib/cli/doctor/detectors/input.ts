/**
 * What every detector reads: the decision, the token's claims, the settings, the failures of the
 * statement the deny is explained against, and the causes found before it.
 */
import type { GitHubOidcClaims } from '../../../iam/github-token';
import type { ConditionFailure, Decision, ElementMismatch, StatementMismatch } from '../../../iam/policy-evaluator';
import type { AppConfig } from '../../../stack/config';
import type { Cause } from '../cause';
import type { SettingsScope } from '../setting-change';
import type { StageUnderCheck } from '../stage';
import { claimOf } from '../explained-statement';
import { parseSubject, ParsedSubject } from '../subject';

export interface DiagnosisInput {
  /** An implicit or explicit deny. */
  readonly decision: Decision;
  readonly claims: GitHubOidcClaims;
  readonly config: AppConfig;
  /** Where those settings are written: every fix that changes one names it (setting-change.ts). */
  readonly scope: SettingsScope;
  /** Why the statement the deny is explained against does not apply (explainedStatement). */
  readonly failures: readonly StatementMismatch[];
  /** The causes the detectors before this one found, in order. */
  readonly found: readonly Cause[];
  /** The stage whose deploy role is checked (STAGE_DETECTORS); undefined for the push role. */
  readonly stage?: StageUnderCheck;
}

/** A detector: the causes of one kind it finds in a deny (usually none or one). */
export type Detector = (input: DiagnosisInput) => Cause[];

/** The Principal mismatch: the token's issuer is not the provider the role trusts. */
export function principalFailure(input: DiagnosisInput): ElementMismatch | undefined {
  return input.failures.find((m): m is ElementMismatch => m.element === 'Principal');
}

/**
 * The failing condition on `claim`. None when the Principal failed: every condition key is named
 * after the issuer, so with another issuer every condition fails too and the issuer is the one
 * thing to fix.
 */
export function failedCondition(input: DiagnosisInput, claim: string): ConditionFailure | undefined {
  if (principalFailure(input)) return undefined;
  return input.failures.find((m): m is ConditionFailure => m.element === 'Condition' && claimOf(m) === claim);
}

/** Whether the subject is refused: its `sub`, or its repository's ID claims. */
export function subjectFailed(input: DiagnosisInput): boolean {
  return ['sub', 'repository_id', 'repository_owner_id'].some((c) => failedCondition(input, c) !== undefined);
}

/** The token's `sub`, split into its parts; undefined when it is missing or not GitHub's shape. */
export function parsedSub(claims: GitHubOidcClaims): ParsedSubject | undefined {
  return typeof claims.sub === 'string' ? parseSubject(claims.sub) : undefined;
}

/** The repository the token comes from: from sub if it parses, else from the repository claims. */
export interface TokenRepository {
  readonly owner?: string;
  readonly name?: string;
  readonly ownerId?: string;
  readonly repositoryId?: string;
  /** `OWNER/REPO`. */
  readonly fullName: string;
  /** Whether owner and name are exactly the configured repository's. */
  readonly sameName: boolean;
}

/** The repository the token comes from, as its claims name it. */
export function tokenRepository(input: DiagnosisInput): TokenRepository {
  const { claims, config } = input;
  const sub = parsedSub(claims);
  const [claimOwner, claimName] = typeof claims.repository === 'string' ? claims.repository.split('/') : [];
  const owner = sub?.owner ?? (claims.repository_owner as string | undefined) ?? claimOwner;
  const name = sub?.repository ?? claimName;
  return {
    owner,
    name,
    ownerId: sub?.ownerId ?? (claims.repository_owner_id as string | undefined),
    repositoryId: sub?.repositoryId ?? (claims.repository_id as string | undefined),
    fullName: `${owner}/${name}`,
    sameName: owner === config.repository.owner && name === config.repository.name,
  };
}
