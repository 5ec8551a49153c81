/**
 * Settings with `deployStages`: the fixture settings (test/support/fixture-settings.ts) and two
 * stages in accounts other than the deploying one, in other regions: staging creates its
 * account's OIDC provider, production imports the one its account already has.
 */
import { fixtureSettings } from './fixture-settings';

export const STAGING = Object.freeze({
  name: 'staging',
  account: '222222222222',
  region: 'eu-west-1',
  environment: 'staging',
  cluster: 'apps-staging',
  services: Object.freeze(['web', 'worker']),
  passRoles: Object.freeze([
    'arn:aws:iam::222222222222:role/web-task',
    'arn:aws:iam::222222222222:role/service-role/ecs-task-execution',
  ]),
});

export const PRODUCTION = Object.freeze({
  name: 'production',
  account: '333333333333',
  region: 'eu-central-1',
  environment: 'production',
  cluster: 'apps',
  services: Object.freeze(['web']),
  passRoles: Object.freeze(['arn:aws:iam::333333333333:role/web-task', 'arn:aws:iam::333333333333:role/ecs-exec']),
  createOidcProvider: false,
});

export const TWO_STAGES = Object.freeze([STAGING, PRODUCTION]);

/** The fixture settings with `stages` as deployStages (as cdk.json holds them), and `overrides`. */
export function stageSettings(
  stages: readonly unknown[] = TWO_STAGES,
  overrides: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return fixtureSettings({ deployStages: stages, ...overrides });
}
