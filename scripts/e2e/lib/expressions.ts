/**
 * Evaluates GitHub Actions `${{ … }}` expressions the way a runner would, for the rehearsal's
 * walk through the deploy workflow: literals, context lookups (`github.sha`, `vars.X`,
 * `steps.id.outputs.y`, `x['y']`), `!`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, parentheses
 * and the documented functions that need nothing from a real runner.
 *
 * Semantics follow GitHub's documentation: property names are case-insensitive, a missing property
 * is null, strings compare case-insensitively, mixed types compare as numbers, `&&`/`||` return an
 * operand, and an interpolated null is the empty string.
 */

export type Contexts = Record<string, unknown>;

export class ExpressionError extends Error {
  constructor(expression: string, problem: string) {
    super(`expression \${{ ${expression} }}: ${problem}`);
    this.name = 'ExpressionError';
  }
}

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string };

type Node =
  | { kind: 'literal'; value: unknown }
  | { kind: 'context'; name: string }
  | { kind: 'member'; object: Node; key: Node }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'not'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionError(source, 'unterminated string');
        if (source[i] === "'" && source[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (source[i] === "'") {
          i++;
          break;
        } else {
          value += source[i++];
        }
      }
      tokens.push({ kind: 'string', value });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^-?(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)/.exec(source.slice(i));
      if (!m) throw new ExpressionError(source, `bad number at ${i}`);
      tokens.push({ kind: 'number', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'name', value: m[0] });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new ExpressionError(source, `unexpected '${c}' at ${i}`);
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    }
  }
  return tokens;
}

/** Recursive descent, loosest first: `||`, `&&`, equality, comparison, `!`, member/call. */
class Parser {
  private pos = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Node {
    const node = this.or();
    if (this.pos !== this.tokens.length) this.fail('unexpected trailing input');
    return node;
  }

  private or(): Node {
    return this.binary(() => this.and(), ['||']);
  }

  private and(): Node {
    return this.binary(() => this.equality(), ['&&']);
  }

  private equality(): Node {
    return this.binary(() => this.comparison(), ['==', '!=']);
  }

  private comparison(): Node {
    return this.binary(() => this.unary(), ['<', '<=', '>', '>=']);
  }

  private binary(next: () => Node, ops: string[]): Node {
    let left = next();
    while (this.peekOp(...ops)) {
      const op = (this.tokens[this.pos++] as { value: string }).value;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  }

  private unary(): Node {
    if (this.peekOp('!')) {
      this.pos++;
      return { kind: 'not', operand: this.unary() };
    }
    return this.postfix();
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.peekOp('.')) {
        this.pos++;
        const t = this.tokens[this.pos++];
        if (t?.kind !== 'name' && !(t?.kind === 'op' && t.value === '*'))
          this.fail('expected a property name after "."');
        node = { kind: 'member', object: node, key: { kind: 'literal', value: (t as { value: string }).value } };
      } else if (this.peekOp('[')) {
        this.pos++;
        const key = this.or();
        this.expectOp(']');
        node = { kind: 'member', object: node, key };
      } else {
        return node;
      }
    }
  }

  private primary(): Node {
    const t = this.tokens[this.pos++];
    if (!t) this.fail('unexpected end');
    if (t.kind === 'string' || t.kind === 'number') return { kind: 'literal', value: t.value };
    if (t.kind === 'op' && t.value === '(') {
      const inner = this.or();
      this.expectOp(')');
      return inner;
    }
    if (t.kind === 'name') {
      if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true' };
      if (t.value === 'null') return { kind: 'literal', value: null };
      if (this.peekOp('(')) {
        this.pos++;
        const args: Node[] = [];
        while (!this.peekOp(')')) {
          if (args.length > 0) this.expectOp(',');
          args.push(this.or());
        }
        this.expectOp(')');
        return { kind: 'call', name: t.value.toLowerCase(), args };
      }
      return { kind: 'context', name: t.value };
    }
    return this.fail(`unexpected '${String(t.value)}'`);
  }

  private peekOp(...ops: string[]): boolean {
    const t = this.tokens[this.pos];
    return t?.kind === 'op' && ops.includes(t.value);
  }

  private expectOp(op: string): void {
    if (!this.peekOp(op)) this.fail(`expected '${op}'`);
    this.pos++;
  }

  private fail(problem: string): never {
    throw new ExpressionError(this.source, problem);
  }
}

/** GitHub's truthiness: false, 0, -0, NaN, '' and null are falsy. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return true;
}

/** How a value reads when interpolated into a string. */
export function asString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

function asNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  return NaN;
}

