/**
 * The token to check: generated as GitHub would for this repository (`--branch`, `--tag`, …) or
 * around a given `sub` — the synthetic modes, where the doctor makes up every other claim — or
 * taken from a claims file or a real JWT *exactly as it is*: a claim the token lacks stays absent,
 * as it is for STS, so a token missing `aud` or `repository_id` is denied, not repaired.
 */
import * as fs from 'fs';
import type { AppConfig } from '../../stack/config';
import {
  githubClaims,
  GitHubOidcClaims,
  GitHubRunSpec,
  GitHubTrigger,
  inEnvironment,
  onPullRequest,
  onRef,
  STS_CONDITION_CLAIMS,
} from '../../iam/github-token';
import { UsageError } from '../argv';
import { DEFAULT_WORKFLOW, RunInput, TokenModifiers } from './args';
import { parseSubject, SubjectContext } from './subject';

export interface DoctorToken {
  readonly claims: GitHubOidcClaims;
  /** Where the claims came from, for the report. */
  readonly source: 'generated' | 'sub' | 'claims-file' | 'jwt';
  /** A one-line description of the run. */
  readonly description: string;
  /**
   * Claims the doctor made up as GitHub would send them: every claim but `sub` for `--sub`; none
   * for `--claims` and `--jwt`, which are evaluated as they are; none for the generated runs, whose
   * claims are all made up (the source says so).
   */
  readonly filledIn: readonly string[];
  readonly notes: readonly string[];
}

export interface TokenEnvironment {
  readonly readFile?: (path: string) => string;
  /**
   * The `name:` of a workflow file of the project (the `workflow` claim of a generated token);
   * undefined when it cannot be read. @default none: the file's path, as GitHub names a workflow without one
   */
  readonly workflowName?: (file: string) => string | undefined;
  /** Milliseconds since the epoch, to judge `exp`. */
  readonly now?: number;
}

/** Builds the token for `run`. Throws `UsageError` for unreadable files or tokens. */
export function doctorToken(
  run: RunInput,
  modifiers: TokenModifiers,
  config: AppConfig,
  env: TokenEnvironment = {},
): DoctorToken {
  const readFile = env.readFile ?? ((p: string) => fs.readFileSync(p, 'utf8'));
  switch (run.kind) {
    case 'ref':
    case 'environment':
    case 'pull-request':
      return generated(run, modifiers, config, env);
    case 'sub':
      return fromSub(run.sub, modifiers, config);
    case 'stage-job':
      throw new Error("a stage job is resolved to its stage's environment first (stageRun)");
    case 'claims': {
      let text: string;
      try {
        text = readFile(run.file);
      } catch (err) {
        throw new UsageError(
          `--claims: cannot read ${run.file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
      }
      let given: unknown;
      try {
        given = JSON.parse(text);
      } catch {
        throw new UsageError(
          `--claims: ${run.file} is not JSON (expected an object of token claims, e.g. {"sub": "repo:OWNER/REPO:ref:refs/heads/develop"})`,
        );
      }
      return asGiven(asClaims(given, `--claims ${run.file}`), 'claims-file', [
        `Claims read from ${run.file} and evaluated as they are: nothing is filled in.`,
      ]);
    }
    case 'jwt': {
      let token = run.token;
      if (token.startsWith('@')) {
        try {
          token = readFile(token.slice(1));
        } catch (err) {
          throw new UsageError(
            `--jwt: cannot read ${token.slice(1)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
          );
        }
      }
      const claims = decodeJwtPayload(token);
      const notes = [
        'JWT payload decoded locally and evaluated as it is (nothing is filled in): the signature was not verified and nothing was sent over the network.',
      ];
      const now = env.now ?? Date.now();
      if (typeof claims.exp === 'number' && claims.exp * 1000 < now) {
        notes.push(
          `The token expired at ${new Date(claims.exp * 1000).toISOString()}: STS would refuse it as expired whatever the trust policy says; this check looks at the trust policy only.`,
        );
      }
      return asGiven(claims, 'jwt', notes);
    }
  }
}

/** The payload of a JWT (`header.payload.signature`, base64url), without verifying anything. */
export function decodeJwtPayload(token: string): GitHubOidcClaims {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts.some((p, i) => i < 2 && !/^[A-Za-z0-9_-]+={0,2}$/.test(p))) {
    throw new UsageError('--jwt: not a JWT (expected three base64url parts separated by ".", as GitHub issues them)');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new UsageError('--jwt: the payload (second part) is not base64url-encoded JSON');
  }
  return asClaims(payload, '--jwt payload');
}

