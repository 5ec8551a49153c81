/**
 * IAM's wildcard matching, written without regular expressions so that a pattern taken from a
 * policy can never be read as regex syntax (and can never backtrack exponentially).
 *
 * `*` matches any run of characters (including none, and including "/" and ":"); `?` matches
 * exactly one character. Every other character is literal.
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  // Position of the last "*" seen and the value position it is currently made to cover up to;
  // on a mismatch the star swallows one more character and matching resumes after it.
  let starAt = -1;
  let resumeAt = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === v[vi]))) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      resumeAt = vi;
    } else if (starAt !== -1) {
      pi = starAt + 1;
      vi = ++resumeAt;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * Splits an ARN into its six parts: `arn`, partition, service, region, account, resource. The
 * resource part keeps any further colons. Returns undefined for anything that is not ARN-shaped.
 */
export function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let rest = arn;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(':');
    if (colon === -1) return undefined;
    parts.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  parts.push(rest);
  return parts[0] === 'arn' ? parts : undefined;
}

/**
 * `ArnLike` / `ArnEquals` (which IAM treats alike): each of the six colon-separated parts is
 * matched on its own, case-sensitively, with wildcards; a value that is not an ARN never matches.
 */
export function arnMatch(pattern: string, arn: string): boolean {
  const p = splitArn(pattern);
  const v = splitArn(arn);
  if (!p || !v) return false;
  return p.every((part, i) => wildcardMatch(part, v[i]));
}
