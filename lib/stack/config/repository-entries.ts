/**
 * The `repositories` setting: a list of objects, one per GitHub repository, each read with the
 * same readers as the single repository. A key an entry leaves out falls back to the top-level
 * setting of the same name, except the two names that must differ per repository (see
 * derived-names.ts). Problems in an entry name it: `repositories[2].allowedBranches`.
 */
import { closestSetting } from './unknown-keys';
import { ConfigError } from './config-error';
import { ContextReader, SettingKey, SETTINGS } from './settings';

/** The settings an entry of `repositories` may hold. */
export const REPOSITORY_KEYS = [
  'githubRepository',
  'githubOwner',
  'githubOwnerId',
  'githubRepositoryId',
  'allowedBranches',
  'allowedTags',
  'allowedEnvironments',
  'allowPullRequests',
  'workflowFile',
  'ecrRepositoryName',
  'roleName',
  'movingTags',
  'untaggedImageExpiryDays',
  'permissionsBoundaryArn',
  'pullAccounts',
  'pullOrganizationId',
] as const satisfies readonly SettingKey[];

/** Settings that name one repository's things, so they cannot apply to every entry. */
export const PER_ENTRY_ONLY = ['githubRepository', 'githubRepositoryId', 'ecrRepositoryName', 'roleName'] as const;

/** One entry of `repositories`, with its position (counted from 0, as `repositories[0]`). */
export interface RepositoryEntry {
  readonly index: number;
  readonly values: Readonly<Record<string, unknown>>;
}

/** `repositories[INDEX]` */
export function entryName(index: number): string {
  return `repositories[${index}]`;
}

/**
 * Reads `repositories` (a JSON list in cdk.json, or its JSON text from `-c`): undefined when
 * unset. Refuses an empty list, an entry that is not an object, an unknown key in an entry (with
 * a "did you mean"), and a top-level setting that only an entry may hold.
 */
export function readRepositoryEntries(read: ContextReader): RepositoryEntry[] | undefined {
  let value = read('repositories');
  if (value === undefined) return undefined;
  const notAList = (v: unknown) =>
    new ConfigError({
      key: 'repositories',
      value: v,
      accepted:
        'a non-empty JSON list of objects, e.g. [{"githubRepository":"service-a"},{"githubRepository":"service-b"}]',
    });
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw notAList(value);
    }
  }
  if (!Array.isArray(value) || value.length === 0) throw notAList(value);
  const entries = value.map((v, index) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new ConfigError({
        key: entryName(index),
        value: v,
        accepted: 'an object of per-repository settings, e.g. {"githubRepository":"service-a"}',
      });
    }
    return { index, values: v as Record<string, unknown> };
  });
  for (const entry of entries) rejectUnknownEntryKeys(entry);
  for (const key of PER_ENTRY_ONLY) {
    const topLevel = read(key);
    if (topLevel !== undefined && topLevel !== '') {
      throw new ConfigError({
        key,
        value: topLevel,
        accepted: `no top-level value when "repositories" is set: give ${key} in each entry of repositories (or remove repositories to serve one repository)`,
      });
    }
  }
  return entries;
}

function rejectUnknownEntryKeys(entry: RepositoryEntry): void {
  const known: readonly string[] = REPOSITORY_KEYS;
  for (const key of Object.keys(entry.values)) {
    if (known.includes(key)) continue;
    const hint = closestSetting(key, known);
    throw new ConfigError({
      key: `${entryName(entry.index)}.${key}`,
      value: entry.values[key],
      accepted: `a per-repository setting${hint ? ` (did you mean "${hint}"?)` : ''}: one of ${known.join(', ')}`,
      problem: 'Unknown setting',
    });
  }
}

/**
 * The settings as one entry sees them: its own keys, then `derived` values (names computed for
 * it), then the top-level settings — except a top-level value that belongs to another owner
 * (see `inheritsTopLevel`).
 */
export function entryReader(
  read: ContextReader,
  entry: RepositoryEntry,
  derived: Readonly<Record<string, string>> = {},
): ContextReader {
  return (key) => {
    if (Object.hasOwn(entry.values, key)) {
      if (entry.values[key] === null) {
        throw new ConfigError({
          key: `${entryName(entry.index)}.${key}`,
          value: null,
          accepted: `a value (${SETTINGS[key as SettingKey]}), not null: remove the key from this entry to use the top-level value`,
        });
      }
      return entry.values[key];
    }
    if (Object.hasOwn(derived, key)) return derived[key];
    return inheritsTopLevel(read, entry, key) ? read(key) : undefined;
  };
}

/**
 * Whether an entry that leaves `key` out takes the top-level value. Every key does, except
 * githubOwnerId when the entry names another owner than the top level (GitHub names compare
 * ignoring case): an owner's ID identifies that owner's account, so pinning it for another owner
 * would make a subject no run ever has.
 */
export function inheritsTopLevel(read: ContextReader, entry: RepositoryEntry, key: string): boolean {
  if (key !== 'githubOwnerId' || !Object.hasOwn(entry.values, 'githubOwner')) return true;
  return sameName(entry.values.githubOwner, read('githubOwner'));
}

const sameName = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

/** Why an entry must give `key` itself, when it may not fall back to the top level (else ''). */
function whyOwnValue(read: ContextReader, entry: RepositoryEntry, key: string): string {
  const topLevel = read(key);
  if (inheritsTopLevel(read, entry, key) || topLevel === undefined || topLevel === '') return '';
  return ` (the top-level ${key} ${String(topLevel)} is the ID of githubOwner "${String(read('githubOwner'))}", not of this entry's "${String(entry.values.githubOwner)}")`;
}

/**
 * Runs `readEntry`, renaming a `ConfigError` about a key the entry holds, one derived for it, or
 * one missing for it to `repositories[INDEX].KEY`; a problem with a top-level value keeps the
 * top-level key.
 */
export function withinEntry<T>(
  read: ContextReader,
  entry: RepositoryEntry,
  derived: Readonly<Record<string, string>>,
  readEntry: () => T,
): T {
  try {
    return readEntry();
  } catch (err) {
    if (!(err instanceof ConfigError) || err.key.startsWith(`${entryName(entry.index)}.`)) throw err;
    const own = Object.hasOwn(entry.values, err.key);
    // A value missing for this entry (e.g. the second of a pair of IDs) is the entry's to add;
    // a top-level value keeps its key, and says which entry it failed for.
    if (!own && !Object.hasOwn(derived, err.key) && err.value !== undefined) {
      throw new ConfigError({
        key: err.key,
        value: err.value,
        accepted: `${err.accepted} (for ${entryName(entry.index)}, which takes the top-level ${err.key})`,
        problem: err.problem,
      });
    }
    const why = own
      ? ''
      : Object.hasOwn(derived, err.key)
        ? ` (derived from githubRepository: set ${err.key} in this entry)`
        : whyOwnValue(read, entry, err.key);
    throw new ConfigError({
      key: `${entryName(entry.index)}.${err.key}`,
      value: err.value,
      accepted: `${err.accepted}${why}`,
      problem: err.problem,
    });
  }
}
