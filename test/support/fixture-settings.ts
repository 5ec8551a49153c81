/**
 * The settings the behaviour tests build from: explicit here, never read from the user's cdk.json,
 * and on purpose unlike the sample in cdk.json (another owner, repository, branch, region and
 * ECR name), so a test that only holds for the sample values fails here instead of in an
 * adopter's CI. Tests that check the user's own configuration read cdk.json instead
 * (test/support/cdk-json.ts).
 */
export const FIXTURE_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  env: 'test',
  region: 'eu-west-1',
  githubOwner: 'Octo-Org',
  githubRepository: 'octo-service',
  allowedBranches: Object.freeze(['main']),
  allowedTags: Object.freeze([]),
  allowedEnvironments: Object.freeze([]),
  workflowFile: '.github/workflows/deploy-ecr.yml',
  ecrRepositoryName: 'octo-service',
  createOidcProvider: true,
});

/** The fixture settings with some changed (values as `-c` or cdk.json would give them). */
export function fixtureSettings(overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { ...FIXTURE_SETTINGS, ...overrides };
}
