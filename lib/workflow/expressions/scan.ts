/**
 * What expressions read, from their syntax trees: each property-access chain that starts at a
 * context (`github.event.head_commit.message`, `vars['X']`, `steps.id.outputs.name`,
 * `toJSON(github)`'s whole `github`). Reading is tolerant: a malformed expression, which GitHub
 * would reject, still reports what its well-formed parts read.
 */
import { parseTolerant, type Node } from './parser';
import { expressionsIn } from './template';

/** One step of a property-access chain. */
export type PathStep =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  /** `.*` or `[*]`: every element. */
  | { readonly kind: 'wildcard' }
  /** `[expression]` with a key known only when evaluated; `text` is the expression as written. */
  | { readonly kind: 'computed'; readonly text: string };

/** A property-access chain from a context: `context` as written, then `path`. */
export interface ContextRead {
  readonly context: string;
  readonly path: readonly PathStep[];
}

/** Every chain one expression body reads, in the order they stand in it. */
export function contextReadsInExpression(body: string): ContextRead[] {
  const found: Array<ContextRead & { at: number }> = [];
  for (const root of parseTolerant(body).roots) collect(root, body, found);
  return found.sort((a, b) => a.at - b.at).map(({ context, path }) => ({ context, path }));
}

/** Collects the chains under `node`: a chain counts once, whole, not also each of its prefixes. */
function collect(node: Node, source: string, found: Array<ContextRead & { at: number }>): void {
  switch (node.kind) {
    case 'context':
    case 'member': {
      const keys: Node[] = [];
      let base: Node = node;
      while (base.kind === 'member') {
        keys.unshift(base.key);
        base = base.object;
      }
      if (base.kind === 'context') {
        found.push({ context: base.name, path: keys.map((key) => stepOf(key, source)), at: base.start });
      } else {
        collect(base, source, found);
      }
      for (const key of keys) collect(key, source, found);
      return;
    }
    case 'call':
      for (const arg of node.args) collect(arg, source, found);
      return;
    case 'not':
      collect(node.operand, source, found);
      return;
    case 'binary':
      collect(node.left, source, found);
      collect(node.right, source, found);
      return;
    default:
      return;
  }
}

function stepOf(key: Node, source: string): PathStep {
  if (key.kind === 'wildcard') return { kind: 'wildcard' };
  if (key.kind === 'literal' && typeof key.value === 'string') return { kind: 'name', name: key.value };
  if (key.kind === 'literal' && typeof key.value === 'number') return { kind: 'index', index: key.value };
  return { kind: 'computed', text: source.slice(key.start, key.end).replace(/\s+/g, ' ') };
}

/** A chain as text: `.name` where the name is a plain word, `['…']` where it is not, `[0]`, `.*`. */
export function pathText(read: ContextRead): string {
  return (
    read.context +
    read.path
      .map((step) => {
        switch (step.kind) {
          case 'name':
            return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(step.name)
              ? `.${step.name}`
              : `['${step.name.replace(/'/g, "''")}']`;
          case 'index':
            return `[${step.index}]`;
          case 'wildcard':
            return '.*';
          case 'computed':
            return `[${step.text}]`;
        }
      })
      .join('')
  );
}

/** Context names ignore case, as GitHub's do (`VARS.X` reads the variable X). */
function isContext(read: ContextRead, name: string): boolean {
  return read.context.toLowerCase() === name;
}

/**
 * Context properties read by the expressions in `text`, as paths (`github.run_id`,
 * `github.event.head_commit.message`, `steps.x.outputs.y`, `github` for the whole context).
 */
export function contextPathsIn(text: string): string[] {
  return expressionsIn(text).flatMap((body) => contextReadsInExpression(body).map(pathText));
}

/** Names of repository variables one expression body reads (`vars.X`, `vars['X']`). */
export function variablesInExpression(body: string): string[] {
  const names = contextReadsInExpression(body).flatMap((read) => {
    const first = read.path[0];
    return isContext(read, 'vars') && first?.kind === 'name' ? [first.name] : [];
  });
  return [...new Set(names)];
}

/** Names of repository variables read by the expressions in `text` (`vars.X`, `vars['X']`). */
export function variablesReadIn(text: string): string[] {
  return [...new Set(expressionsIn(text).flatMap(variablesInExpression))];
}

/**
 * Step outputs read by the expressions in `text` (`steps.ID.outputs.NAME`, in dots or brackets).
 * `*` stands for a step or an output named by a wildcard or a computed key, and for the output of
 * a read of the whole `steps.ID.outputs`.
 */
export function stepOutputsReadIn(text: string): Array<{ step: string; output: string }> {
  return expressionsIn(text).flatMap((body) =>
    contextReadsInExpression(body).flatMap((read) => {
      const [step, outputs, output] = read.path;
      if (!isContext(read, 'steps') || step === undefined || step.kind === 'index') return [];
      if (outputs?.kind !== 'name' || outputs.name.toLowerCase() !== 'outputs') return [];
      return [{ step: nameOrAny(step), output: output === undefined ? '*' : nameOrAny(output) }];
    }),
  );
}

function nameOrAny(step: PathStep): string {
  return step.kind === 'name' ? step.name : '*';
}
