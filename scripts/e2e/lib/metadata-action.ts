/**
 * What docker/metadata-action (v5/v6) outputs for a push to a branch: the tags and labels the
 * deploy workflow hands to docker/build-push-action. Written from the action's documented rules
 * (README "tags input", "flavor input", "priority attribute", "Latest tag", "Global expressions")
 * so the rehearsal pushes exactly the tags a real run would:
 *
 * - entries are sorted by priority (highest first; sha 100, raw 200, ref 600, edge 700, …);
 *   the first tag produced is the "version" (the org.opencontainers.image.version label);
 * - `type=sha` defaults to prefix `sha-` and the short (7-character) SHA; `format=long` is the
 *   full SHA, and an explicit `prefix=` (empty) removes the prefix;
 * - `latest` comes from `flavor: latest=…` (auto: only for tag refs, semver, pep440, match) or
 *   from an explicit `type=raw,value=latest`;
 * - default labels: title, description, url, source, version, created, revision, licenses, then
 *   the `labels:` input, one value per key (the later wins), sorted by key.
 *
 * Types that produce nothing on a branch push (semver, pep440, match, `ref,event=tag|pr`) are
 * skipped here as the action skips them; anything the rehearsal cannot render is an error.
 */
import { DEFAULT_TAG_PRIORITY } from '../../../lib/workflow/deploy-workflow';
import { attributes, inputList } from './action-inputs';

export interface MetadataInputs {
  readonly images?: string;
  readonly tags?: string;
  readonly flavor?: string;
  readonly labels?: string;
}

export interface RepositoryInfo {
  readonly name: string;
  readonly description: string;
  readonly htmlUrl: string;
  readonly license: string;
  readonly defaultBranch: string;
}

export interface MetadataContext {
  readonly eventName: string;
  readonly ref: string;
  readonly sha: string;
  readonly repository: RepositoryInfo;
  readonly date: Date;
}

export interface MetadataOutputs {
  /** The highest-priority tag name (no image part); undefined when no tag was produced. */
  readonly version: string | undefined;
  /** Full references, image by image: `image:tag`. */
  readonly tags: string[];
  readonly tagNames: string[];
  /** `key=value`, sorted by key. */
  readonly labels: string[];
}

const SHORT_SHA_LENGTH = 7;

interface TagRule {
  readonly type: string;
  readonly attrs: Record<string, string>;
  readonly priority: number;
  readonly source: string;
}

interface Flavor {
  latest: 'auto' | 'true' | 'false';
  prefix: string;
  prefixLatest: boolean;
  suffix: string;
  suffixLatest: boolean;
}

export function renderMetadata(inputs: MetadataInputs, ctx: MetadataContext): MetadataOutputs {
  const listOptions = { ignoreComma: true, comment: '#' };
  const images = parseImages(inputList(inputs.images, listOptions));
  const flavor = parseFlavor(inputList(inputs.flavor, listOptions));
  const rules = parseTagRules(inputList(inputs.tags, listOptions));

  const produced: string[] = [];
  let latest: boolean | undefined;
  for (const rule of rules) {
    const enable = globalExpression(rule.attrs.enable ?? 'true', ctx);
    if (enable !== 'true' && enable !== 'false') {
      throw new Error(`metadata tag ${rule.source}: enable must be true or false, got '${enable}'`);
    }
    if (enable === 'false') continue;
    const value = ruleValue(rule, ctx);
    if (value === undefined) continue;
    const latestDefault = rule.type === 'ref' && rule.attrs.event === 'tag';
    const withAffixes = sanitizeTag(affixed(value, rule, flavor, ctx));
    if (withAffixes.length === 0) continue;
    if (!produced.includes(withAffixes)) produced.push(withAffixes);
    // As in the action: only the first tag produced decides whether `latest` is added.
    latest ??= flavor.latest === 'auto' ? latestDefault : flavor.latest === 'true';
  }

  const tagNames = [...produced];
  if (produced.length > 0 && latest) {
    const name = `${flavor.prefixLatest ? flavor.prefix : ''}latest${flavor.suffixLatest ? flavor.suffix : ''}`;
    tagNames.push(sanitizeTag(name));
  }
  const tags = images.length === 0 ? tagNames : images.flatMap((image) => tagNames.map((t) => `${image}:${t}`));

  const version = produced[0];
  const labels = defaultLabels(ctx, version);
  for (const label of inputList(inputs.labels, listOptions)) {
    const expanded = globalExpression(label, ctx);
    const eq = expanded.indexOf('=');
    if (eq === -1) continue;
    labels.set(expanded.slice(0, eq), expanded.slice(eq + 1));
  }
  const sortedLabels = [...labels.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);

  return { version, tags, tagNames, labels: sortedLabels };
}

