/**
 * Where the `${{ … }}` expressions stand in a workflow string. As on GitHub, an expression ends at
 * the first `}}` outside a single-quoted string literal, so `${{ '}}' }}` is one expression.
 */
import { closingQuote } from './lexer';

/** One `${{ … }}` in a text. */
export interface ExpressionSite {
  /** What stands between `${{` and `}}`, as written (not trimmed). */
  readonly body: string;
  /** Index of its `${{`. */
  readonly start: number;
  /** Index just after its `}}`. */
  readonly end: number;
}

/**
 * Every `${{ … }}` in `text`, in order; `unclosedAt` is the index of a last `${{` that has no
 * `}}` (the sites before it are still listed).
 */
export function expressionSites(text: string): { sites: ExpressionSite[]; unclosedAt?: number } {
  const sites: ExpressionSite[] = [];
  for (let open = text.indexOf('${{'); open !== -1;) {
    const close = closingBraces(text, open + 3);
    if (close === -1) return { sites, unclosedAt: open };
    sites.push({ body: text.slice(open + 3, close), start: open, end: close + 2 });
    open = text.indexOf('${{', close + 2);
  }
  return { sites };
}

/** The bodies of every `${{ … }}` in `text`, trimmed. */
export function expressionsIn(text: string): string[] {
  return expressionSites(text).sites.map((site) => site.body.trim());
}

/** True when `text` holds an expression: `${{` anywhere. */
export function hasExpression(text: string): boolean {
  return text.includes('${{');
}

/** Index of the `}}` that ends an expression whose body starts at `from`, or -1. */
function closingBraces(text: string, from: number): number {
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === "'") {
      const end = closingQuote(text, i);
      if (end === -1) return -1;
      i = end;
    } else if (text[i] === '}' && text[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}