function isPrimitive(v: unknown): boolean {
  return v === null || v === undefined || ['string', 'number', 'boolean'].includes(typeof v);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === '!=') return !compare('==', a, b);
  if (!isPrimitive(a) || !isPrimitive(b)) return op === '==' ? a === b : false;
  let x: string | number;
  let y: string | number;
  if (typeof a === 'string' && typeof b === 'string') {
    x = a.toLowerCase();
    y = b.toLowerCase();
  } else {
    x = asNumber(a);
    y = asNumber(b);
  }
  switch (op) {
    case '==':
      return x === y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

function member(object: unknown, key: unknown): unknown {
  if (object === null || typeof object !== 'object') return null;
  if (Array.isArray(object)) {
    if (typeof key === 'number') return object[key] ?? null;
    return null;
  }
  const record = object as Record<string, unknown>;
  const name = asString(key);
  if (name in record) return record[name] ?? null;
  const folded = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return folded === undefined ? null : (record[folded] ?? null);
}

function callFunction(source: string, name: string, args: unknown[]): unknown {
  const str = (i: number) => asString(args[i]);
  switch (name) {
    case 'contains':
      if (Array.isArray(args[0])) return args[0].some((item) => compare('==', item, args[1]));
      return str(0).toLowerCase().includes(str(1).toLowerCase());
    case 'startswith':
      return str(0).toLowerCase().startsWith(str(1).toLowerCase());
    case 'endswith':
      return str(0).toLowerCase().endsWith(str(1).toLowerCase());
    case 'format':
      // {{ and }} are literal braces; {N} is argument N.
      return str(0).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n?: string) => (n === undefined ? m[0] : str(Number(n) + 1)));
    case 'join':
      return Array.isArray(args[0]) ? args[0].map(asString).join(args.length > 1 ? str(1) : ',') : str(0);
    case 'tojson':
      return JSON.stringify(args[0] ?? null, null, 2);
    case 'fromjson':
      return JSON.parse(str(0));
    // A rehearsal runs the job's steps in order and stops at the first failure.
    case 'success':
    case 'always':
      return true;
    case 'failure':
    case 'cancelled':
      return false;
    default:
      throw new ExpressionError(source, `function ${name}() is not supported by the rehearsal`);
  }
}

function evaluateNode(source: string, node: Node, contexts: Contexts): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'context':
      return member(contexts, node.name);
    case 'member':
      return member(evaluateNode(source, node.object, contexts), evaluateNode(source, node.key, contexts));
    case 'call':
      return callFunction(
        source,
        node.name,
        node.args.map((a) => evaluateNode(source, a, contexts)),
      );
    case 'not':
      return !truthy(evaluateNode(source, node.operand, contexts));
    case 'binary': {
      const left = evaluateNode(source, node.left, contexts);
      if (node.op === '&&') return truthy(left) ? evaluateNode(source, node.right, contexts) : left;
      if (node.op === '||') return truthy(left) ? left : evaluateNode(source, node.right, contexts);
      return compare(node.op, left, evaluateNode(source, node.right, contexts));
    }
  }
}

/** Evaluates one expression body (what stands between `${{` and `}}`). */
export function evaluate(expression: string, contexts: Contexts): unknown {
  return evaluateNode(expression, new Parser(expression, tokenize(expression)).parse(), contexts);
}

/** Replaces every `${{ … }}` in `text` by its value, as a runner does before using a string. */
export function interpolate(text: string, contexts: Contexts): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('${{', from);
    if (open === -1) return out + text.slice(from);
    const close = closingBraces(text, open + 3);
    if (close === -1) throw new ExpressionError(text.slice(open + 3), 'no closing }}');
    out += text.slice(from, open) + asString(evaluate(text.slice(open + 3, close).trim(), contexts));
    from = close + 2;
  }
}

/** Index of the `}}` closing an expression that starts at `from`, skipping string literals. */
function closingBraces(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (!quoted && text[i] === '}' && text[i + 1] === '}') return i;
  }
  return -1;
}

/**
 * A step's or job's `if:`. GitHub reads it as an expression with or without `${{ }}`; a
 * condition that is one whole `${{ … }}` is unwrapped first.
 */
export function condition(text: string | boolean | undefined, contexts: Contexts): boolean {
  if (text === undefined) return true;
  if (typeof text === 'boolean') return text;
  const trimmed = text.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  if (whole && closingBraces(trimmed, 3) === trimmed.length - 2) return truthy(evaluate(whole[1].trim(), contexts));
  if (trimmed.includes('${{')) return truthy(interpolate(trimmed, contexts));
  return truthy(evaluate(trimmed, contexts));
}
