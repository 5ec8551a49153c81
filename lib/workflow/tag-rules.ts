/**
 * docker/metadata-action's `tags` input read into rules: which tag each entry produces, whether
 * it moves, and its priority. Pure; part of the deploy workflow model (deploy-workflow.ts).
 */

/** A commit SHA used to render what `type=sha` tags look like. */
export const SAMPLE_COMMIT_SHA = '0123456789abcdef0123456789abcdef01234567';

/** One entry of docker/metadata-action's `tags` input. */
export interface TagRule {
  /** The entry as written. */
  readonly text: string;
  /** `sha`, `raw`, `ref`, `semver`, … (`raw` for a bare value). */
  readonly type: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The `enable=` attribute as written (an expression, `true` or `false`); absent = always. */
  readonly enable?: string;
  /**
   * The tag it produces when that is known without running: a `raw` value without expressions,
   * or a `sha` tag rendered for `SAMPLE_COMMIT_SHA`.
   */
  readonly tag?: string;
  /** A `type=sha` entry: one tag per commit, never pushed twice. Every other entry can move. */
  readonly perCommit: boolean;
  /**
   * metadata-action's `priority`: written, or the type's default. The highest comes first in the
   * action's output and names the image version (`org.opencontainers.image.version`).
   */
  readonly priority: number;
}

/** metadata-action's default priority per tag type (its README, "priority attribute"). */
export const DEFAULT_TAG_PRIORITY: Readonly<Record<string, number>> = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100,
};

/**
 * Parses metadata-action's `tags` input: one entry per line, `key=value` attributes separated by
 * commas (commas inside `${{ }}` belong to the expression), a bare value meaning `type=raw`.
 */
export function parseTagRules(input: string): TagRule[] {
  const rules: TagRule[] = [];
  for (const rawLine of input.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const attributes: Record<string, string> = {};
    const parts = splitOutsideExpressions(line);
    parts.forEach((part, i) => {
      const eq = part.indexOf('=');
      if (eq === -1) {
        // "type=raw,foo" and a bare "foo" both mean the value foo.
        if (i === 0 || attributes.type === 'raw') attributes.value = part.trim();
      } else {
        attributes[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
      }
    });
    const type = attributes.type ?? 'raw';
    const written =
      attributes.priority !== undefined && /^-?[0-9]+$/.test(attributes.priority)
        ? Number(attributes.priority)
        : undefined;
    const priority = written ?? DEFAULT_TAG_PRIORITY[type] ?? 0;
    rules.push({
      text: line,
      type,
      attributes,
      enable: attributes.enable,
      tag: tagOf(type, attributes),
      perCommit: type === 'sha',
      priority,
    });
  }
  return rules;
}

function tagOf(type: string, attributes: Record<string, string>): string | undefined {
  const prefix = attributes.prefix ?? (type === 'sha' ? 'sha-' : '');
  const suffix = attributes.suffix ?? '';
  let core: string | undefined;
  if (type === 'sha') {
    core = attributes.format === 'long' ? SAMPLE_COMMIT_SHA : SAMPLE_COMMIT_SHA.slice(0, 7);
  } else if (
    type === 'raw' &&
    attributes.value !== undefined &&
    !attributes.value.includes('${{') &&
    !attributes.value.includes('{{')
  ) {
    core = attributes.value;
  }
  const whole = core === undefined ? undefined : `${prefix}${core}${suffix}`;
  return whole !== undefined && !whole.includes('{{') ? whole : undefined;
}

function splitOutsideExpressions(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < line.length; i++) {
    if (line.startsWith('${{', i)) depth++;
    if (line.startsWith('}}', i) && depth > 0) depth--;
    if (line[i] === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += line[i];
    }
  }
  parts.push(current);
  return parts;
}
