/**
 * Settings with `repositories`: the fixture's top-level settings without the per-repository names
 * they may not hold, plus the given entries (and any other overrides).
 */
import { fixtureSettings } from './fixture-settings';

/** Three repositories of two owners, each with settings of its own (IDs, subjects, pin, names). */
export const THREE_REPOSITORIES = Object.freeze([
  Object.freeze({ githubRepository: 'octo-service' }),
  Object.freeze({
    githubOwner: 'Other-Team',
    githubOwnerId: '7654321',
    githubRepository: 'Billing.API',
    githubRepositoryId: '55501234',
    allowedBranches: Object.freeze([]),
    allowedTags: Object.freeze(['v*']),
    ecrRepositoryName: 'team/billing-api',
  }),
  Object.freeze({
    githubRepository: 'web-front',
    allowedBranches: Object.freeze(['release/*']),
    allowedEnvironments: Object.freeze(['production']),
    workflowFile: '.github/workflows/release.yml',
    roleName: 'test-web-front-deployer',
  }),
]);

/** The fixture settings serving `repositories`, with `overrides` on top. */
export function registrySettings(
  repositories: readonly unknown[] = THREE_REPOSITORIES,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...fixtureSettings(overrides), repositories };
  delete settings.githubRepository;
  delete settings.ecrRepositoryName;
  return settings;
}
