/**
 * The one place the doctor writes a fix that changes settings, so that every fix changes the
 * setting the checked role is built from: for the one repository, the top-level setting (`-c
 * KEY=VALUE`, or in cdk.json); with `repositories`, the checked repository's own entry, never a
 * top-level value that the entry may override and the other entries fall back to. `-c` cannot
 * change one entry of a list, so an entry's fix names the entry and the keys to write into it, with
 * their whole new values (e.g. the entry's full list of branches). A fix whose settings would be
 * refused (say, a trust policy over IAM's quota) says so instead of the deploy.
 */
import { ConfigError } from '../../stack/config/config-error';
import { entryName, readRepositoryEntries, REPOSITORY_KEYS } from '../../stack/config/repository-entries';
import { registryFor } from '../settings';
import { contextFlag } from '../shell';
import { DEPLOY } from './cause';

/** A setting's new value: text as `-c` takes it, a boolean, or a list. */
export type SettingValue = string | boolean | readonly string[];

/** Settings to change, by key, with their whole new values. */
export type SettingChanges = Readonly<Record<string, SettingValue>>;

/** The entry of `repositories` whose role is checked. */
export interface RepositoryEntryScope {
  /** Its position, counted from 0 (`repositories[1]`). */
  readonly index: number;
  /** `OWNER/REPO`, as configured. */
  readonly repository: string;
  /** The keys the entry sets itself (the others fall back to the top level). */
  readonly ownKeys: readonly string[];
  /** The registry stack that serves it. */
  readonly stackName: string;
  /** Where the `repositories` list is written. */
  readonly source: 'cdk.json' | '-c';
  /** Every entry's `OWNER/REPO`, by position. */
  readonly repositories: readonly string[];
}

