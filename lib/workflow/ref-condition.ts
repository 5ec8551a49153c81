/**
 * Reads a job's `if:` when it limits the refs a job runs for, so it can be compared with the refs
 * the deploy role trusts: terms joined by `||`, each one of
 *
 *   github.ref == 'refs/heads/develop'        (either side of the ==)
 *   startsWith(github.ref, 'refs/heads/release/')
 *   github.event_name == 'push'               (every push the on.push filters let through)
 *
 * with or without `${{ }}` and outer parentheses. Anything else is not understood (`undefined`),
 * which the consistency check reports rather than guesses at.
 *
 * GitHub's `==` ignores case, so `refs/heads/DEVELOP` passes `github.ref == 'refs/heads/develop'`
 * while the role (case-sensitive) refuses it: such a run still ends at "Assume the deploy role".
 */

export interface RefCondition {
  /** Refs the condition lets through, as star patterns (`*` = any run), e.g. `refs/heads/develop`. */
  readonly refs: readonly string[];
  /** True when a term lets every push through (`github.event_name == 'push'`). */
  readonly everyPush: boolean;
}

const STRING = String.raw`'((?:[^']|'')*)'`;
const TERMS: Array<{
  pattern: RegExp;
  read: (m: RegExpExecArray) => Partial<{ ref: string; push: true }> | undefined;
}> = [
  { pattern: new RegExp(String.raw`^github\.ref\s*==\s*${STRING}$`), read: (m) => ({ ref: literal(m[1]) }) },
  { pattern: new RegExp(String.raw`^${STRING}\s*==\s*github\.ref$`), read: (m) => ({ ref: literal(m[1]) }) },
  {
    pattern: new RegExp(String.raw`^startsWith\(\s*github\.ref\s*,\s*${STRING}\s*\)$`, 'i'),
    read: (m) => ({ ref: `${literal(m[1])}*` }),
  },
  {
    pattern: new RegExp(String.raw`^(?:github\.event_name\s*==\s*${STRING}|${STRING}\s*==\s*github\.event_name)$`),
    read: (m) => ((m[1] ?? m[2]).toLowerCase() === 'push' ? { push: true } : undefined),
  },
];

/** The refs a job condition allows, or `undefined` when it is not written in the form above. */
export function parseRefCondition(condition: string): RefCondition | undefined {
  let text = condition.trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  if (wrapped) text = wrapped[1].trim();
  const refs: string[] = [];
  let everyPush = false;
  for (const raw of splitTopLevel(stripParens(text), '||')) {
    const term = stripParens(raw.trim());
    let understood = false;
    for (const { pattern, read } of TERMS) {
      const m = pattern.exec(term);
      if (!m) continue;
      const value = read(m);
      if (value?.ref !== undefined) refs.push(value.ref);
      if (value?.push) everyPush = true;
      understood = value !== undefined;
      break;
    }
    if (!understood) return undefined;
  }
  return { refs, everyPush };
}

/** A string literal's value (`''` is a quote). */
function literal(text: string): string {
  return text.replace(/''/g, "'");
}

function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && t.endsWith(')') && closingParen(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Splits on `separator` outside quotes and parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
