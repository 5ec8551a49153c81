/**
 * The syntax tree of one GitHub Actions expression, by recursive descent from the loosest
 * operator to the tightest: `||`, `&&`, `==`/`!=`, `<`/`<=`/`>`/`>=`, `!`, then property access
 * (`.name`, `.*`, `[expression]`, `[*]`) and function calls. As in GitHub's parser, keywords are
 * case-sensitive (`true`, `false`, `null`, `NaN`, `Infinity`), function names are not, and a
 * property can be read from a context, a property, a call, an index or a parenthesized group, never
 * from a literal (`'abc'.length` is an error).
 */
import { ExpressionError } from './error';
import { tokenize, type Span, type Token } from './lexer';

/** A comparison or logical operator. */
export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=';

/** One node of the tree; `invalid` only from {@link parseTolerant}, where the text made no sense. */
export type Node = Span &
  (
    | { readonly kind: 'literal'; readonly value: null | boolean | number | string }
    /** A context by name (`github`, `vars`, `steps`, …), as written. */
    | { readonly kind: 'context'; readonly name: string }
    /** `object.name` (key: a string literal), `object[key]`, `object.*` and `object[*]` (key: wildcard). */
    | { readonly kind: 'member'; readonly object: Node; readonly key: Node }
    | { readonly kind: 'wildcard' }
    /** A function call; `name` lower-cased, since function names ignore case. */
    | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[] }
    | { readonly kind: 'not'; readonly operand: Node }
    | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Node; readonly right: Node }
    | { readonly kind: 'invalid'; readonly problem: string }
  );

/** The tree of a well-formed expression; throws an {@link ExpressionError} on a syntax error. */
export function parseExpression(source: string): Node {
  const parser = new Parser(source, tokenize(source), false);
  const node = parser.expression();
  if (!parser.atEnd()) parser.fail('unexpected trailing input');
  return node;
}

/**
 * Every well-formed part of `source`, for readers that must see what a broken expression reads
 * (GitHub rejects it, but a checker still reports on it): a malformed stretch becomes an `invalid`
 * node and reading resumes after it. `problems` is empty when `source` is well formed.
 */
export function parseTolerant(source: string): { roots: Node[]; problems: string[] } {
  const parser = new Parser(source, tokenize(source, { tolerant: true }), true);
  const roots: Node[] = [];
  while (!parser.atEnd()) roots.push(parser.expression());
  return { roots, problems: parser.problems };
}

const LEVELS: ReadonlyArray<readonly BinaryOperator[]> = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>=']];

const KEYWORD_VALUES: Readonly<Record<string, null | boolean | number>> = {
  true: true,
  false: false,
  null: null,
  NaN: NaN,
  Infinity: Infinity,
};

class Parser {
  private pos = 0;
  readonly problems: string[] = [];

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
    private readonly tolerant: boolean,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  expression(level = 0): Node {
    if (level === LEVELS.length) return this.unary();
    let left = this.expression(level + 1);
    for (let op = this.peekOp(...LEVELS[level]); op; op = this.peekOp(...LEVELS[level])) {
      this.pos++;
      const right = this.expression(level + 1);
      left = { kind: 'binary', op: op as BinaryOperator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Node {
    const bang = this.tokens[this.pos];
    if (!this.peekOp('!')) return this.postfix();
    this.pos++;
    const operand = this.unary();
    return { kind: 'not', operand, start: bang.start, end: operand.end };
  }

  private postfix(): Node {
    const group = this.peekOp('(') !== undefined;
    let node = this.primary();
    if ((node.kind === 'literal' && !group) || node.kind === 'invalid') return node;
    for (;;) {
      if (this.peekOp('.')) {
        this.pos++;
        const t = this.tokens[this.pos];
        let key: Node;
        if (t?.kind === 'word') key = { kind: 'literal', value: t.value, start: t.start, end: t.end };
        else if (t?.kind === 'op' && t.value === '*') key = { kind: 'wildcard', start: t.start, end: t.end };
        else {
          // A tolerant reading keeps the chain read so far (`github.sha.` still reads github.sha).
          this.fail('expected a property name after "."', t);
          return node;
        }
        this.pos++;
        node = { kind: 'member', object: node, key, start: node.start, end: key.end };
      } else if (this.peekOp('[')) {
        this.pos++;
        const t = this.tokens[this.pos];
        const key: Node =
          t?.kind === 'op' && t.value === '*'
            ? { kind: 'wildcard', start: t.start, end: (this.pos++, t.end) }
            : this.expression();
        const end = this.expectOp(']');
        node = { kind: 'member', object: node, key, start: node.start, end };
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const t = this.tokens[this.pos];
    if (!t) return this.fail('unexpected end');
    this.pos++;
    if (t.kind === 'string' || t.kind === 'number')
      return { kind: 'literal', value: t.value, start: t.start, end: t.end };
    if (t.kind === 'op' && t.value === '(') {
      const inner = this.expression();
      return { ...inner, start: t.start, end: this.expectOp(')') };
    }
    if (t.kind === 'word') {
      if (t.value in KEYWORD_VALUES)
        return { kind: 'literal', value: KEYWORD_VALUES[t.value], start: t.start, end: t.end };
      if (!this.peekOp('(')) return { kind: 'context', name: t.value, start: t.start, end: t.end };
      this.pos++;
      const args: Node[] = [];
      while (!this.peekOp(')') && !this.atEnd()) {
        if (args.length > 0) this.expectOp(',');
        args.push(this.expression());
      }
      return { kind: 'call', name: t.value.toLowerCase(), args, start: t.start, end: this.expectOp(')') };
    }
    return this.fail(`unexpected '${t.value}'`, t);
  }

  private peekOp(...ops: readonly string[]): string | undefined {
    const t = this.tokens[this.pos];
    return t?.kind === 'op' && ops.includes(t.value) ? t.value : undefined;
  }

  /** Consumes `op` and returns where it ends; a missing `op` is a syntax error. */
  private expectOp(op: string): number {
    const t = this.tokens[this.pos];
    if (this.peekOp(op)) {
      this.pos++;
      return t.end;
    }
    this.fail(`expected '${op}'`, t);
    return t?.start ?? this.source.length;
  }

  /** Throws, or in a tolerant reading notes the problem and stands an `invalid` node in. */
  fail(problem: string, at?: Token): Node {
    if (!this.tolerant) throw new ExpressionError(this.source, problem);
    this.problems.push(problem);
    const start = at?.start ?? this.source.length;
    return { kind: 'invalid', problem, start, end: at?.end ?? start };
  }
}
