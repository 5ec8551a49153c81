/**
 * The app's user-facing contract: CDK context keys (defaults in cdk.json, overridable with
 * `-c key=value`), parsed and validated into a typed configuration before any construct is built.
 *
 * Pure: no CDK constructs, so every rule can be tested without synthesizing.
 */
import { GitHubRepository } from './github-repository';
import {
  checkEcrRepositoryName,
  checkEnvLabel,
  checkKmsKeyArn,
  checkMovingTagFilter,
  checkOidcProviderArn,
  checkPolicyArn,
  checkRegion,
  checkRoleName,
  MAX_MOVING_TAG_FILTERS,
  partitionOf,
} from './rules/aws-names';
import {
  checkIssuerHost,
  checkNumericId,
  checkOwnerName,
  checkRepositoryName,
  checkWorkflowFile,
} from './rules/github-names';
import { literalPrefix } from './rules/ref-pattern';
import { SubjectFilter } from './trust/subject-filter';
import { GITHUB_ISSUER_HOST, renderTrustStatements, TrustConditionsProps } from './trust/trust-conditions';

/** IAM's shortest MaxSessionDuration; GitHub jobs that push images need no more. */
export const ROLE_MAX_SESSION_SECONDS = 3600;

/** A setting that cannot be used. Its message is one line: key, value, what is accepted. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly accepted: string,
    problem = 'Invalid setting',
  ) {
    super(`${problem} "${key}" = ${display(value)}: expected ${accepted}.`);
    this.name = 'ConfigError';
  }
}

/** Where the role's identity provider comes from. */
export type OidcProviderSource =
  | { readonly kind: 'create' }
  | { readonly kind: 'import-account' }
  | { readonly kind: 'import-arn'; readonly arn: string };

export interface AppConfig {
  /** Deployment label (`dev`, `prod`…), used in the stack and default role names. */
  readonly env: string;
  readonly region: string;
  /** Partition of `region` (`aws`, `aws-cn`, `aws-us-gov`…). */
  readonly partition: string;
  readonly stackName: string;
  readonly issuerHost: string;
  readonly repository: GitHubRepository;
  /** Trusted runs, in the order: branches, tags, environments, pull requests. */
  readonly subjects: readonly SubjectFilter[];
  readonly workflowFile?: string;
  readonly oidcProvider: OidcProviderSource;
  readonly roleName: string;
  readonly permissionsBoundaryArn?: string;
  /**
   * The role's MaxSessionDuration. Fixed at one hour, the shortest IAM allows; a workflow's
   * `role-duration-seconds` (900–3600) must not exceed it.
   */
  readonly maxSessionDurationSeconds: number;
  readonly ecrRepositoryName: string;
  readonly untaggedImageExpiryDays: number;
  readonly kmsKeyArn?: string;
  readonly encryption: 'AES256' | 'KMS';
  /** Tag filters that may move (ECR IMMUTABLE_WITH_EXCLUSION); empty = every tag immutable. */
  readonly movingTags: readonly string[];
}

/** Every context key this app reads, with a one-line description (for the README and typo hints). */
export const SETTINGS = {
  env: 'deployment label used in the stack and role names',
  region: 'AWS region of the stack',
  githubOwner: 'GitHub user or organisation that owns the repository (exact case)',
  githubRepository: 'GitHub repository name (exact case)',
  githubOwnerId: 'numeric owner ID: switches to immutable-ID subjects (with githubRepositoryId)',
  githubRepositoryId: 'numeric repository ID (with githubOwnerId)',
  githubOidcHost: 'OIDC issuer host',
  allowedBranches: 'branches whose runs may assume the role (JSON list; "*" only after a prefix)',
  allowedTags: 'tags whose runs may assume the role (JSON list)',
  allowedEnvironments: 'GitHub environments whose jobs may assume the role (JSON list)',
  allowPullRequests: 'let pull-request runs from branches of the repository assume the role',
  workflowFile: 'only this workflow file may assume the role (pins job_workflow_ref)',
  createOidcProvider: "create the GitHub OIDC provider (false: import the account's existing one)",
  oidcProviderArn: 'import this OIDC provider instead of creating one',
  roleName: 'name of the deploy role',
  permissionsBoundaryArn: 'permissions boundary attached to the deploy role',
  ecrRepositoryName: 'name of the ECR repository',
  untaggedImageExpiryDays: 'days after which untagged images expire',
  ecrEncryption: 'AES256 or KMS',
  ecrKmsKeyArn: 'customer-managed KMS key for the repository (implies KMS)',
  movingTags: 'tags that may move (JSON list, at most 5; fails Control Tower CT.ECR.PR.3)',
  stackName: 'CloudFormation stack name',
  trustPolicyMaxChars: "the account's IAM role trust-policy length quota (2048 unless raised, at most 4096)",
} as const;

