/**
 * `--query`: the JMESPath subset scripts write for one value or a few (paths, `[n]`, multi-select
 * lists and hashes, `@`). Anything else is an error that says so, not a wrong answer.
 */
import { AwsCliError } from './aws-cli';

/**
 * Evaluates `expression` on `data`: identifiers, `.`, `[n]` (negative from the end), multi-select
 * lists `[a, b]` and hashes `{k: a}`, `@`. A missing value is null, as in JMESPath.
 */
export function jmesQuery(expression: string, data: unknown): unknown {
  const parser = new QueryParser(expression);
  const node = parser.expression();
  parser.end();
  return node(data);
}

type Node = (value: unknown) => unknown;

class QueryParser {
  private i = 0;
  constructor(private readonly text: string) {}

  expression(): Node {
    this.space();
    let node = this.primary();
    for (;;) {
      this.space();
      if (this.peek('.')) {
        this.i++;
        this.space();
        const next = this.peek('[') || this.peek('{') ? this.primary() : this.identifier();
        const left = node;
        node = (v) => {
          const base = left(v);
          return base === null || base === undefined ? null : next(base);
        };
      } else if (this.peek('[') && /^\[\s*-?\d/.test(this.text.slice(this.i))) {
        const index = this.index();
        const left = node;
        node = (v) => index(left(v));
      } else {
        return node;
      }
    }
  }

  end(): void {
    this.space();
    if (this.i !== this.text.length) this.fail(`unexpected '${this.text.slice(this.i)}'`);
  }

  private primary(): Node {
    this.space();
    if (this.peek('@')) {
      this.i++;
      return (v) => v;
    }
    if (this.peek('[')) {
      if (/^\[\s*-?\d/.test(this.text.slice(this.i))) return this.index();
      this.i++;
      const items: Node[] = [];
      do {
        items.push(this.expression());
        this.space();
      } while (this.take(','));
      if (!this.take(']')) this.fail("expected ']'");
      return (v) => (v === null || v === undefined ? null : items.map((item) => item(v) ?? null));
    }
    if (this.peek('{')) {
      this.i++;
      const entries: Array<[string, Node]> = [];
      do {
        this.space();
        const key = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.i))?.[0];
        if (!key) this.fail('expected a key');
        this.i += key!.length;
        this.space();
        if (!this.take(':')) this.fail("expected ':'");
        entries.push([key!, this.expression()]);
        this.space();
      } while (this.take(','));
      if (!this.take('}')) this.fail("expected '}'");
      return (v) =>
        v === null || v === undefined ? null : Object.fromEntries(entries.map(([k, n]) => [k, n(v) ?? null]));
    }
    return this.identifier();
  }

  private identifier(): Node {
    this.space();
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.i))?.[0];
    if (!name) this.fail('expected a field name');
    this.i += name!.length;
    return (v) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? ((v as Record<string, unknown>)[name!] ?? null) : null;
  }

  private index(): Node {
    const m = /^\[\s*(-?\d+)\s*\]/.exec(this.text.slice(this.i));
    if (!m) this.fail('expected [number]');
    this.i += m![0].length;
    const n = Number(m![1]);
    return (v) => (Array.isArray(v) ? (v[n < 0 ? v.length + n : n] ?? null) : null);
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  private peek(c: string): boolean {
    return this.text[this.i] === c;
  }

  private take(c: string): boolean {
    if (!this.peek(c)) return false;
    this.i++;
    return true;
  }

  private fail(message: string): never {
    throw new AwsCliError(
      `--query '${this.text}' is outside what the rehearsal's aws stand-in evaluates: ${message} at ${this.i}`,
      252,
    );
  }
}