function defaultLabels(ctx: MetadataContext, version: string | undefined): Map<string, string> {
  return new Map([
    ['org.opencontainers.image.title', ctx.repository.name],
    ['org.opencontainers.image.description', ctx.repository.description],
    ['org.opencontainers.image.url', ctx.repository.htmlUrl],
    ['org.opencontainers.image.source', ctx.repository.htmlUrl],
    ['org.opencontainers.image.version', version ?? ''],
    ['org.opencontainers.image.created', ctx.date.toISOString()],
    ['org.opencontainers.image.revision', ctx.sha],
    ['org.opencontainers.image.licenses', ctx.repository.license],
  ]);
}

/** The tag a rule produces before prefix/suffix, or undefined when it produces none here. */
function ruleValue(rule: TagRule, ctx: MetadataContext): string | undefined {
  const branch = ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : undefined;
  switch (rule.type) {
    case 'sha':
      return rule.attrs.format === 'long' ? ctx.sha : ctx.sha.slice(0, SHORT_SHA_LENGTH);
    case 'raw':
      return globalExpression(rule.attrs.value ?? '', ctx);
    case 'ref':
      if (rule.attrs.event === 'branch') return branch;
      if (rule.attrs.event === 'tag') return tagRefOnly(rule, ctx);
      if (rule.attrs.event === 'pr') return ctx.ref.startsWith('refs/pull/') ? unsupported(rule) : undefined;
      throw new Error(`metadata tag ${rule.source}: event must be branch, tag or pr`);
    case 'edge': {
      const edgeBranch = rule.attrs.branch || ctx.repository.defaultBranch;
      return branch !== undefined && branch === edgeBranch ? 'edge' : undefined;
    }
    case 'semver':
    case 'pep440':
    case 'match':
      return tagRefOnly(rule, ctx);
    case 'schedule':
      return ctx.eventName === 'schedule' ? unsupported(rule) : undefined;
    default:
      throw new Error(`metadata tag ${rule.source}: unknown type '${rule.type}'`);
  }
}

/** Rules that only produce a tag on a tag push: nothing on a branch push. */
function tagRefOnly(rule: TagRule, ctx: MetadataContext): undefined {
  if (ctx.ref.startsWith('refs/tags/')) unsupported(rule);
  return undefined;
}

function unsupported(rule: TagRule): never {
  throw new Error(
    `metadata tag ${rule.source}: not rendered by the rehearsal for this event (extend scripts/e2e/lib/metadata-action.ts)`,
  );
}

function affixed(value: string, rule: TagRule, flavor: Flavor, ctx: MetadataContext): string {
  const prefix = 'prefix' in rule.attrs ? rule.attrs.prefix : flavor.prefix;
  const suffix = 'suffix' in rule.attrs ? rule.attrs.suffix : flavor.suffix;
  return `${globalExpression(prefix, ctx)}${value}${globalExpression(suffix, ctx)}`;
}

