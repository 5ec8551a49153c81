/**
 * The user's own settings, as `cdk synth` reads them from cdk.json, for the checks of
 * test/user-configuration/ (and only those): every repository the app serves — the one repository,
 * or each entry of `repositories` — and which of them the checked-in deploy workflow is for.
 *
 * The workflow (.github/workflows/deploy-ecr.yml) is the file every served repository copies, and
 * its triggers must be the runs the role trusts: it is checked against the role of every repository
 * whose triggers are the top-level ones (lib/stack/config/trigger-settings.ts). An entry that sets
 * its own triggers deploys with a copy whose `on:` is its own (`npm run configure -- --repository
 * OWNER/REPO --workflow-out FILE` writes it, checked against its role); the rules that do not judge
 * triggers hold for it here too.
 */
import type { SettingsScope } from '../../lib/cli/doctor/setting-change';
import { settingsScope } from '../../lib/cli/doctor/settings-scope';
import { type AppConfig, parseSettings, type RegistryConfig } from '../../lib/stack/config';
import { ownTriggerSettings, TRIGGER_SETTINGS } from '../../lib/stack/config/trigger-settings';
import { CDK_JSON_CONTEXT } from './cdk-json';

/** cdk.json's context: the user's settings and CDK's feature flags. */
export const USER_CONTEXT = CDK_JSON_CONTEXT;

const read = (key: string) => USER_CONTEXT[key];

/** The user's settings, validated as `cdk synth` validates them (a bad one fails the suite, naming it). */
export const USER_SETTINGS: RegistryConfig = parseSettings(read, Object.keys(USER_CONTEXT));

/** Every repository the app serves, in the listed order (one without `repositories`). */
export const SERVED: readonly AppConfig[] = USER_SETTINGS.repositories;

/** For each served repository (in SERVED's order), the trigger settings its entry sets itself. */
const OWN = ownTriggerSettings(read);

/** The served repositories the checked-in workflow is for: their triggers are the top-level ones. */
export const WORKFLOW_REPOSITORIES: readonly AppConfig[] = SERVED.filter((_, i) => OWN[i].length === 0);

/** Where `config`'s settings are written (the top level, or its entry), as the doctor names it in its fixes. */
export const scopeOf = (config: AppConfig): SettingsScope => settingsScope(USER_SETTINGS, config, USER_CONTEXT, {});

/** `OWNER/REPO` of each config. */
export const fullNames = (configs: readonly AppConfig[]) => configs.map((c) => c.repository.fullName);

/**
 * What the checks of the checked-in workflow's triggers assert when no served repository takes the
 * top-level triggers: that every entry of cdk.json `repositories`, read as written, really sets a
 * trigger setting of its own (so none deploys with the checked-in file's `on:`).
 */
export function expectEveryEntrySetsItsOwnTriggers(): void {
  expect(fullNames(WORKFLOW_REPOSITORIES)).toEqual([]);
  const value = USER_CONTEXT.repositories;
  const entries = (typeof value === 'string' ? JSON.parse(value) : value) as Array<Record<string, unknown>>;
  const setsOwn = (entry: Record<string, unknown>) => TRIGGER_SETTINGS.filter((key) => Object.hasOwn(entry, key));
  expect(entries.map((entry) => [entry.githubRepository, setsOwn(entry).length > 0])).toEqual(
    entries.map((entry) => [entry.githubRepository, true]),
  );
}
