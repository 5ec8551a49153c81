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
 * Throws `ConfigError` when the trust policy would exceed `maxChars`, naming the setting with the
 * most subjects (the one to shorten) and the size.
 */
export function checkTrustPolicySize(props: TrustConditionsProps, partition: string, maxChars: number): void {
  const size = trustPolicySize(props, partition);
  if (size <= maxChars) return;
  const counts = new Map<string, number>();
  for (const subject of props.subjects) {
    const key = KEY_OF_KIND[subject.kind];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [largest, count] = [...counts].sort((x, y) => y[1] - x[1])[0];
  throw new ConfigError({
    key: largest,
    value: `${count} entries`,
    accepted: `branches, tags and environments that fit IAM's ${maxChars}-character trust-policy quota (these render ${size}): combine them with a pattern such as "release/*", drop some, or raise the account's "Role trust policy length" quota (up to 4096) and set trustPolicyMaxChars`,
  });
}
