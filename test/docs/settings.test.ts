/**
 * The settings reference cannot rot: docs/settings.md has a section for every key of SETTINGS
 * and for nothing else, the README's table lists each one once, and the default each states is
 * the one the configuration parser really applies (read back through parseSettings with only the
 * required settings given). The settings the docs pass with -c, and their cdk.json examples, are
 * settings the parser accepts.
 */
import { ConfigError, parseSettings, SETTINGS, SettingKey } from '../../lib/stack/config';
import { isCdkKey } from '../../lib/stack/config/unknown-keys';
import { FIXTURE_SETTINGS } from '../support/fixture-settings';
import { codeBlocks, docFiles, headings, readDoc, section, tableRows } from './markdown';
import { PARSED_VALUES } from './parsed-settings';

const REFERENCE = 'docs/settings.md';
const KEYS = Object.keys(SETTINGS) as SettingKey[];

/** A default as the docs state it: `required`, `unset`, or a code span (JSON, or text) that may name `<otherKey>`. */
type Documented = { readonly kind: 'required' } | { readonly kind: 'unset' } | { readonly kind: 'value'; text: string };

function parseDocumented(text: string): Documented | undefined {
  if (/^required\b/.test(text)) return { kind: 'required' };
  if (/^unset\b/.test(text)) return { kind: 'unset' };
  const code = /^`([^`]+)`/.exec(text);
  return code ? { kind: 'value', text: code[1] } : undefined;
}

/** The reference's sections: `### \`key\`` headings, each with its `Default: …` line. */
function referenceDefaults(): Map<string, string | undefined> {
  const text = readDoc(REFERENCE);
  const found = new Map<string, string | undefined>();
  for (const h of headings(text)) {
    const key = /^`([^`]+)`$/.exec(h.text)?.[1];
    if (h.level !== 3 || key === undefined) continue;
    const body = section(text, h.text) ?? '';
    found.set(key, /^Default: (.+)$/m.exec(body)?.[1].trim());
  }
  return found;
}

/** The README's settings table: key (linked to its section of the reference) → default cell. */
function readmeDefaults(): { key: string; link: string; cell: string }[] {
  const rows = tableRows(section(readDoc('README.md'), 'Settings') ?? '');
  return rows.map(([first, cell]) => {
    const m = /^\[`([^`]+)`\]\(([^)]+)\)$/.exec(first);
    return { key: m?.[1] ?? first, link: m?.[2] ?? '', cell };
  });
}

const DOCUMENTED = referenceDefaults();
const REQUIRED = [...DOCUMENTED].filter(([, d]) => d !== undefined && parseDocumented(d)?.kind === 'required');

/** The context with only the required settings, valued from the fixture settings. */
function requiredOnly(): Record<string, unknown> {
  return Object.fromEntries(REQUIRED.map(([key]) => [key, FIXTURE_SETTINGS[key]]));
}

function parse(context: Readonly<Record<string, unknown>>) {
  const read = (key: string) => context[key];
  return { registry: parseSettings(read, Object.keys(context)), read };
}

/** Another valid value for each setting a documented default may name as `<key>`. */
const ALTERNATIVE_VALUES: Readonly<Record<string, string>> = { env: 'qa' };

/**
 * Undefined when `documented` is the default the parser applies to `key` (for a default that names
 * `<other>`, also after giving `other` another value), else what differs.
 */
function defaultProblem(key: SettingKey, documented: string | undefined): string | undefined {
  if (documented === undefined) return `${key}: no "Default: …" line`;
  const stated = parseDocumented(documented);
  if (stated === undefined) return `${key}: default "${documented}" is not \`value\`, required or unset`;
  const valueOf = PARSED_VALUES[key];
  if (valueOf === undefined) return `${key}: add how to read its parsed value to test/docs/parsed-settings.ts`;
  if (stated.kind === 'required') {
    return REQUIRED.some(([k]) => k === key) ? undefined : `${key}: documented required, but not in the reference`;
  }
  const base = requiredOnly();
  const named = stated.kind === 'value' ? [...stated.text.matchAll(/<(\w+)>/g)].map((m) => m[1]) : [];
  const contexts = [base, ...named.map((other) => ({ ...base, [other]: ALTERNATIVE_VALUES[other] }))];
  for (const context of contexts) {
    const { registry, read } = parse(context);
    const actual = valueOf(registry, read);
    let expected: unknown = undefined;
    if (stated.kind === 'value') {
      const text = stated.text.replace(/<(\w+)>/g, (_, other) =>
        String(PARSED_VALUES[other as SettingKey]?.(registry, read)),
      );
      try {
        expected = JSON.parse(text);
      } catch {
        expected = text;
      }
    }
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      const given = Object.keys(context).filter((k) => !(k in base));
      return `${key}: documented default ${documented}, but the parser gives ${JSON.stringify(actual)}${given.length ? ` with ${given.map((k) => `${k}=${JSON.stringify(context[k])}`).join(', ')}` : ''}`;
    }
  }
  return undefined;
}

describe(`${REFERENCE}, the full reference`, () => {
  test('has a section for every setting the parser knows (SETTINGS)', () => {
    expect(KEYS.filter((key) => !DOCUMENTED.has(key))).toEqual([]);
  });

  test('documents no setting that does not exist', () => {
    expect([...DOCUMENTED.keys()].filter((key) => !KEYS.includes(key as SettingKey))).toEqual([]);
  });

  test('the settings documented as required are exactly those the parser cannot do without', () => {
    expect(REQUIRED.map(([key]) => key).every((key) => FIXTURE_SETTINGS[key] !== undefined)).toBe(true);
    expect(() => parse(requiredOnly())).not.toThrow();
    for (const [key] of REQUIRED) {
      const without = requiredOnly();
      delete without[key];
      expect(() => parse(without)).toThrow(expect.objectContaining({ name: ConfigError.name, key }));
    }
  });

  test.each(KEYS)('%s: the documented default is the parser’s', (key) => {
    expect(defaultProblem(key, DOCUMENTED.get(key))).toBeUndefined();
  });
});

describe('README.md "Settings" table', () => {
  const rows = readmeDefaults();

  test('lists every setting once, each linked to its section of the reference', () => {
    expect(rows.map((r) => r.key).sort()).toEqual([...KEYS].sort());
    for (const row of rows) expect(row.link).toBe(`${REFERENCE}#${row.key.toLowerCase()}`);
  });

  test('states the parser’s default for each', () => {
    const problems = rows
      .filter((r) => KEYS.includes(r.key as SettingKey))
      .map((r) => defaultProblem(r.key as SettingKey, r.cell))
      .filter((p) => p !== undefined);
    expect(problems).toEqual([]);
  });
});

describe.each(docFiles())('%s', (file) => {
  const text = readDoc(file);

  test('every setting given with -c / --context is one of the app’s settings (or the CDK’s own)', () => {
    const keys = [...text.matchAll(/(?:^|[\s(`])(?:-c|--context)\s+['"]?([^\s='"]+)=/gm)].map((m) => m[1]);
    const placeholders = (key: string) => /^[A-Z_]+$/.test(key);
    expect(keys.filter((k) => !placeholders(k) && !KEYS.includes(k as SettingKey) && !isCdkKey(k))).toEqual([]);
  });

  test('every cdk.json example (a JSON block with "context") is accepted by the parser', () => {
    const examples = codeBlocks(text)
      .filter((b) => b.info === 'json' && /"context"\s*:/.test(b.body))
      .map((b) => JSON.parse(b.body) as { context: Record<string, unknown> });
    for (const { context } of examples) expect(() => parse(context)).not.toThrow();
  });
});