function asClaims(value: unknown, where: string): GitHubOidcClaims {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${where}: expected a JSON object of token claims`);
  }
  return value as GitHubOidcClaims;
}

// ---------------------------------------------------------------------------------------------

/** The first trusted branch without a wildcard: a plausible ref for an environment job. */
function defaultBranchRef(config: AppConfig): string {
  const branch = config.subjects.find((s) => s.kind === 'branch' && !s.pattern.includes('*'));
  return `refs/heads/${branch?.pattern ?? 'main'}`;
}

/** The IDs to use for a run of OWNER/REPO: given, or the configured ones for this repository. */
function idsFor(
  owner: string,
  name: string,
  modifiers: TokenModifiers,
  config: AppConfig,
): { ownerId?: string; repositoryId?: string } {
  const sameRepository =
    owner.toLowerCase() === config.repository.owner.toLowerCase() &&
    name.toLowerCase() === config.repository.name.toLowerCase();
  return {
    ownerId: modifiers.ownerId ?? (sameRepository ? config.repository.ownerId : undefined),
    repositoryId: modifiers.repositoryId ?? (sameRepository ? config.repository.repositoryId : undefined),
  };
}

function baseSpec(modifiers: TokenModifiers, config: AppConfig, trigger: GitHubTrigger): GitHubRunSpec {
  const [owner, name] = modifiers.repository
    ? modifiers.repository.split('/')
    : [config.repository.owner, config.repository.name];
  return {
    owner,
    repository: name,
    ...idsFor(owner, name, modifiers, config),
    trigger,
    subjectFormat: modifiers.subFormat ?? (config.repository.usesImmutableIds ? 'immutable' : 'name'),
    workflowFile: modifiers.workflowFile ?? config.workflowFile ?? DEFAULT_WORKFLOW,
    issuer: modifiers.issuer ?? `https://${config.issuerHost}`,
    audience: modifiers.audience,
  };
}

function triggerFor(run: RunInput, config: AppConfig): GitHubTrigger {
  switch (run.kind) {
    case 'ref':
      return onRef(run.ref);
    case 'environment':
      return inEnvironment(run.environment, run.ref ?? defaultBranchRef(config));
    case 'pull-request':
      return onPullRequest(run.number ?? 1);
    default:
      throw new Error(`no trigger for ${run.kind}`);
  }
}

function describeRun(claims: GitHubOidcClaims): string {
  const where = `${claims.repository ?? '(unknown repository)'}`;
  const sub = typeof claims.sub === 'string' ? parseSubject(claims.sub) : undefined;
  if (sub?.context.kind === 'environment')
    return `a job in environment "${sub.context.environment}" (ref ${claims.ref ?? '?'}) of ${where}`;
  if (sub?.context.kind === 'pull_request') return `a pull-request run (${claims.ref ?? '?'}) of ${where}`;
  if (typeof claims.ref === 'string') {
    if (claims.ref.startsWith('refs/heads/')) return `a run on branch "${claims.ref.slice(11)}" of ${where}`;
    if (claims.ref.startsWith('refs/tags/')) return `a run for tag "${claims.ref.slice(10)}" of ${where}`;
    return `a run on ${claims.ref} of ${where}`;
  }
  return `a run of ${where}`;
}

function generated(run: RunInput, modifiers: TokenModifiers, config: AppConfig, env: TokenEnvironment): DoctorToken {
  const base = baseSpec(modifiers, config, triggerFor(run, config));
  // GitHub's `workflow` claim is the workflow's name:, or its path when it has none.
  const file = base.workflowFile ?? DEFAULT_WORKFLOW;
  const spec = { ...base, workflowName: env.workflowName?.(file) ?? file };
  const claims = githubClaims(spec);
  const notes: string[] = [];
  if (spec.subjectFormat === 'immutable' && (spec.ownerId === undefined || spec.repositoryId === undefined)) {
    notes.push('The IDs in sub are placeholders: give --owner-id and --repository-id for real ones.');
  }
  if (!modifiers.subFormat && config.repository.usesImmutableIds) {
    notes.push(
      'sub is in the immutable-ID form (repo:OWNER@ID/REPO@ID:…). Repositories from before 2026-07-15 that have not opted in send repo:OWNER/REPO:… instead: check that case with --sub-format name.',
    );
  }
  if (!modifiers.subFormat && !config.repository.usesImmutableIds) {
    notes.push(
      'sub is in the name format (repo:OWNER/REPO:…). Repositories created, renamed or transferred since 2026-07-15 get repo:OWNER@ID/REPO@ID:… instead: check that case with --sub-format immutable.',
    );
  }
  notes.push(...configuredIdsNote(spec, modifiers));
  return { claims, source: 'generated', description: describeRun(claims), filledIn: [], notes };
}