export type SettingKey = keyof typeof SETTINGS;

/** Reads a context value; `undefined` when the key is not set. */
export type ContextReader = (key: string) => unknown;

/**
 * Parses and validates the whole configuration. Throws `ConfigError` on the first bad setting.
 *
 * @param read reads one context key (e.g. `key => app.node.tryGetContext(key)`)
 * @param presentKeys every context key that is set, to catch misspelt settings
 */
export function parseConfig(read: ContextReader, presentKeys: readonly string[] = []): AppConfig {
  rejectUnknownKeys(presentKeys, read);
  const s = new SettingReader(read);

  const env = s.string('env', 'dev', checkEnvLabel);
  const region = s.string('region', 'ap-northeast-1', checkRegion);
  const partition = partitionOf(region);
  const stackName = s.string('stackName', `${env}-github-oidc-ecr`, (v) =>
    /^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(v)
      ? undefined
      : 'a CloudFormation stack name: a letter, then up to 127 letters, digits or "-"',
  );
  const issuerHost = s.string('githubOidcHost', GITHUB_ISSUER_HOST, checkIssuerHost);

  const owner = s.required('githubOwner', checkOwnerName);
  const name = s.required('githubRepository', checkRepositoryName);
  const ownerId = s.optionalString('githubOwnerId', checkNumericId);
  const repositoryId = s.optionalString('githubRepositoryId', checkNumericId);
  if ((ownerId === undefined) !== (repositoryId === undefined)) {
    const [setKey, missingKey] =
      ownerId === undefined ? ['githubRepositoryId', 'githubOwnerId'] : ['githubOwnerId', 'githubRepositoryId'];
    throw new ConfigError(
      missingKey,
      undefined,
      `a value too, because ${setKey} is set: give both numeric IDs or neither`,
    );
  }
  const repository = new GitHubRepository({ owner, name, ownerId, repositoryId });

  const subjects: SubjectFilter[] = [
    ...s.subjects('allowedBranches', ['develop'], SubjectFilter.branch),
    ...s.subjects('allowedTags', [], SubjectFilter.tag),
    ...s.subjects('allowedEnvironments', [], SubjectFilter.environment),
  ];
  if (s.boolean('allowPullRequests', false)) subjects.push(SubjectFilter.pullRequest());
  if (subjects.length === 0) {
    throw new ConfigError(
      'allowedBranches',
      [],
      'at least one branch, tag (allowedTags), environment (allowedEnvironments) or allowPullRequests=true: a role with no trusted subject could never be used',
    );
  }

  const workflowFile = s.optionalString('workflowFile', checkWorkflowFile);
  const trustPolicyMaxChars = s.integer('trustPolicyMaxChars', TRUST_POLICY_MAX_CHARS, TRUST_POLICY_MAX_CHARS, 4096);
  checkTrustPolicySize({ issuerHost, repository, subjects, workflowFile }, partition, trustPolicyMaxChars);

  const createOidcProvider = s.boolean('createOidcProvider', true);
  const providerArn = s.optionalString('oidcProviderArn', (v) => checkOidcProviderArn(v, partition, issuerHost));
  // A named provider ARN always means "import": there can be only one provider per URL.
  const oidcProvider: OidcProviderSource = providerArn
    ? { kind: 'import-arn', arn: providerArn }
    : createOidcProvider
      ? { kind: 'create' }
      : { kind: 'import-account' };

  const roleName = s.string('roleName', `${env}-github-actions`, checkRoleName);
  const permissionsBoundaryArn = s.optionalString('permissionsBoundaryArn', (v) => checkPolicyArn(v, partition));
  const maxSessionDurationSeconds = ROLE_MAX_SESSION_SECONDS;

  const ecrRepositoryName = s.string('ecrRepositoryName', 'my-ecr-repo', checkEcrRepositoryName);
  const untaggedImageExpiryDays = s.integer('untaggedImageExpiryDays', 14, 1, 3650);
  const kmsKeyArn = s.optionalString('ecrKmsKeyArn', (v) => checkKmsKeyArn(v, partition, region));
  const encryption = s.string('ecrEncryption', kmsKeyArn ? 'KMS' : 'AES256', (v) =>
    v === 'AES256' || v === 'KMS' ? undefined : '"AES256" or "KMS"',
  ) as 'AES256' | 'KMS';
  if (kmsKeyArn && encryption !== 'KMS') {
    throw new ConfigError('ecrEncryption', encryption, '"KMS" (or no value) because ecrKmsKeyArn is set');
  }
  const movingTags = s.list('movingTags', []);
  for (const tag of movingTags) s.check('movingTags', tag, checkMovingTagFilter);
  const trustedTags = subjects.filter((x) => x.kind === 'tag').map((x) => x.pattern);
  for (const tag of movingTags) {
    const clash = trustedTags.find((t) => patternsOverlap(t, tag));
    if (clash) {
      throw new ConfigError(
        'movingTags',
        tag,
        `a tag filter that cannot match a release tag the role deploys (allowedTags has "${clash}"): release images must stay immutable`,
      );
    }
  }
  if (movingTags.length > MAX_MOVING_TAG_FILTERS) {
    throw new ConfigError('movingTags', movingTags, `at most ${MAX_MOVING_TAG_FILTERS} tag filters (an ECR limit)`);
  }
  if (new Set(movingTags).size !== movingTags.length) {
    throw new ConfigError('movingTags', movingTags, 'each tag filter once');
  }

  return {
    env,
    region,
    partition,
    stackName,
    issuerHost,
    repository,
    subjects,
    workflowFile,
    oidcProvider,
    roleName,
    permissionsBoundaryArn,
    maxSessionDurationSeconds,
    ecrRepositoryName,
    untaggedImageExpiryDays,
    kmsKeyArn,
    encryption,
    movingTags,
  };
}