/** Where the checked role's settings are written. */
export interface SettingsScope {
  /** With `repositories`: the checked repository's entry. Undefined for the one repository (the top level). */
  readonly entry?: RepositoryEntryScope;
  /**
   * The settings (context) the role was built from: each fix is validated on them, changed.
   * @default not validated
   */
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** The settings of the one repository: the top level. */
export const TOP_LEVEL: SettingsScope = Object.freeze({});

export interface FixOptions {
  /** Said beside where to write the change, e.g. "the push job may then push images from it too". */
  readonly aside?: string;
  /** How the fix ends. @default deploy the stack (DEPLOY, or the entry's stack) */
  readonly then?: string;
}

const ENTRY_KEYS: readonly string[] = REPOSITORY_KEYS;

/** Whether `key` is one an entry of `repositories` may set (so a fix can change it for one repository). */
function perEntry(key: string): boolean {
  return ENTRY_KEYS.includes(key);
}

/**
 * The name of a setting as the checked role sees it: `repositories[1].allowedBranches` when the
 * entry sets it itself, else the top-level `allowedBranches`.
 */
export function settingName(scope: SettingsScope, key: string): string {
  const { entry } = scope;
  return entry && perEntry(key) && entry.ownKeys.includes(key) ? `${entryName(entry.index)}.${key}` : key;
}

/**
 * How to make `changes` to the checked role's settings, ending with the deploy:
 * - the one repository: `-c 'allowedBranches=["main","x"]' (or in cdk.json), then deploy (…)`;
 * - with `repositories`: `in cdk.json, repositories[1] (OWNER/REPO): "allowedBranches":
 *   ["main","x"], then deploy (npx cdk deploy STACK-2)`. A setting no entry can hold (such as
 *   githubOidcHost) is top-level, and the fix says that it applies to every repository.
 */
export function settingFix(scope: SettingsScope, changes: SettingChanges, options: FixOptions = {}): string {
  const { entry } = scope;
  const keys = Object.keys(changes);
  if (entry && keys.every(perEntry)) {
    const aside = options.aside ? ` (${options.aside})` : '';
    const then = refusal(scope, (entries) => entries.map((e, i) => (i === entry.index ? { ...e, ...changes } : e)));
    return `${entryPlace(entry)}: ${jsonPairs(changes)}${aside}${then ?? `, ${options.then ?? deployEntry(entry)}`}`;
  }
  const flags = keys.map((k) => contextFlag(k, flagText(changes[k]))).join(' ');
  const cleared = keys.some((k) => changes[k] === '');
  const asides = [
    cleared ? `or ${jsonPairs(changes)} in cdk.json` : 'or in cdk.json',
    ...(options.aside ? [options.aside] : []),
    ...(entry
      ? [`${keys.join(', ')} ${keys.length > 1 ? 'apply' : 'applies'} to every repository of repositories`]
      : []),
  ];
  const then = refusal(scope, undefined, changes);
  return `${flags} (${asides.join('; ')})${then ?? `, ${options.then ?? deployAll(scope)}`}`;
}

/**
 * How a fix that changes a top-level setting ends: DEPLOY for the one repository; with
 * `repositories`, every stack (the app has several, so `cdk deploy` needs `--all`).
 */
export function deployAll(scope: SettingsScope): string {
  return scope.entry ? 'then deploy every stack (npx cdk deploy --all)' : DEPLOY;
}

/**
 * With `repositories`: how to add an entry for another repository (`values` holds at least
 * githubRepository), then deploy every stack (which one serves it depends on its name).
 */
export function newEntryFix(
  scope: SettingsScope & { readonly entry: RepositoryEntryScope },
  values: SettingChanges,
  options: FixOptions = {},
): string {
  const { entry } = scope;
  const aside = options.aside ? ` (${options.aside})` : '';
  const then = refusal(scope, (entries) => [...entries, values]);
  return `${listPlace(entry)}, add an entry to repositories: {${jsonPairs(values)}}${aside}${then ?? `, ${options.then ?? 'then deploy every stack (npx cdk deploy --all)'}`}`;
}

/**
 * Undefined when the settings, changed (`entries` changes the list of repositories, `topLevel`
 * the top-level settings), are valid or not known; else why they would be refused, as the end of
 * the fix in place of the deploy.
 */
function refusal(
  scope: SettingsScope,
  entries?: (list: readonly Readonly<Record<string, unknown>>[]) => readonly unknown[],
  topLevel: SettingChanges = {},
): string | undefined {
  if (!scope.settings) return undefined;
  const changed: Record<string, unknown> = { ...scope.settings, ...topLevel };
  try {
    if (entries)
      changed.repositories = entries((readRepositoryEntries((key) => changed[key]) ?? []).map((e) => e.values));
    registryFor(changed);
    return undefined;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return ` — refused as it stands: ${err.message.replace(/\.$/, '')}`;
  }
}

/**
 * Where the checked role's settings are written, as the workflow rules name it after "in":
 * `cdk.json`, or with `repositories` `cdk.json repositories[1] (OWNER/REPO)`.
 */
export function settingsPlace(scope: SettingsScope): string {
  const { entry } = scope;
  if (!entry) return 'cdk.json';
  return `${entry.source === '-c' ? '-c' : 'cdk.json'} ${entryName(entry.index)} (${entry.repository})`;
}

/** `in cdk.json, repositories[1] (OWNER/REPO)` */
function entryPlace(entry: RepositoryEntryScope): string {
  return `${listPlace(entry)}, ${entryName(entry.index)} (${entry.repository})`;
}

function listPlace(entry: RepositoryEntryScope): string {
  return entry.source === '-c' ? 'in the repositories list you pass with -c' : 'in cdk.json';
}

function deployEntry(entry: RepositoryEntryScope): string {
  return `then deploy (npx cdk deploy ${entry.stackName})`;
}

/** `"a": ["x"], "b": true`: the changes as they are written in cdk.json. */
function jsonPairs(changes: SettingChanges): string {
  return Object.entries(changes)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(', ');
}

function flagText(value: SettingValue): string | readonly string[] {
  return typeof value === 'boolean' ? String(value) : value;
}
