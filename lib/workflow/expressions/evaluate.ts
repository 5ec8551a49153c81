/**
 * Evaluates expressions the way a runner would, for the rehearsal's walk through the deploy
 * workflow. Property names ignore case, a missing property is `null`, `&&` and `||` return an
 * operand, and an object filter (`labels.*.name`) gives the array of what each element holds.
 */
import { ExpressionError } from './error';
import { callFunction, STATUS_FUNCTIONS } from './functions';
import { parseExpression, type Node } from './parser';
import { expressionSites } from './template';
import { asString, compare, truthy } from './values';

/** The contexts an expression reads (`github`, `vars`, `steps`, `env`, …), by name. */
export type Contexts = Record<string, unknown>;

/** The arrays an object filter made: reading a property of one reads it from every element. */
const FILTERED = new WeakSet<unknown[]>();

function filtered(items: unknown[]): unknown[] {
  FILTERED.add(items);
  return items;
}

function isFiltered(value: unknown): value is unknown[] {
  return Array.isArray(value) && FILTERED.has(value);
}

/** `object[key]`: case-insensitive for object properties, numeric for array elements. */
function member(object: unknown, key: unknown): unknown {
  if (isFiltered(object)) return filtered(object.map((item) => member(item, key)).filter((v) => v !== null));
  if (object === null || typeof object !== 'object') return null;
  if (Array.isArray(object)) return typeof key === 'number' ? (object[key] ?? null) : null;
  const record = object as Record<string, unknown>;
  const name = asString(key);
  if (name in record) return record[name] ?? null;
  const folded = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return folded === undefined ? null : (record[folded] ?? null);
}

/** `object.*`: the elements of an array or the values of an object (of each, after a filter). */
function everyMember(object: unknown): unknown {
  if (isFiltered(object)) return filtered(object.flatMap(elementsOf));
  return object !== null && typeof object === 'object' ? filtered(elementsOf(object)) : null;
}

function elementsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return [...value];
  return value !== null && typeof value === 'object' ? Object.values(value) : [];
}

/** `job.status`: how the job has gone so far (`success` when the contexts do not say). */
function jobStatus(contexts: Contexts): string {
  return asString(member(member(contexts, 'job'), 'status')) || 'success';
}

function evaluateNode(source: string, node: Node, contexts: Contexts): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'context':
      return member(contexts, node.name);
    case 'member': {
      const object = evaluateNode(source, node.object, contexts);
      if (node.key.kind === 'wildcard') return everyMember(object);
      return member(object, evaluateNode(source, node.key, contexts));
    }
    case 'call':
      return callFunction(
        source,
        node.name,
        node.args.map((a) => evaluateNode(source, a, contexts)),
        jobStatus(contexts),
      );
    case 'not':
      return !truthy(evaluateNode(source, node.operand, contexts));
    case 'binary': {
      const left = evaluateNode(source, node.left, contexts);
      if (node.op === '&&') return truthy(left) ? evaluateNode(source, node.right, contexts) : left;
      if (node.op === '||') return truthy(left) ? left : evaluateNode(source, node.right, contexts);
      return compare(node.op, left, evaluateNode(source, node.right, contexts));
    }
    case 'wildcard':
    case 'invalid':
      throw new ExpressionError(source, `cannot evaluate ${node.kind} syntax`);
  }
}

/** Evaluates one expression body (what stands between `${{` and `}}`). */
export function evaluate(expression: string, contexts: Contexts): unknown {
  return evaluateNode(expression, parseExpression(expression), contexts);
}

/** Replaces every `${{ … }}` in `text` by its value, as a runner does before using a string. */
export function interpolate(text: string, contexts: Contexts): string {
  const { sites, unclosedAt } = expressionSites(text);
  if (unclosedAt !== undefined) throw new ExpressionError(text.slice(unclosedAt + 3), 'no closing }}');
  let out = '';
  let from = 0;
  for (const site of sites) {
    out += text.slice(from, site.start) + asString(evaluate(site.body.trim(), contexts));
    from = site.end;
  }
  return out + text.slice(from);
}

/** True when the tree calls a status check function (`success()`, `failure()`, `always()`, …). */
function callsStatusFunction(node: Node): boolean {
  switch (node.kind) {
    case 'call':
      return STATUS_FUNCTIONS.includes(node.name) || node.args.some(callsStatusFunction);
    case 'member':
      return callsStatusFunction(node.object) || callsStatusFunction(node.key);
    case 'not':
      return callsStatusFunction(node.operand);
    case 'binary':
      return callsStatusFunction(node.left) || callsStatusFunction(node.right);
    default:
      return false;
  }
}

/**
 * True when an `if:` asks for the job's status itself; any other condition is read by GitHub as
 * `success() && (condition)`: after a failed step, only steps whose `if:` does are considered.
 */
export function checksStatus(text: string | boolean | undefined): boolean {
  if (typeof text !== 'string') return false;
  const { sites } = expressionSites(text);
  const bodies = text.includes('${{') ? sites.map((s) => s.body) : [text];
  return bodies.some((body) => callsStatusFunction(parseExpression(body.trim())));
}

/**
 * A step's or job's `if:`. GitHub reads it as an expression with or without `${{ }}`; a
 * condition that is one whole `${{ … }}` is unwrapped first. Without a status check function it
 * also needs the job (or, for a job, every job it needs) to have succeeded so far (`success()`).
 */
export function condition(text: string | boolean | undefined, contexts: Contexts): boolean {
  if (!checksStatus(text) && !truthy(callFunction('success()', 'success', [], jobStatus(contexts)))) return false;
  if (text === undefined) return true;
  if (typeof text === 'boolean') return text;
  const trimmed = text.trim();
  const { sites } = expressionSites(trimmed);
  if (sites.length === 1 && sites[0].start === 0 && sites[0].end === trimmed.length) {
    return truthy(evaluate(sites[0].body.trim(), contexts));
  }
  if (trimmed.includes('${{')) return truthy(interpolate(trimmed, contexts));
  return truthy(evaluate(trimmed, contexts));
}
