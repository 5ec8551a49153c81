/**
 * Which served repositories take the top-level triggers. The deploy workflow is the same file in
 * every repository the app serves, and its triggers (`on:`, the deploy job's `environment:` and
 * `if:`, its path) must be exactly the runs the role trusts. Those are decided by the trigger
 * settings below: an entry of `repositories` that sets none of them trusts the runs the top-level
 * settings describe, so the checked-in workflow fits its role; an entry that sets one needs its own
 * copy of the workflow, with an `on:` of its own (`npm run configure -- --repository OWNER/REPO
 * --workflow-out FILE` writes it, checked against the entry's role; docs/many-repositories.md).
 */
import { readRepositoryEntries, REPOSITORY_KEYS } from './repository-entries';
import type { ContextReader } from './settings';

/** The settings that decide which runs of a repository its role trusts: what its workflow must run on. */
export const TRIGGER_SETTINGS = [
  'allowedBranches',
  'allowedTags',
  'allowedEnvironments',
  'allowPullRequests',
  'workflowFile',
] as const satisfies readonly (typeof REPOSITORY_KEYS)[number][];

/** One of `TRIGGER_SETTINGS`. */
export type TriggerSetting = (typeof TRIGGER_SETTINGS)[number];

/**
 * For each repository the settings serve, in the order `parseSettings` lists them, the trigger
 * settings its entry of `repositories` sets itself: empty when it takes the top-level ones, as the
 * one repository does without `repositories` (`[[]]`). Reads the settings only; it validates no
 * more than `repositories`' shape, so call it on settings `parseSettings` accepts.
 */
export function ownTriggerSettings(read: ContextReader): TriggerSetting[][] {
  const entries = readRepositoryEntries(read);
  if (!entries) return [[]];
  return entries.map((entry) => TRIGGER_SETTINGS.filter((key) => Object.hasOwn(entry.values, key)));
}
