/**
 * Rules for the branch, tag and environment patterns a role may trust.
 *
 * Values are git ref names (or environment names) with `*` as the only wildcard. IAM's
 * `StringLike` lets `*` match any run of characters, `/` and `:` included, so a pattern must be
 * anchored by a literal prefix: `release/*` and `v*` are accepted, `*` and `*-hotfix` are not.
 */

/** Returns the literal text before the first `*`. */
export function literalPrefix(pattern: string): string {
  const star = pattern.indexOf('*');
  return star === -1 ? pattern : pattern.slice(0, star);
}

/**
 * True when some ref could match both patterns: their literal prefixes agree as far as both go
 * (a conservative test; `*` matches anything). Two patterns without `*` overlap only when equal.
 */
export function patternsOverlap(a: string, b: string): boolean {
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  const n = Math.min(pa.length, pb.length);
  if (pa.slice(0, n) !== pb.slice(0, n)) return false;
  if (!a.includes('*') && !b.includes('*')) return a === b;
  return true;
}

const EXAMPLE: Record<string, string> = { branch: '"release/*"', tag: '"v*"' };

function checkWildcardAnchored(pattern: string, what: 'branch' | 'tag'): string | undefined {
  if (pattern.includes('*') && literalPrefix(pattern).length === 0) {
    const article = 'a';
    return `${article} ${what} pattern with literal text before any "*" (e.g. ${EXAMPLE[what]}), because "${pattern}" would trust runs nobody chose`;
  }
  if (pattern.includes('**')) {
    return `a single "*" (it already matches any characters, "/" included): write "${pattern.replace(/\*+/g, '*')}"`;
  }
  return undefined;
}

function checkNoPolicyVariable(pattern: string): string | undefined {
  // IAM reads "${...}" inside a condition value as a policy variable.
  if (pattern.includes('${')) {
    return 'a value without "${" (IAM would read it as a policy variable)';
  }
  return undefined;
}

/**
 * Checks a branch or tag name against `git check-ref-format`'s rules, with `*` allowed as a
 * wildcard. `kind` is used in messages.
 */
export function checkRefPattern(pattern: string, kind: 'branch' | 'tag'): string | undefined {
  const prefix = kind === 'branch' ? 'refs/heads/' : 'refs/tags/';
  if (pattern.length === 0) return `a non-empty ${kind} name`;
  if (pattern.startsWith('refs/')) {
    return `the ${kind} name without "${prefix}" (e.g. "${pattern.startsWith(prefix) ? pattern.slice(prefix.length) : 'develop'}")`;
  }
  if (pattern.length > 255) return `a ${kind} name of at most 255 characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?[\\]/.test(pattern)) {
    return `a git ${kind} name: no spaces, control characters or any of ~ ^ : ? [ \\`;
  }
  if (pattern.includes('..') || pattern.includes('@{') || pattern === '@') {
    return `a git ${kind} name: no "..", no "@{", and not "@" alone`;
  }
  if (pattern.startsWith('/') || pattern.endsWith('/') || pattern.includes('//')) {
    return `a git ${kind} name: no leading, trailing or doubled "/"`;
  }
  if (pattern.endsWith('.') || pattern.startsWith('-')) {
    return `a git ${kind} name: not starting with "-" or ending with "."`;
  }
  for (const component of pattern.split('/')) {
    if (component.startsWith('.') || component.endsWith('.lock')) {
      return `a git ${kind} name: no part starting with "." or ending with ".lock"`;
    }
  }
  return checkNoPolicyVariable(pattern) ?? checkWildcardAnchored(pattern, kind);
}

/**
 * Checks a GitHub environment name (up to 255 characters). No wildcards: GitHub creates an
 * environment, with no protection rules, the first time a workflow names it, so a pattern would
 * let anyone who can push a workflow invent a matching environment on any branch.
 */
export function checkEnvironmentPattern(pattern: string): string | undefined {
  if (pattern.length === 0 || pattern.length > 255) return 'an environment name of 1–255 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f?]/.test(pattern)) return 'an environment name without control characters or "?"';
  if (pattern.trim() !== pattern) return 'an environment name without leading or trailing spaces';
  if (pattern.includes('*')) {
    return 'an exact environment name, no "*" (GitHub creates an unprotected environment for any new name a workflow uses, so a pattern would trust environments nobody set up)';
  }
  return checkNoPolicyVariable(pattern);
}
