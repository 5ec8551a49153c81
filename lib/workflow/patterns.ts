/**
 * The two wildcard languages that meet in a deploy: GitHub's branch and tag filters (`on.push`)
 * and IAM's `StringLike` (the role's trusted subjects, ECR's tag filters).
 *
 * IAM: `*` matches any run of characters (`/` and `:` included), `?` exactly one character.
 * GitHub filters: `*` any run without `/`, `**` any run, `?` the previous character optionally,
 * `+` the previous character once or more, `[…]` a character class, `\` escapes, `!` negates.
 *
 * To compare them, a GitHub filter is widened to a "star pattern" (literals and `*` only) that
 * matches at least everything the filter matches; inclusion between star patterns is then exact.
 * So "the role trusts every branch this filter can trigger on" is never claimed wrongly; at worst
 * an exotic filter (`[abc]`, `x?`) is reported as possibly untrusted.
 *
 * Matching one value against an IAM pattern is lib/iam/wildcard.ts's `wildcardMatch` (the
 * evaluator's own matcher); this file adds what compares a pattern with a pattern.
 */
import { wildcardMatch } from '../iam/wildcard';

/**
 * Widens a GitHub branch/tag filter to a star pattern that matches a superset of it. Negated
 * filters (`!…`) have no positive meaning on their own; callers skip them.
 */
export function widenGitHubFilter(filter: string): string {
  let out = '';
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (c === '\\' && i + 1 < filter.length) {
      out += filter[++i];
    } else if (c === '*') {
      out += '*';
    } else if (c === '[') {
      // A class matches one character from a set; "any run" covers it.
      const close = filter.indexOf(']', i + 1);
      if (close === -1) {
        out += c;
      } else {
        out += '*';
        i = close;
      }
    } else if (c === '?') {
      // "x?" is "" or "x": replace the optional character with a star.
      out = out.slice(0, -1) + '*';
    } else if (c === '+') {
      // "x+" is "x", "xx", …: keep one x, then any run.
      out += '*';
    } else {
      out += c;
    }
  }
  return out.replace(/\*+/g, '*');
}

/**
 * True when every string that the star pattern `inner` matches is also matched by the IAM pattern
 * `outer`. A `*` in `inner` stands for an arbitrary run, which only a `*` of `outer` can absorb
 * (think of it as a character that no literal of `outer` equals); that makes the test exact.
 */
export function starPatternIncludes(outer: string, inner: string): boolean {
  // Without a star, inner is one value: plain IAM matching.
  if (!inner.includes('*')) return wildcardMatch(outer, inner);
  const memo = new Map<number, boolean>();
  const width = inner.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === outer.length) {
      result = j === inner.length;
    } else if (outer[i] === '*') {
      // Absorb nothing, or one more token of inner (a literal or a wildcard run).
      result = go(i + 1, j) || (j < inner.length && go(i, j + 1));
    } else if (j === inner.length || inner[j] === '*') {
      result = false;
    } else if (outer[i] === '?') {
      result = go(i + 1, j + 1);
    } else {
      result = outer[i] === inner[j] && go(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
