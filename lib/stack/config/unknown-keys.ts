/**
 * Misspelt settings: a context key written like one of ours but not one of ours is refused with a
 * "did you mean" hint, because ignoring it would silently keep a default.
 */
import { ConfigError } from './config-error';
import { ContextReader, SETTINGS } from './settings';

/**
 * Throws `ConfigError` for the first key that is neither one of this app's settings nor one of the
 * CDK's own, whatever its case or separators (`AllowedTag`, `allowed-branch`, `allowedBranches `):
 * ignoring it would silently keep a default.
 *
 * @param keys every context key that is set
 * @param read reads a key's value, for the message
 */
export function rejectUnknownKeys(keys: readonly string[], read: ContextReader): void {
  const known = Object.keys(SETTINGS);
  for (const key of keys) {
    if (known.includes(key) || isCdkKey(key)) continue;
    const hint = closestSetting(key, known);
    throw new ConfigError({
      key,
      value: read(key),
      accepted: `one of this app's settings${hint ? ` (did you mean "${hint}"?)` : ''}; see README "Settings"`,
      problem: 'Unknown setting',
    });
  }
}

/** The plain (colon-free) context keys the CDK itself reads or writes. */
const CDK_PLAIN_KEYS = ['acknowledged-issue-numbers'];

/**
 * The CDK's own context keys: feature flags and CLI settings carry a ":" (`@aws-cdk/core:…`,
 * `aws:cdk:…`, `aws-cdk:…`), as do the context providers' cached lookups in cdk.context.json
 * (`availability-zones:account=…`); a few are plain words (`acknowledged-issue-numbers`) or start
 * with `cdk-`.
 */
export function isCdkKey(key: string): boolean {
  return key.includes(':') || key.startsWith('@') || key.startsWith('cdk-') || CDK_PLAIN_KEYS.includes(key);
}

function fold(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/**
 * The candidate `key` was probably meant to be: the one it equals ignoring case, "-" and "_", else
 * the nearest by edit distance when close enough (at most 2, or a quarter of the key's length).
 */
export function closestSetting(key: string, candidates: readonly string[]): string | undefined {
  const exact = candidates.find((c) => fold(c) === fold(key));
  if (exact) return exact;
  const plural = candidates.find((c) => fold(c) === `${fold(key)}s` || fold(c) === fold(key).replace(/s$/, ''));
  if (plural) return plural;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(key.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions, one each. */
export function editDistance(a: string, b: string): number {
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
