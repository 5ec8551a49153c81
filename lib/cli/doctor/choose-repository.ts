/** With `repositories`, which repository's role the doctor checks: the one `--repository` names. */
import type { AppConfig, RegistryConfig } from '../../stack/config';
import { UsageError } from '../argv';

/** `a, b, c,… N more`: a long list of names kept to one readable line. */
export function shortList(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')},… ${names.length - 3} more` : names.join(', ');
}

/**
 * The configuration of the repository `wanted` (`OWNER/REPO`, any case) names, or of the only
 * one. Throws `UsageError` when the settings list several and none is named, or not that one
 * (naming the option, `flag`, that named it).
 */
export function chooseRepository(
  registry: RegistryConfig,
  wanted: string | undefined,
  flag = '--repository',
): AppConfig {
  const names = registry.repositories.map((r) => r.repository.fullName);
  const shown = shortList(names);
  if (wanted === undefined) {
    if (registry.repositories.length === 1) return registry.repositories[0];
    throw new UsageError(
      `the settings list ${names.length} repositories: name the one whose role to check with --repository OWNER/REPO (${shown})`,
    );
  }
  const chosen = registry.repositories.find((r) => r.repository.fullName.toLowerCase() === wanted.toLowerCase());
  if (!chosen) throw new UsageError(`${flag} ${wanted} is not one of repositories (${shown})`);
  return chosen;
}