/**
 * True when some tag could match both patterns: their literal prefixes agree as far as both go
 * (a conservative test; `*` matches anything).
 */
function patternsOverlap(a: string, b: string): boolean {
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  const n = Math.min(pa.length, pb.length);
  if (pa.slice(0, n) !== pb.slice(0, n)) return false;
  if (!a.includes('*') && !b.includes('*')) return a === b;
  return true;
}

/**
 * IAM's default quota for a role trust policy, in characters without whitespace; an account can
 * have it raised to 4096 (Service Quotas: "Role trust policy length").
 */
export const TRUST_POLICY_MAX_CHARS = 2048;

/**
 * Many subjects can render a trust policy IAM refuses at deploy time ("Cannot exceed quota for
 * ACLSizePerRole"); say so at synth instead, with the size.
 */
function checkTrustPolicySize(props: TrustConditionsProps, partition: string, maxChars: number): void {
  const policy = {
    Version: '2012-10-17',
    Statement: renderTrustStatements(props).map((condition) => ({
      Effect: 'Allow',
      Principal: { Federated: `arn:${partition}:iam::123456789012:oidc-provider/${props.issuerHost}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: condition,
    })),
  };
  const size = JSON.stringify(policy).length;
  if (size > maxChars) {
    const keyOf = {
      branch: 'allowedBranches',
      tag: 'allowedTags',
      environment: 'allowedEnvironments',
      pull_request: 'allowPullRequests',
    } as const;
    const counts = new Map<string, number>();
    for (const subject of props.subjects) counts.set(keyOf[subject.kind], (counts.get(keyOf[subject.kind]) ?? 0) + 1);
    const [largest, count] = [...counts].sort((x, y) => y[1] - x[1])[0];
    throw new ConfigError(
      largest,
      `${count} entries`,
      `branches, tags and environments that fit IAM's ${maxChars}-character trust-policy quota (these render ${size}): combine them with a pattern such as "release/*", drop some, or raise the account's "Role trust policy length" quota (up to 4096) and set trustPolicyMaxChars`,
    );
  }
}

/**
 * A context key written like one of ours (plain camelCase) but not one of ours is almost always a
 * typo; ignoring it would silently keep a default (e.g. the default branch list).
 */
function rejectUnknownKeys(keys: readonly string[], read: ContextReader): void {
  const known = Object.keys(SETTINGS);
  for (const key of keys) {
    if (known.includes(key) || !looksLikeOurs(key, known)) continue;
    const hint = closest(key, known);
    throw new ConfigError(
      key,
      read(key),
      `one of this app's settings${hint ? ` (did you mean "${hint}"?)` : ''}; see README "Settings"`,
      'Unknown setting',
    );
  }
}

/**
 * CDK's own keys carry a ":" (`@aws-cdk/core:…`, `aws:cdk:…`) or are kebab-case words
 * (`acknowledged-issue-numbers`); ours are camelCase. A key is taken for one of ours, misspelt,
 * when it is plain camelCase, or when it equals one of ours once case, "-" and "_" are ignored
 * (`GithubOwner`, `allowed_branches`).
 */
function looksLikeOurs(key: string, known: string[]): boolean {
  if (/^[a-z][A-Za-z0-9]*$/.test(key)) return true;
  const folded = fold(key);
  return known.some((k) => fold(k) === folded);
}

function fold(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

function closest(key: string, candidates: string[]): string | undefined {
  const exact = candidates.find((c) => fold(c) === fold(key));
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(key.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Reads typed values from context, raising `ConfigError` with the key on any problem. */
class SettingReader {
  constructor(private readonly read: ContextReader) {}

  private raw(key: SettingKey): unknown {
    const v = this.read(key);
    return v === null ? undefined : v;
  }

  check(key: string, value: unknown, rule: (v: string) => string | undefined): void {
    const problem = rule(String(value));
    if (problem) throw new ConfigError(key, value, problem);
  }

  required(key: SettingKey, rule: (v: string) => string | undefined): string {
    const v = this.raw(key);
    if (typeof v !== 'string' || v.length === 0) {
      throw new ConfigError(
        key,
        v,
        `a non-empty string (${SETTINGS[key]}); set it in cdk.json or with -c ${key}=VALUE`,
      );
    }
    this.check(key, v, rule);
    return v;
  }

  string(key: SettingKey, fallback: string, rule: (v: string) => string | undefined): string {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'string') throw new ConfigError(key, v, 'a string');
    this.check(key, v, rule);
    return v;
  }

  /** An optional string; "" counts as unset so `-c key=` can clear a cdk.json value. */
  optionalString(key: SettingKey, rule?: (v: string) => string | undefined): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === '') return undefined;
    // cdk.json may hold a numeric ID as a JSON number.
    const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
    if (typeof text !== 'string') throw new ConfigError(key, v, 'a string');
    if (rule) this.check(key, text, rule);
    return text;
  }

  boolean(key: SettingKey, fallback: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw new ConfigError(key, v, 'true or false');
  }

  integer(key: SettingKey, fallback: number, min: number, max: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?[0-9]+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new ConfigError(key, v, `a whole number from ${min} to ${max}`);
    }
    return n;
  }

  /**
   * A list: a JSON array in cdk.json, or from `-c` a JSON array string (`'["develop","main"]'`)
   * or a single value. A plain string with a comma is refused rather than guessed at.
   */
  list(key: SettingKey, fallback: string[]): string[] {
    let v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v === 'string') {
      const text = v.trim();
      if (text.startsWith('[')) {
        try {
          v = JSON.parse(text);
        } catch {
          throw new ConfigError(key, v, `a JSON list of strings, e.g. -c '${key}=["a","b"]'`);
        }
      } else if (/^[{"]/.test(text) || ['null', 'true', 'false'].includes(text)) {
        // JSON that is not a list would otherwise become a branch literally named "{}" or "null".
        throw new ConfigError(key, v, `a JSON list of strings, e.g. -c '${key}=["a","b"]'`);
      } else if (text.includes(',')) {
        throw new ConfigError(
          key,
          v,
          `a JSON list of strings, e.g. -c '${key}=${JSON.stringify(text.split(',').map((x) => x.trim()))}'`,
        );
      } else {
        v = text === '' ? [] : [text];
      }
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      throw new ConfigError(key, v, `a JSON list of strings, e.g. -c '${key}=["a","b"]'`);
    }
    if (new Set(v).size !== v.length) throw new ConfigError(key, v, 'each entry once');
    return v as string[];
  }

  /** A list of subject patterns, each turned into a `SubjectFilter` (which validates it). */
  subjects(key: SettingKey, fallback: string[], make: (pattern: string) => SubjectFilter): SubjectFilter[] {
    return this.list(key, fallback).map((pattern) => {
      try {
        return make(pattern);
      } catch (err) {
        throw new ConfigError(key, pattern, (err as Error).message.replace(/^.*?: expected /, ''));
      }
    });
  }
}

function display(value: unknown): string {
  if (value === undefined) return '(not set)';
  return JSON.stringify(value);
}
