/**
 * A job's `environment:` as the role sees it. A job that names an environment gets a token whose
 * `sub` is `environment:NAME` whatever the branch or tag that started it, so the role must trust
 * each name the job can take. A literal name is one; an expression can take several, which are
 * read here when they are written as string literals (`cond && 'production' || 'staging'`) or come
 * from the job's matrix (`matrix.env`); otherwise the names cannot be told without running.
 */
import { expressionSites, hasExpression, parseExpression, type Node } from './expressions';
import { truthy } from './expressions/values';
import type { WorkflowJob } from './workflow-document';

/** A job's environment: none, a literal name, or an expression. */
export type JobEnvironment =
  | { readonly kind: 'none' }
  | { readonly kind: 'literal'; readonly name: string }
  | {
      readonly kind: 'expression';
      /** As written, e.g. `${{ matrix.environment }}`. */
      readonly text: string;
      /** The names it can take, when they can be read from the file; undefined when they cannot. */
      readonly names?: readonly string[];
    };

/** The environment of `job`. */
export function jobEnvironmentOf(job: WorkflowJob): JobEnvironment {
  const text = job.environment;
  if (text === undefined) return { kind: 'none' };
  if (!hasExpression(text)) return { kind: 'literal', name: text };
  return { kind: 'expression', text, names: templateValues(text, job) };
}

/** The environment names the job can run in, or undefined when they cannot be told. */
export function environmentNames(environment: JobEnvironment): readonly string[] | undefined {
  if (environment.kind === 'none') return [];
  if (environment.kind === 'literal') return [environment.name];
  return environment.names;
}

type Value = string | number | boolean | null;

/** Every string the template can render to (each expression's values in turn), or undefined. */
function templateValues(text: string, job: WorkflowJob): string[] | undefined {
  let results = [''];
  let at = 0;
  const { sites, unclosedAt } = expressionSites(text);
  if (unclosedAt !== undefined) return undefined;
  for (const site of sites) {
    const values = expressionValues(site.body, job);
    if (values === undefined) return undefined;
    const before = text.slice(at, site.start);
    results = results.flatMap((r) => values.map((v) => `${r}${before}${v}`));
    at = site.end;
  }
  const names = [...new Set(results.map((r) => `${r}${text.slice(at)}`))];
  // An empty name would mean "no environment"; say it cannot be told rather than guess.
  return names.every((n) => n.trim() !== '') ? names : undefined;
}

function expressionValues(body: string, job: WorkflowJob): string[] | undefined {
  let node: Node;
  try {
    node = parseExpression(body);
  } catch {
    return undefined;
  }
  const values = valuesOf(node, job);
  if (values === undefined || values.some((v) => typeof v !== 'string')) return undefined;
  return values as string[];
}

/**
 * The values a node can evaluate to: string literals, matrix values, and `&&`/`||` over them
 * (`a || b` is a's truthy values and b's; `a && b` is a's falsy values and b's). A comparison
 * or function call is only true or false. Anything else (a context such as `vars.X`) is unknown.
 */
function valuesOf(node: Node, job: WorkflowJob): Value[] | undefined {
  switch (node.kind) {
    case 'literal':
      return [node.value];
    case 'not':
      return [true, false];
    case 'call':
      return ['startswith', 'endswith', 'contains'].includes(node.name) ? [true, false] : undefined;
    case 'member':
      return matrixValues(node, job);
    case 'binary': {
      if (node.op !== '&&' && node.op !== '||') return [true, false];
      const left = valuesOf(node.left, job);
      const right = valuesOf(node.right, job);
      if (left === undefined || right === undefined) return undefined;
      const keep = node.op === '||' ? left.filter(truthy) : left.filter((v) => !truthy(v));
      const passes = node.op === '||' ? left.some((v) => !truthy(v)) : left.some(truthy);
      return [...new Set([...keep, ...(passes ? right : [])])];
    }
    default:
      return undefined;
  }
}

/** `matrix.KEY`: the key's listed values and those its `include` entries add. */
function matrixValues(node: Node & { kind: 'member' }, job: WorkflowJob): Value[] | undefined {
  if (node.object.kind !== 'context' || node.object.name.toLowerCase() !== 'matrix') return undefined;
  if (node.key.kind !== 'literal' || typeof node.key.value !== 'string' || !job.matrix) return undefined;
  const key = node.key.value;
  const listed = job.matrix[key];
  const include = Array.isArray(job.matrix.include) ? (job.matrix.include as unknown[]) : [];
  const values: unknown[] = [
    ...(Array.isArray(listed) ? listed : listed === undefined ? [] : [listed]),
    ...include.map((entry) =>
      entry && typeof entry === 'object' ? (entry as Record<string, unknown>)[key] : undefined,
    ),
  ].filter((v) => v !== undefined);
  if (values.length === 0 || values.some((v) => v === null || typeof v === 'object')) return undefined;
  return [...new Set(values as Value[])];
}
