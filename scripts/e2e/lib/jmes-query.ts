/**
 * `--query`: the JMESPath subset scripts write for one value or a few: paths, `[n]`, multi-select
 * lists and hashes, `@`, filter projections (`list[?field=='x'].name`, with `==`, `!=`, raw
 * strings and JSON literals) and pipes (`… | [0].id`). Anything else is an error that says so, not
 * a wrong answer.
 */
import { AwsCliError } from './aws-cli';

/**
 * Evaluates `expression` on `data`. A missing value is null, as in JMESPath; a projection
 * (`[?…]`) applies what follows it to each element it keeps and drops the nulls, up to a pipe.
 */
export function jmesQuery(expression: string, data: unknown): unknown {
  const parser = new QueryParser(expression);
  const node = parser.expression();
  parser.end();
  return node(data);
}

type Node = (value: unknown) => unknown;

const identity: Node = (v) => v;

/** JMESPath's truth: false, null, '', [] and {} are false. */
function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const rb = b as Record<string, unknown>;
    return (
      ka.length === Object.keys(rb).length &&
      ka.every((k) => k in rb && sameJson((a as Record<string, unknown>)[k], rb[k]))
    );
  }
  return (a ?? null) === (b ?? null);
}

class QueryParser {
  private i = 0;
  constructor(private readonly text: string) {}

  /** `chain ('|' chain)*`: the right side of a pipe reads what the left side produced, as a whole. */
  expression(): Node {
    let node = this.chain();
    for (;;) {
      this.space();
      if (!this.peek('|')) return node;
      this.i++;
      if (this.peek('|')) this.fail("'||' is not evaluated");
      const left = node;
      const right = this.chain();
      node = (v) => right(left(v));
    }
  }

  end(): void {
    this.space();
    if (this.i !== this.text.length) this.fail(`unexpected '${this.text.slice(this.i)}'`);
  }

  /** A primary expression and what follows it (`.name`, `[n]`, `[?…]`). */
  private chain(): Node {
    this.space();
    return this.postfixes(this.at('[?') ? identity : this.primary());
  }

  private postfixes(start: Node): Node {
    let node = start;
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
      } else if (this.at('[?')) {
        this.i += 2;
        const keep = this.comparison();
        this.space();
        if (!this.take(']')) this.fail("expected ']'");
        // A projection: what follows applies to each element kept (until a pipe or the end).
        const each = this.postfixes(identity);
        const left = node;
        return (v) => {
          const list = left(v);
          if (!Array.isArray(list)) return null;
          return list
            .filter((item) => truthy(keep(item)))
            .map(each)
            .filter((x) => x !== null && x !== undefined);
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

  /** `a == b`, `a != b`, or one value (true by JMESPath's truth). */
  private comparison(): Node {
    const left = this.operand();
    this.space();
    const op = this.at('==') ? '==' : this.at('!=') ? '!=' : undefined;
    if (op === undefined) {
      if (/^[<>]/.test(this.text.slice(this.i)) || this.at('&&') || this.peek('|')) {
        this.fail('only == and != are evaluated in a filter');
      }
      return left;
    }
    this.i += 2;
    const right = this.operand();
    return (v) => sameJson(left(v), right(v)) === (op === '==');
  }

  /** A raw string `'…'`, a JSON literal `` `…` ``, or a path from the element. */
  private operand(): Node {
    this.space();
    if (this.peek("'")) {
      const m = /^'((?:[^'\\]|\\.)*)'/.exec(this.text.slice(this.i));
      if (!m) this.fail('unterminated raw string');
      this.i += m![0].length;
      const value = m![1].replace(/\\'/g, "'");
      return () => value;
    }
    if (this.peek('`')) {
      const end = this.text.indexOf('`', this.i + 1);
      if (end === -1) this.fail('unterminated literal');
      let value: unknown;
      try {
        value = JSON.parse(this.text.slice(this.i + 1, end));
      } catch {
        this.fail('a literal must be JSON');
      }
      this.i = end + 1;
      return () => value;
    }
    return this.postfixes(this.primary());
  }

  private primary(): Node {
    this.space();
    if (this.peek('@')) {
      this.i++;
      return identity;
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

  private at(s: string): boolean {
    return this.text.startsWith(s, this.i);
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
