/**
 * Two entries of `repositories` may not share a GitHub repository, an ECR repository or a role
 * name: the second would fail to deploy (names) or trust the same runs twice (repositories).
 */
import { ConfigError } from './config-error';
import { entryName } from './repository-entries';

/** What an entry names that must be unique among entries. */
export interface EntryNames {
  readonly githubRepository: string;
  /** Unset when the entry trusts by name. */
  readonly githubRepositoryId?: string;
  readonly ecrRepositoryName: string;
  readonly roleName: string;
}

/**
 * How each name is compared: GitHub and IAM names ignore case (GitHub's `Octo/App` is `octo/app`,
 * IAM refuses a role that differs from another only in case); ECR names are lower case anyway.
 */
const COMPARED: ReadonlyArray<{ key: keyof EntryNames; fold: (v: string) => string }> = [
  { key: 'githubRepository', fold: (v) => v.toLowerCase() },
  // One ID under two names is one repository (renamed or transferred): two roles would trust it.
  { key: 'githubRepositoryId', fold: (v) => v },
  { key: 'ecrRepositoryName', fold: (v) => v },
  { key: 'roleName', fold: (v) => v.toLowerCase() },
];

/** What to change when two entries share the name. */
const HOW_TO_DIFFER: Readonly<Record<keyof EntryNames, string>> = {
  githubRepository: ': list each GitHub repository once',
  githubRepositoryId: ': a repository ID names one repository whatever its name; list it once, under its current name',
  ecrRepositoryName:
    ': set ecrRepositoryName in one of the two entries (it defaults to the GitHub repository name in lower case)',
  roleName: ': set roleName in one of the two entries',
};

/** Throws `ConfigError` naming both entries for the first name two entries share. */
export function rejectDuplicates(entries: readonly EntryNames[]): void {
  for (const { key, fold } of COMPARED) {
    const first = new Map<string, number>();
    entries.forEach((entry, index) => {
      const value = entry[key];
      if (value === undefined) return;
      const folded = fold(value);
      const earlier = first.get(folded);
      if (earlier === undefined) {
        first.set(folded, index);
        return;
      }
      throw new ConfigError({
        key: `${entryName(index)}.${key}`,
        value,
        accepted: `a value no other entry has, but ${entryName(earlier)} has ${JSON.stringify(entries[earlier][key])}${key === 'githubRepository' || key === 'roleName' ? ' (names compared ignoring case)' : ''}${HOW_TO_DIFFER[key]}`,
        problem: 'Duplicate setting',
      });
    });
  }
}
