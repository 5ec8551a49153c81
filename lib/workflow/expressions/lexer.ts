/**
 * The tokens of GitHub Actions' expression language (what stands between `${{` and `}}`), read
 * the way GitHub's runner reads them: single-quoted strings with `''` for a quote, numbers in any
 * JSON form plus hexadecimal (`0xff`), keywords (`[A-Za-z_][A-Za-z0-9_-]*`: contexts, functions,
 * property names, `true`, `false`, `null`), the operators `( ) [ ] . , * ! == != < <= > >= && ||`.
 *
 * A word or number runs to the next boundary (whitespace, a bracket, `,`, `.` or an operator
 * character), so `1abc` is one malformed token, not `1` then `abc`. A `.` where a value is
 * expected starts a number (`.5`); after a value it is the property dereference.
 */
import { ExpressionError } from './error';

/** Where a token or a syntax node stands in its expression: `source.slice(start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One token; `unexpected` only from a tolerant reading, in place of an error. */
export type Token = Span &
  (
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'number'; readonly value: number }
    | { readonly kind: 'word'; readonly value: string }
    | { readonly kind: 'op'; readonly value: string }
    | { readonly kind: 'unexpected'; readonly value: string }
  );

/** Two-character operators first, so `<=` is not read as `<` then `=`. */
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ',', '*'];

/** Operators after which a value must come (a `.` there starts a number). */
const EXPECTS_VALUE = new Set(['(', '[', ',', '!', '==', '!=', '<', '<=', '>', '>=', '&&', '||']);

const WORD = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Characters that end a word or a number. */
function isBoundary(c: string): boolean {
  return '()[],.!<>=&|'.includes(c) || /\s/.test(c);
}

/**
 * The tokens of `source`. A malformed token (an unclosed string, `=`, `"`, `1abc`, `$`) throws an
 * {@link ExpressionError}, or with `tolerant` becomes an `unexpected` token so that a reader can
 * still see the rest.
 */
export function tokenize(source: string, options: { tolerant?: boolean } = {}): Token[] {
  const tokens: Token[] = [];
  const push = (token: Token): void => {
    if (token.kind === 'unexpected' && !options.tolerant) {
      throw new ExpressionError(source, `unexpected '${token.value}' at ${token.start}`);
    }
    tokens.push(token);
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      const end = closingQuote(source, i);
      if (end === -1) {
        if (!options.tolerant) throw new ExpressionError(source, 'unterminated string');
        push({ kind: 'unexpected', value: source.slice(i), start, end: source.length });
        break;
      }
      push({ kind: 'string', value: source.slice(i + 1, end).replace(/''/g, "'"), start, end: end + 1 });
      i = end + 1;
    } else if (/[0-9+-]/.test(c) || (c === '.' && startsValue(tokens))) {
      i = runEnd(source, i, true);
      const text = source.slice(start, i);
      const value = Number(text);
      push(
        Number.isNaN(value)
          ? { kind: 'unexpected', value: text, start, end: i }
          : { kind: 'number', value, start, end: i },
      );
    } else if (/[A-Za-z_]/.test(c)) {
      i = runEnd(source, i, false);
      const text = source.slice(start, i);
      push({ kind: WORD.test(text) ? 'word' : 'unexpected', value: text, start, end: i });
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      i += op?.length ?? 1;
      push({ kind: op ? 'op' : 'unexpected', value: op ?? c, start, end: i });
    }
  }
  return tokens;
}

/** Index of the quote that closes the string opening at `open`, or -1. */
export function closingQuote(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] !== "'") continue;
    if (source[i + 1] !== "'") return i;
    i++;
  }
  return -1;
}

/** End of a word or number starting at `from` (numbers run on through `.`). */
function runEnd(source: string, from: number, number: boolean): number {
  let i = from + 1;
  while (i < source.length && (!isBoundary(source[i]) || (number && source[i] === '.'))) i++;
  return i;
}

/** True when the next token must be a value: at the start, or after `(`, `[`, `,` or an operator. */
function startsValue(tokens: readonly Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last === undefined || (last.kind === 'op' && EXPECTS_VALUE.has(last.value));
}