function parseTagRules(entries: string[]): TagRule[] {
  const source =
    entries.length > 0
      ? entries
      : ['type=schedule', 'type=ref,event=branch', 'type=ref,event=tag', 'type=ref,event=pr'];
  const rules = source.map((entry) => {
    let type = 'raw';
    const attrs: Record<string, string> = {};
    for (const [key, value] of attributes(entry)) {
      if (value === undefined) attrs.value = key;
      else if (key === 'type') type = value;
      else attrs[key] = value;
    }
    if (!(type in DEFAULT_TAG_PRIORITY)) throw new Error(`metadata tag ${entry}: unknown type '${type}'`);
    if (type === 'sha') {
      attrs.prefix ??= 'sha-';
      attrs.format ??= 'short';
      if (!['short', 'long'].includes(attrs.format))
        throw new Error(`metadata tag ${entry}: format must be short or long`);
    }
    if (type === 'ref' && attrs.event === 'pr') attrs.prefix ??= 'pr-';
    if (type === 'raw' && attrs.value === undefined) throw new Error(`metadata tag ${entry}: missing value`);
    const priority = attrs.priority !== undefined ? Number(attrs.priority) : DEFAULT_TAG_PRIORITY[type];
    return { type, attrs, priority, source: entry };
  });
  // Array.prototype.sort is stable: equal priorities keep the order they were written in.
  return rules.sort((a, b) => b.priority - a.priority);
}

function parseFlavor(entries: string[]): Flavor {
  const flavor: Flavor = { latest: 'auto', prefix: '', prefixLatest: false, suffix: '', suffixLatest: false };
  for (const entry of entries) {
    let last: 'prefix' | 'suffix' | undefined;
    for (const [key, value] of attributes(entry)) {
      if (value === undefined) throw new Error(`metadata flavor ${entry}: expected key=value`);
      if (key === 'latest') {
        if (value !== 'auto' && value !== 'true' && value !== 'false')
          throw new Error(`metadata flavor ${entry}: latest must be auto, true or false`);
        flavor.latest = value;
      } else if (key === 'prefix' || key === 'suffix') {
        flavor[key] = value;
        last = key;
      } else if (key === 'onlatest') {
        if (last === 'prefix') flavor.prefixLatest = value === 'true';
        if (last === 'suffix') flavor.suffixLatest = value === 'true';
      } else {
        throw new Error(`metadata flavor ${entry}: unknown entry '${key}'`);
      }
    }
  }
  return flavor;
}

function parseImages(entries: string[]): string[] {
  const images: string[] = [];
  for (const entry of entries) {
    const fields = attributes(entry);
    if (fields.every(([, value]) => value === undefined)) {
      // Old format: names separated by commas on one line.
      images.push(...fields.map(([name]) => name));
      continue;
    }
    let name = '';
    let enable = true;
    for (const [key, value] of fields) {
      if (value === undefined) name = key;
      else if (key === 'name') name = value;
      else if (key === 'enable') enable = value === 'true';
      else throw new Error(`metadata image ${entry}: unknown attribute '${key}'`);
    }
    if (!name) throw new Error(`metadata image ${entry}: empty name`);
    if (enable) images.push(name);
  }
  return images.map((name) => name.toLowerCase());
}

/** The action's Handlebars globals that a branch push can use; others are an error. */
function globalExpression(text: string, ctx: MetadataContext): string {
  const branch = ctx.ref.startsWith('refs/heads/') ? ctx.ref.slice('refs/heads/'.length) : '';
  const isDefault = branch !== '' && branch === ctx.repository.defaultBranch;
  const values: Record<string, string> = {
    branch,
    tag: ctx.ref.startsWith('refs/tags/') ? ctx.ref.slice('refs/tags/'.length) : '',
    sha: ctx.sha.slice(0, SHORT_SHA_LENGTH),
    base_ref: '',
    is_default_branch: String(isDefault),
    is_not_default_branch: String(!isDefault),
  };
  return text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`metadata expression {{${name}}} is not supported by the rehearsal`);
    return values[name];
  });
}

/** Docker tag rules: runs of characters outside [A-Za-z0-9._-] become "-". */
function sanitizeTag(tag: string): string {
  return tag.replace(/[^a-zA-Z0-9._-]+/g, '-');
}
