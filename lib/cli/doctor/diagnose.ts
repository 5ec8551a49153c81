/**
 * Turns "the trust policy denies this token" into the usual cause, by name, and the fix in this
 * project's terms (which setting to change, or which workflow change to make).
 *
 * The evaluator says *which* condition failed; this module reads the token and the settings to
 * say *why*: a look-alike or differently spelt repository, a `sub` in the other format, an
 * environment or pull-request subject where a branch was expected, a branch that is simply not
 * listed, a wrong audience, another issuer, another workflow file.
 *
 * A trust policy may hold several Allow statements (one per kind of subject when `workflowFile` is
 * set), and a token is allowed when any one of them applies. A deny is explained against one
 * statement: the one whose `sub` matches the run if there is one (so what fails there is the real
 * reason), else the one for the same kind of subject, else the closest.
 */
import type { AppConfig } from '../../stack/config';
import type { GitHubOidcClaims } from '../../iam/github-token';
import { providerNameOf } from '../../iam/github-token';
import {
  ConditionFailure,
  Decision,
  describeMismatch,
  StatementMismatch,
  StatementResult,
} from '../../iam/policy-evaluator';
import { wildcardMatch } from '../../iam/wildcard';
import { contextFlag } from '../shell';
import { describeContext, parseSubject, ParsedSubject, SubjectContext } from './subject';

export type CauseId =
  | 'explicit-deny'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'repository-case-mismatch'
  | 'other-repository'
  | 'repository-ids-differ'
  | 'immutable-sub-without-ids'
  | 'environment-subject'
  | 'pull-request'
  | 'branch-not-allowed'
  | 'tag-not-allowed'
  | 'workflow-file'
  | 'unrecognised';

export interface Cause {
  readonly id: CauseId;
  /** What is wrong, in one or two sentences. */
  readonly message: string;
  /** What to do about it: alternatives, best first. */
  readonly fix: readonly string[];
}

const DEPLOY = 'then deploy (npx cdk deploy with the same settings)';

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

const claimOf = (m: StatementMismatch): string | undefined =>
  m.element === 'Condition' ? m.key.slice(m.key.lastIndexOf(':') + 1).toLowerCase() : undefined;

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
  if (token) {
    const kind = subjectKind(token.context);
    const sameKind = reachable
      .filter((s) =>
        s.mismatches.some(
          (m) =>
            m.element === 'Condition' &&
            claimOf(m) === 'sub' &&
            m.policyValues.some((v) => {
              const p = parseSubject(v);
              return p !== undefined && subjectKind(p.context) === kind;
            }),
        ),
      )
      .sort(byFailures);
    if (sameKind.length > 0) return result(sameKind[0], 'same-kind');
  }
  return result(decision.statement, 'closest');
}

/** The causes of a deny, most fundamental first; empty for an allow. */
export function diagnose(decision: Decision, claims: GitHubOidcClaims, config: AppConfig): Cause[] {
  if (decision.decision === 'Allow') return [];
  if (decision.reason === 'explicit-deny') {
    return [
      {
        id: 'explicit-deny',
        message: `Statement ${decision.statement?.index} of the trust policy explicitly denies this token.`,
        fix: [],
      },
    ];
  }
  const failures = explainedStatement(decision, claims)?.statement.mismatches ?? [];
  const causes: Cause[] = [];

  const principal = failures.find((m) => m.element === 'Principal');
  if (principal) {
    // Every condition key is named after the issuer, so with another issuer every condition fails
    // too: the issuer is the one thing to fix.
    return [wrongIssuer(claims, config, principal.policyValues)];
  }

  const failed = (claim: string) =>
    failures.find((m): m is ConditionFailure => m.element === 'Condition' && claimOf(m) === claim);

  const aud = failed('aud');
  if (aud) causes.push(wrongAudience(claims, aud));

  const sub = failed('sub');
  const repositoryId = failed('repository_id');
  const ownerId = failed('repository_owner_id');
  if (sub || repositoryId || ownerId) {
    // No statement's sub matches (or this one would have been chosen): every sub the role trusts.
    const trustedSubs = sub ? everyTrustedSub(decision) : [];
    causes.push(...subjectCauses(claims, config, sub, trustedSubs, Boolean(repositoryId || ownerId)));
  }

  const workflow = failed('job_workflow_ref');
  if (workflow) {
    const cause = workflowFile(claims, config, workflow, sub !== undefined);
    if (cause) causes.push(cause);
  }

  const explained = new Set(['aud', 'sub', 'repository_id', 'repository_owner_id', 'job_workflow_ref']);
  for (const m of failures) {
    if (explained.has(claimOf(m) ?? '')) continue;
    causes.push({ id: 'unrecognised', message: `The trust policy refuses it: ${describeMismatch(m)}.`, fix: [] });
  }
  if (causes.length === 0) {
    causes.push({
      id: 'unrecognised',
      message: 'No condition of the trust policy names a cause this doctor knows.',
      fix: [],
    });
  }
  return causes;
}

