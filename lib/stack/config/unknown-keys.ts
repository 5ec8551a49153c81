/**
 * Misspelt settings: a context key written like one of ours but not one of ours is refused with a
 * "did you mean" hint, because ignoring it would silently keep a default.
 */
import { ConfigError } from './config-error';
import { ContextReader, SETTINGS } from './settings';

/**
 * Throws `ConfigError` for the first key that looks like one of this app's settings, misspelt.
 * CDK's own keys (`@aws-cdk/core:…`, `acknowledged-issue-numbers`) pass.
 *
 * @param keys every context key that is set
 * @param read reads a key's value, for the message
 */
export function rejectUnknownKeys(keys: readonly string[], read: ContextReader): void {
  const known = Object.keys(SETTINGS);
  for (const key of keys) {
    if (known.includes(key) || !looksLikeOurs(key, known)) continue;
    const hint = closestSetting(key, known);
    throw new ConfigError({
      key,
      value: read(key),
      accepted: `one of this app's settings${hint ? ` (did you mean "${hint}"?)` : ''}; see README "Settings"`,
      problem: 'Unknown setting',
    });
  }
}

/**
 * CDK's own keys carry a ":" (`@aws-cdk/core:…`, `aws:cdk:…`) or are kebab-case words
 * (`acknowledged-issue-numbers`); ours are camelCase. A key is taken for one of ours, misspelt,
 * when it is plain camelCase, or when it equals one of ours once case, "-" and "_" are ignored
 * (`GithubOwner`, `allowed_branches`).
 */
export function looksLikeOurs(key: string, known: readonly string[]): boolean {
  if (/^[a-z][A-Za-z0-9]*$/.test(key)) return true;
  const folded = fold(key);
  return known.some((k) => fold(k) === folded);
}

function fold(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/**
 * The candidate `key` was probably meant to be: the one it equals ignoring case, "-" and "_", else
 * the nearest by edit distance when close enough (at most 2, or a quarter of the key's length).
 */
export function closestSetting(key: string, candidates: readonly string[]): string | undefined {
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