function triggerFromContext(context: SubjectContext | undefined, fallbackRef: string): GitHubTrigger {
  if (!context) return onRef(fallbackRef);
  switch (context.kind) {
    case 'ref':
      return onRef(context.ref);
    case 'environment':
      return inEnvironment(context.environment, fallbackRef);
    case 'pull_request':
      return onPullRequest(1);
    case 'other':
      return onRef(fallbackRef);
  }
}

function fromSub(sub: string, modifiers: TokenModifiers, config: AppConfig): DoctorToken {
  const parsed = parseSubject(sub);
  const notes: string[] = [];
  let spec: GitHubRunSpec;
  if (parsed) {
    spec = {
      ...baseSpec(modifiers, config, triggerFromContext(parsed.context, defaultBranchRef(config))),
      owner: parsed.owner,
      repository: parsed.repository,
      ...(parsed.immutable
        ? { ownerId: parsed.ownerId, repositoryId: parsed.repositoryId }
        : idsFor(parsed.owner, parsed.repository, {}, config)),
      subjectFormat: parsed.immutable ? 'immutable' : 'name',
    };
  } else {
    spec = baseSpec(modifiers, config, onRef(defaultBranchRef(config)));
    notes.push(`"${sub}" is not in a form GitHub sends (repo:OWNER/REPO:…); the other claims are this repository's.`);
  }
  if (!parsed?.immutable) notes.push(...configuredIdsNote(spec, {}));
  const claims: GitHubOidcClaims = { ...githubClaims(spec), sub };
  const filledIn = ['iss', ...STS_CONDITION_CLAIMS].filter((c) => c !== 'sub' && claims[c] !== undefined);
  return { claims, source: 'sub', description: describeRun(claims), filledIn, notes };
}

/**
 * That the token's ID claims are the configured IDs (not given with --owner-id/--repository-id):
 * the doctor cannot know the IDs GitHub sends, so a wrong configured ID passes here and fails at STS.
 */
function configuredIdsNote(spec: GitHubRunSpec, modifiers: TokenModifiers): string[] {
  const configured = [
    ...(spec.ownerId !== undefined && modifiers.ownerId === undefined
      ? [`repository_owner_id ${spec.ownerId} (githubOwnerId)`]
      : []),
    ...(spec.repositoryId !== undefined && modifiers.repositoryId === undefined
      ? [`repository_id ${spec.repositoryId} (githubRepositoryId)`]
      : []),
  ];
  if (configured.length === 0) return [];
  const repo = `${spec.owner}/${spec.repository}`;
  return [
    `The token's ${configured.join(' and ')} ${configured.length > 1 ? 'are' : 'is'} taken from the settings: the doctor cannot know the IDs GitHub sends, so it does not catch a wrong one. Compare with gh api repos/${repo} --jq '.owner.id, .id', or give them with --owner-id and --repository-id.`,
  ];
}

/**
 * A token from a file or a JWT, untouched. Claims STS checks that it lacks are named in a note by
 * the caller, which knows the policy; here only the issuer is required, since without it STS finds
 * no identity provider at all.
 */
function asGiven(claims: GitHubOidcClaims, source: 'claims-file' | 'jwt', notes: string[]): DoctorToken {
  if (typeof claims.iss !== 'string' || claims.iss === '') {
    const where = source === 'jwt' ? 'the JWT payload' : 'the claims file';
    throw new UsageError(
      `${where} has no "iss" claim: STS would find no identity provider for it and refuse it. GitHub always sends "iss": "https://token.actions.githubusercontent.com"; the doctor fills in nothing for --claims and --jwt.`,
    );
  }
  return { claims, source, description: describeRun(claims), filledIn: [], notes };
}
