/**
 * Edits the settings in cdk.json's `context` and nothing else: the text of every other key, its
 * value and its place stays byte for byte as it was. The file is read with the yaml package (JSON
 * is YAML), whose nodes know where each value stands in the text; only those spans are replaced.
 */
import { isMap, isScalar, parseDocument, type Pair, type YAMLMap } from 'yaml';

/** A setting to write (a JSON value) or, with `undefined`, to remove. */
export type SettingChange = readonly [key: string, value: unknown];

/** The result of applying changes: the new text and the keys whose value really changed. */
export interface CdkJsonEdit {
  readonly text: string;
  readonly changed: readonly string[];
}

type Range = readonly [number, number, number];

/**
 * Applies `changes` to cdk.json's text. A key that is not there yet goes right after the nearest
 * key that comes before it in `order` (the settings' documented order), so related settings stay
 * together. Throws when the text is not a JSON object with a `context` object.
 */
export function editCdkJsonContext(
  text: string,
  changes: readonly SettingChange[],
  order: readonly string[] = [],
): CdkJsonEdit {
  let current = text;
  const changed: string[] = [];
  for (const [key, value] of changes) {
    const next = applyOne(current, key, value, order);
    if (next === current) continue;
    current = next;
    if (!changed.includes(key)) changed.push(key);
  }
  const intended = { ...(JSON.parse(text) as { context?: Record<string, unknown> }).context };
  for (const [key, value] of changes) {
    if (value === undefined) delete intended[key];
    else intended[key] = value;
  }
  const written = (JSON.parse(current) as { context?: Record<string, unknown> }).context ?? {};
  if (JSON.stringify(sortedKeys(written)) !== JSON.stringify(sortedKeys(intended))) {
    throw new Error('cdk.json would not read back as the settings configure checked: edit it by hand');
  }
  return { text: current, changed };
}

function sortedKeys(value: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function contextOf(text: string): YAMLMap {
  const json = JSON.parse(text) as unknown;
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new Error('cdk.json is not a JSON object');
  const doc = parseDocument(text);
  // A key written twice (JSON.parse, and so the CDK, takes the last; an edit could change the
  // first): refuse rather than write something other than what is reported.
  const duplicate = doc.errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (duplicate)
    throw new Error(
      `cdk.json has a key written twice (${duplicate.message.split('\n')[0]}): remove one, then run configure again`,
    );
  const context = doc.get('context', true);
  if (!isMap(context)) throw new Error('cdk.json has no "context" object: add "context": {} to it');
  return context;
}

function pairOf(context: YAMLMap, key: string): Pair | undefined {
  return context.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

const rangeOf = (node: unknown): Range => (node as { range: Range }).range;

function applyOne(text: string, key: string, value: unknown, order: readonly string[]): string {
  const context = contextOf(text);
  const pair = pairOf(context, key);
  if (pair) {
    const [start, end] = rangeOf(pair.value);
    if (value === undefined) return removePair(text, context, pair);
    if (JSON.stringify(JSON.parse(text.slice(start, end))) === JSON.stringify(value)) return text;
    const multiline = text.slice(start, end).includes('\n');
    return text.slice(0, start) + render(value, multiline, lineIndent(text, start), indentUnit(text)) + text.slice(end);
  }
  if (value === undefined) return text;
  const before = order.slice(0, Math.max(0, order.indexOf(key)));
  const anchor = [...context.items].reverse().find((p) => isScalar(p.key) && before.includes(String(p.key.value)));
  const last = context.items[context.items.length - 1];
  const after = (order.includes(key) ? anchor : last) ?? undefined;
  const indent =
    context.items.length > 0
      ? lineIndent(text, rangeOf(context.items[0].key)[0])
      : lineIndent(text, rangeOf(context)[0]) + indentUnit(text);
  const entry = `${JSON.stringify(key)}: ${render(value, prefersMultiline(text, context), indent, indentUnit(text))}`;
  if (after) {
    const at = rangeOf(after.value)[1];
    return `${text.slice(0, at)},\n${indent}${entry}${text.slice(at)}`;
  }
  if (context.items.length > 0) {
    const first = rangeOf(context.items[0].key)[0];
    return `${text.slice(0, first)}${entry},\n${indent}${text.slice(first)}`;
  }
  const [open, close] = rangeOf(context);
  const outer = lineIndent(text, open);
  return `${text.slice(0, open)}{\n${outer}${indentUnit(text)}${entry}\n${outer}}${text.slice(close)}`;
}

/** Removes `"key": value` with the comma and line break that go with it. */
function removePair(text: string, context: YAMLMap, pair: Pair): string {
  const index = context.items.indexOf(pair);
  const [keyStart] = rangeOf(pair.key);
  const valueEnd = rangeOf(pair.value)[1];
  if (index > 0) {
    const previousEnd = rangeOf(context.items[index - 1].value)[1];
    return text.slice(0, previousEnd) + text.slice(valueEnd);
  }
  const next = context.items[1];
  const end = next ? rangeOf(next.key)[0] : valueEnd;
  const start = next ? keyStart : rangeOf(context)[0] + 1;
  return text.slice(0, start) + text.slice(end);
}

/** A JSON value as the file writes them: lists one entry a line when the file does so. */
function render(value: unknown, multiline: boolean, indent: string, unit: string): string {
  if (!multiline || !Array.isArray(value) || value.length === 0) return JSON.stringify(value).replace(/","/g, '", "');
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${indent}`);
}

/** True when the context writes a non-empty list over several lines (as `cdk init` does). */
function prefersMultiline(text: string, context: YAMLMap): boolean {
  const lists = context.items.map((p) => text.slice(...rangeOf(p.value).slice(0, 2))).filter((v) => /^\[\s*\S/.test(v));
  return lists.length === 0 || lists.some((v) => v.includes('\n'));
}

/** The white space that starts the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** One level of the file's indentation (two spaces when nothing is indented). */
function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1] : '  ';
}