/** A `sub` value a statement accepts; `like` when its operator is StringLike (so `*` is a wildcard). */
interface TrustedSub {
  readonly value: string;
  readonly like: boolean;
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

/**
 * Things worth knowing about a token whatever the decision: today, that a repository still sends
 * name-form subjects while the role pins its IDs (allowed, and why that is safe).
 */
export function diagnosisNotes(claims: GitHubOidcClaims, config: AppConfig): string[] {
  const notes: string[] = [];
  const repo = config.repository;
  const parsed = typeof claims.sub === 'string' ? parseSubject(claims.sub) : undefined;
  if (
    repo.usesImmutableIds &&
    parsed &&
    !parsed.immutable &&
    parsed.owner === repo.owner &&
    parsed.repository === repo.name &&
    String(claims.repository_id) === repo.repositoryId &&
    String(claims.repository_owner_id) === repo.ownerId
  ) {
    notes.push(
      `The token's sub is in the name form (repo:${repo.fullName}:…): the repository has not switched to GitHub's immutable subject claims (repo:OWNER@ID/REPO@ID:…). ` +
        `The role accepts both forms because it also requires repository_id ${repo.repositoryId} and repository_owner_id ${repo.ownerId}, ` +
        'which a repository or organisation re-created under the same name cannot carry.',
    );
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------

function wrongIssuer(claims: GitHubOidcClaims, config: AppConfig, trusted: readonly string[]): Cause {
  const iss = String(claims.iss);
  const host = providerNameOf(iss);
  const trustedList = trusted.map((t) => t.replace(/^Federated:/, '')).join(', ');
  if (host !== config.issuerHost) {
    return {
      id: 'wrong-issuer',
      message: `The token was issued by ${iss}, but the role trusts the OIDC provider for ${config.issuerHost} (${trustedList}).`,
      fix: [
        host.endsWith('.ghe.com') || host === 'token.actions.githubusercontent.com'
          ? `If this stack is for workflows whose tokens come from ${iss}, set the issuer: ${contextFlag('githubOidcHost', host)} (or in cdk.json), ${DEPLOY}.`
          : `${host} is not a GitHub Actions issuer: the token does not come from a GitHub Actions run.`,
      ],
    };
  }
  return {
    id: 'wrong-issuer',
    message: `The role trusts ${trustedList}, which is not the provider STS finds for ${iss} in the role's account.`,
    fix: [
      `STS looks the issuer up in the role's own account: use createOidcProvider=true (or false to import this account's provider) instead of an oidcProviderArn from another account, ${DEPLOY}.`,
    ],
  };
}

function wrongAudience(claims: GitHubOidcClaims, aud: ConditionFailure): Cause {
  const had =
    aud.requestValue === 'absent'
      ? 'no audience'
      : `audience ${aud.requestValue.map((v) => JSON.stringify(v)).join(', ')}`;
  return {
    id: 'wrong-audience',
    message: `The token has ${had}; the role accepts only ${aud.policyValues.map((v) => JSON.stringify(v)).join(' or ')} (AWS says "Incorrect token audience").`,
    fix: [
      'In the workflow, let aws-actions/configure-aws-credentials request its default audience: remove "audience:" from its "with:" (or set it to sts.amazonaws.com).',
      ...(claims.aud === undefined
        ? []
        : ['A token requested some other way (e.g. core.getIDToken()) must ask for the audience sts.amazonaws.com.']),
    ],
  };
}

/** The repository the token comes from: from sub if it parses, else from the repository claims. */
function tokenRepository(claims: GitHubOidcClaims, sub: ParsedSubject | undefined) {
  const [claimOwner, claimName] = typeof claims.repository === 'string' ? claims.repository.split('/') : [];
  return {
    owner: sub?.owner ?? (claims.repository_owner as string | undefined) ?? claimOwner,
    name: sub?.repository ?? claimName,
    ownerId: sub?.ownerId ?? (claims.repository_owner_id as string | undefined),
    repositoryId: sub?.repositoryId ?? (claims.repository_id as string | undefined),
  };
}

function subjectCauses(
  claims: GitHubOidcClaims,
  config: AppConfig,
  subFailure: ConditionFailure | undefined,
  trustedSubs: readonly TrustedSub[],
  idClaimsFailed: boolean,
): Cause[] {
  const causes: Cause[] = [];
  const repo = config.repository;
  const parsed = typeof claims.sub === 'string' ? parseSubject(claims.sub) : undefined;
  const token = tokenRepository(claims, parsed);
  const tokenFull = `${token.owner}/${token.name}`;
  const ownerIs = token.owner === repo.owner;
  const nameIs = token.name === repo.name;

  if (token.owner === undefined || token.name === undefined) {
    // Nothing to compare: say what failed.
  } else if (!ownerIs || !nameIs) {
    const sameIgnoringCase =
      token.owner.toLowerCase() === repo.owner.toLowerCase() && token.name.toLowerCase() === repo.name.toLowerCase();
    if (sameIgnoringCase) {
      const flags = [
        ...(ownerIs ? [] : [contextFlag('githubOwner', token.owner)]),
        ...(nameIs ? [] : [contextFlag('githubRepository', token.name)]),
      ].join(' ');
      causes.push({
        id: 'repository-case-mismatch',
        message: `The token comes from "${tokenFull}" but the role is set up for "${repo.fullName}": GitHub sends the names exactly as spelt on GitHub, and sub matching is case-sensitive.`,
        fix: [`Write the names exactly as GitHub shows them: ${flags} (or in cdk.json), ${DEPLOY}.`],
      });
    } else {
      const idFlags =
        repo.usesImmutableIds && token.ownerId && token.repositoryId
          ? ` ${contextFlag('githubOwnerId', token.ownerId)} ${contextFlag('githubRepositoryId', token.repositoryId)}`
          : '';
      causes.push({
        id: 'other-repository',
        message: `The token is from another repository, ${tokenFull}; the role trusts only runs of ${repo.fullName}.`,
        fix: [
          `Run the workflow in ${repo.fullName},`,
          `or, if the stack should serve ${tokenFull}, set ${contextFlag('githubOwner', token.owner)} ${contextFlag('githubRepository', token.name)}${idFlags} (or in cdk.json), ${DEPLOY}.`,
        ],
      });
    }
  } else if (repo.usesImmutableIds) {
    // The IDs can be wrong in sub, in the ID claims, or (in a forged or hand-made token) in only
    // one of them: name every one that differs.
    const differences: string[] = [];
    if (parsed?.immutable && (parsed.ownerId !== repo.ownerId || parsed.repositoryId !== repo.repositoryId)) {
      differences.push(`its sub names owner ID ${parsed.ownerId} and repository ID ${parsed.repositoryId}`);
    }
    const claimOwnerId = claims.repository_owner_id === undefined ? undefined : String(claims.repository_owner_id);
    const claimRepositoryId = claims.repository_id === undefined ? undefined : String(claims.repository_id);
    if (claimOwnerId !== repo.ownerId)
      differences.push(`its repository_owner_id claim is ${claimOwnerId ?? '(absent)'}`);
    if (claimRepositoryId !== repo.repositoryId)
      differences.push(`its repository_id claim is ${claimRepositoryId ?? '(absent)'}`);
    const subIdsDiffer =
      parsed?.immutable === true && (parsed.ownerId !== repo.ownerId || parsed.repositoryId !== repo.repositoryId);
    const claimsOnlyAbsent =
      !subIdsDiffer &&
      (claimOwnerId === undefined || claimOwnerId === repo.ownerId) &&
      (claimRepositoryId === undefined || claimRepositoryId === repo.repositoryId) &&
      (claimOwnerId === undefined || claimRepositoryId === undefined);
    if (claimsOnlyAbsent) {
      causes.push({
        id: 'repository-ids-differ',
        message:
          `The token is from a repository named ${tokenFull}, but ${differences.join(' and ')}, while the role requires owner ID ${repo.ownerId} and repository ID ${repo.repositoryId}. ` +
          'GitHub puts both ID claims in every Actions token, so STS refuses a token without them: this one was not issued that way, or was edited.',
        fix: ['Check the token exactly as the job received it (--jwt with the raw token).'],
      });
    } else if (differences.length > 0 || idClaimsFailed) {
      const newOwnerId = claimOwnerId ?? parsed?.ownerId ?? 'OWNER_ID';
      const newRepositoryId = claimRepositoryId ?? parsed?.repositoryId ?? 'REPO_ID';
      causes.push({
        id: 'repository-ids-differ',
        message:
          `The token is from a repository named ${tokenFull}, but ${differences.join(' and ') || 'its IDs differ'}, ` +
          `while the role requires owner ID ${repo.ownerId} and repository ID ${repo.repositoryId}. Either the name now belongs to someone else ` +
          '(a deleted repository or organisation whose name was taken again: what the IDs guard against), or your repository was re-created or transferred.',
        fix: [
          `Check the IDs: gh api repos/${tokenFull} --jq '.owner.id, .id'. Only if that repository is yours, set ${contextFlag('githubOwnerId', newOwnerId)} ${contextFlag('githubRepositoryId', newRepositoryId)} (or in cdk.json), ${DEPLOY}.`,
        ],
      });
    }
  } else if (parsed?.immutable) {
    causes.push({
      id: 'immutable-sub-without-ids',
      message:
        "The token's sub is in GitHub's immutable-ID format (repo:OWNER@ID/REPO@ID:…, sent since 2026-07-15 for repositories created, renamed or transferred since then, and for those that opted in), " +
        'but the role matches the name format because githubOwnerId and githubRepositoryId are not set.',
      fix: [
        `Set the IDs this token carries: ${contextFlag('githubOwnerId', parsed.ownerId!)} ${contextFlag('githubRepositoryId', parsed.repositoryId!)} (or in cdk.json; confirm with gh api repos/${tokenFull} --jq '.owner.id, .id'), ${DEPLOY}.`,
      ],
    });
  }

  if (subFailure && parsed && !contextAccepted(parsed, trustedSubs)) {
    causes.push(contextCause(parsed, config, trustedSubs));
  }
  if (subFailure && !parsed && causes.length === 0) {
    causes.push({
      id: 'unrecognised',
      message:
        claims.sub === undefined
          ? 'The token has no sub claim.'
          : `The token's sub ${JSON.stringify(claims.sub)} is not in a form GitHub Actions sends (repo:OWNER/REPO:…); ${describeMismatch(subFailure)}.`,
      fix: [],
    });
  }
  return causes;
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

function patterns(config: AppConfig, kind: 'branch' | 'tag' | 'environment'): string[] {
  return config.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
}

function contextCause(token: ParsedSubject, config: AppConfig, trustedSubs: readonly TrustedSub[]): Cause {
  const c = token.context;
  const trusted = trustedRuns(trustedSubs.map((t) => t.value));
  switch (c.kind) {
    case 'environment': {
      const envs = patterns(config, 'environment');
      const add = `add it to allowedEnvironments: ${contextFlag('allowedEnvironments', [...envs, c.environment])} (or in cdk.json), ${DEPLOY}`;
      if (envs.length === 0) {
        return {
          id: 'environment-subject',
          message:
            `The job names environment "${c.environment}", so GitHub puts "environment:${c.environment}" in sub instead of the branch ` +
            `(an environment replaces the ref in sub); the role trusts ${trusted}, and no environment.`,
          fix: [
            'Remove "environment:" from the job that assumes the role, so that sub names its branch again,',
            `or trust the environment — ${add} — and let its protection rules decide which branches may deploy.`,
          ],
        };
      }
      return {
        id: 'environment-subject',
        message: `Environment "${c.environment}" is not in allowedEnvironments (${JSON.stringify(envs)}); the role trusts ${trusted}.`,
        fix: [`To trust it, ${add};`, 'or run the job in one of the trusted environments.'],
      };
    }
    case 'pull_request':
      return {
        id: 'pull-request',
        message: `This is a pull-request run: GitHub sends sub "…:pull_request", which names no branch, and the role does not trust pull requests (allowPullRequests is not set); it trusts ${trusted}.`,
        fix: [
          "Assume the role only for pushes: drop the pull_request trigger from the deploy workflow, or guard the job with if: github.event_name == 'push',",
          `or, to let pull-request runs push images (from any branch of the repository), set ${contextFlag('allowPullRequests', 'true')} (or in cdk.json), ${DEPLOY}.`,
        ],
      };
    case 'ref': {
      const branch = c.ref.startsWith('refs/heads/') ? c.ref.slice('refs/heads/'.length) : undefined;
      const tag = c.ref.startsWith('refs/tags/') ? c.ref.slice('refs/tags/'.length) : undefined;
      if (branch !== undefined) {
        const branches = patterns(config, 'branch');
        return {
          id: 'branch-not-allowed',
          message: `Branch "${branch}" is not in allowedBranches (${JSON.stringify(branches)}); the role trusts ${trusted}.`,
          fix: [
            `Add "${branch}" to allowedBranches: ${contextFlag('allowedBranches', [...branches, branch])} (or in cdk.json), ${DEPLOY};`,
            `or run the workflow on a trusted branch${branches.length > 0 ? ` (${branches.join(', ')})` : ''}.`,
          ],
        };
      }
      if (tag !== undefined) {
        const tags = patterns(config, 'tag');
        return {
          id: 'tag-not-allowed',
          message: `Tag "${tag}" is not in allowedTags (${JSON.stringify(tags)}); the role trusts ${trusted}.`,
          fix: [
            `Add "${tag}" (or a pattern such as "${tag.replace(/[0-9].*$/, '') || tag}*") to allowedTags: ${contextFlag('allowedTags', [...tags, tag])} (or in cdk.json), ${DEPLOY};`,
            'or push a tag the role trusts.',
          ],
        };
      }
      return {
        id: 'unrecognised',
        message: `Runs on ${c.ref} are not trusted; the role trusts ${trusted}.`,
        fix: [],
      };
    }
    case 'other':
      return {
        id: 'unrecognised',
        message: `The token's sub ends in ${JSON.stringify(c.text)}, which is not a branch, tag, environment or pull request; the role trusts ${trusted}.`,
        fix: [
          'If the repository customises its OIDC subject claim template, reset it to the default (repo, then context).',
        ],
      };
  }
}

/** `OWNER/REPO/PATH@REF`; the path stops at the first "@" (git refs may hold one, paths here do not). */
const JOB_WORKFLOW_REF = /^([^/]+)\/([^/]+)\/(.+?)@(.+)$/;

/**
 * The job ran another workflow file (or the pinned one from another repository or ref) than the
 * role's `workflowFile`. Undefined when the mismatch only follows from the subject: the pinned file
 * of this repository at the run's own ref, refused because the run's branch, tag or environment is
 * not trusted (trusting it fixes both conditions).
 */
function workflowFile(
  claims: GitHubOidcClaims,
  config: AppConfig,
  failure: ConditionFailure,
  subFailed: boolean,
): Cause | undefined {
  const value = typeof claims.job_workflow_ref === 'string' ? claims.job_workflow_ref : undefined;
  const pinned = config.workflowFile;
  const repo = config.repository.fullName;
  if (value === undefined && pinned) {
    return {
      id: 'workflow-file',
      message: `The token has no job_workflow_ref claim, but the role trusts only jobs of ${repo}'s ${pinned} (workflowFile) and checks that claim. GitHub puts it in every Actions token: this token did not come from a GitHub Actions job as it is.`,
      fix: [],
    };
  }
  const m = value ? JOB_WORKFLOW_REF.exec(value) : null;
  if (!m || !pinned) {
    return {
      id: 'workflow-file',
      message: `The trust policy pins the workflow file: ${describeMismatch(failure)}.`,
      fix: [],
    };
  }
  const [, owner, name, file, ref] = m;
  const unpin =
    `or turn the pin off: ${contextFlag('workflowFile', '')} (or remove workflowFile from cdk.json), ${DEPLOY}. ` +
    'Then every workflow file of the repository that runs on a trusted branch, tag or environment can assume the role and push images: ' +
    'a scheduled job, a test job that runs third-party code, or a workflow someone adds on that branch.';
  const sameRepository = `${owner}/${name}` === repo;

  if (!sameRepository) {
    return {
      id: 'workflow-file',
      message: `The job runs ${owner}/${name}/${file}, a reusable workflow of another repository; the role trusts only ${repo}'s own ${pinned} (workflowFile).`,
      fix: [`Assume the role in a job of ${repo}'s ${pinned},`, unpin],
    };
  }
  if (file !== pinned) {
    return {
      id: 'workflow-file',
      message: `The job runs from ${file}, but the role trusts only ${pinned} (workflowFile), so that no other workflow of the repository can push images.`,
      fix: [
        `Run the deploy from ${pinned}: move the job there, or have ${file} call it as a reusable workflow (jobs.<id>.uses: ./${pinned}; the called jobs' tokens then name ${pinned}),`,
        `or pin the file that runs instead: ${contextFlag('workflowFile', file)} (or in cdk.json), ${DEPLOY},`,
        unpin,
      ],
    };
  }
  const environmentRun = typeof claims.sub === 'string' && parseSubject(claims.sub)?.context.kind === 'environment';
  if (subFailed && (ref === claims.ref || environmentRun)) return undefined;

  const accepted = [...new Set(failure.policyValues.map((v) => v.slice(v.lastIndexOf('@') + 1)))];
  const refName = ref.replace(/^refs\/(heads|tags)\//, '');
  const setting = ref.startsWith('refs/tags/') ? 'allowedTags' : 'allowedBranches';
  return {
    id: 'workflow-file',
    message:
      `The job runs ${pinned} as it is at ${ref}, but for this run the role accepts that file only at ${accepted.join(', ')}: ` +
      'for branches and tags it trusts the workflow as it is on a trusted ref, not a copy from another ref (a reusable-workflow call such as ' +
      `uses: ${repo}/${pinned}@${refName}).`,
    fix: [
      `Call the workflow at the run's own ref: jobs.<id>.uses: ./${pinned},`,
      `or, if ${pinned} as it is on ${ref} should be trusted, add "${refName}" to ${setting} (which also lets runs on ${ref} assume the role), ${DEPLOY}.`,
    ],
  };
}
