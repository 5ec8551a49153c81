/**
 * Where the checked role's settings are written, for the fixes (setting-change.ts): the top level
 * for the one repository; with `repositories`, the checked repository's entry.
 */
import type { AppConfig, RegistryConfig } from '../../stack/config';
import { readRepositoryEntries } from '../../stack/config/repository-entries';
import type { SettingsScope } from './setting-change';

/**
 * The scope of `config`, one of `registry.repositories` (which are in the order of the entries),
 * read from the settings it was parsed from: `context`, of which `overrides` came from `-c`.
 */
export function settingsScope(
  registry: RegistryConfig,
  config: AppConfig,
  context: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, unknown>>,
): SettingsScope {
  if (!registry.listed) return { settings: context };
  const index = registry.repositories.indexOf(config);
  if (index < 0) throw new Error(`${config.repository.fullName} is not one of the repositories`);
  // Validated by parseSettings, which read them the same way.
  const entries = readRepositoryEntries((key) => context[key]) ?? [];
  return {
    settings: context,
    entry: {
      index,
      repository: config.repository.fullName,
      ownKeys: Object.keys(entries[index].values),
      stackName: config.stackName,
      source: Object.hasOwn(overrides, 'repositories') ? '-c' : 'cdk.json',
      repositories: registry.repositories.map((r) => r.repository.fullName),
    },
  };
}
