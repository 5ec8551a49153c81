/**
 * IAM's limit on a role's trust policy. Many subjects can render a trust policy IAM refuses at
 * deploy time ("Cannot exceed quota for ACLSizePerRole"); the configuration says so at synth
 * instead, with the size.
 */
import { TrustConditionsProps } from '../trust/trust-conditions';
import { trustPolicyDocument } from '../trust/trust-policy';
import { ConfigError } from './config-error';
import { SettingReader } from './reader';

/**
 * IAM's default quota for a role trust policy, in characters without whitespace; an account can
 * have it raised to 4096 (Service Quotas: "Role trust policy length").
 */
export const TRUST_POLICY_MAX_CHARS = 2048;

/** The highest quota IAM grants for a role trust policy. */
const TRUST_POLICY_RAISED_MAX_CHARS = 4096;

/** Reads trustPolicyMaxChars: the account's quota, from the default 2048 up to 4096. */
export function readTrustPolicyMaxChars(s: SettingReader): number {
  return s.integer(
    'trustPolicyMaxChars',
    TRUST_POLICY_MAX_CHARS,
    TRUST_POLICY_MAX_CHARS,
    TRUST_POLICY_RAISED_MAX_CHARS,
  );
}

/** The length IAM counts (JSON without whitespace) of the trust policy these props render. */
export function trustPolicySize(props: TrustConditionsProps, partition: string): number {
  const policy = trustPolicyDocument(props, partition, '123456789012');
  return JSON.stringify(policy).length;
}

const KEY_OF_KIND = {
  branch: 'allowedBranches',
  tag: 'allowedTags',
  environment: 'allowedEnvironments',
  pull_request: 'allowPullRequests',
} as const;

/**
 * Throws `ConfigError` when the trust policy would exceed `maxChars`: the message names the setting
 * with the most entries (the one to shorten) with its value, gives the policy's length and the
 * quota, and says which settings fill it (with repository IDs every subject appears twice).
 */
export function checkTrustPolicySize(props: TrustConditionsProps, partition: string, maxChars: number): void {
  const size = trustPolicySize(props, partition);
  if (size <= maxChars) return;
  const bySetting = new Map<string, string[]>();
  for (const subject of props.subjects) {
    const key = KEY_OF_KIND[subject.kind];
    bySetting.set(key, [...(bySetting.get(key) ?? []), subject.pattern]);
  }
  const [largest, values] = [...bySetting].sort((x, y) => y[1].length - x[1].length)[0];
  const users = [...bySetting].map(([key, v]) => (key === 'allowPullRequests' ? key : `${key} (${v.length})`));
  const twice = props.repository.usesImmutableIds
    ? '; with githubOwnerId/githubRepositoryId set, each of them appears in both sub forms (names and IDs)'
    : '';
  throw new ConfigError({
    key: largest,
    value: largest === 'allowPullRequests' ? true : values,
    accepted:
      `fewer subjects: the trust policy would be ${size} characters, over IAM's ${maxChars}-character quota for a role's trust policy (trustPolicyMaxChars); ` +
      `its subjects come from ${users.join(', ')}${twice}. Combine them with a pattern such as "release/*", drop some, ` +
      `or raise the account's "Role trust policy length" quota (up to 4096) and set trustPolicyMaxChars`,
  });
}
