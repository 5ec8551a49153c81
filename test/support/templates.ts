/**
 * Synthesized templates (as JSON text) for cdk.json's context plus a set of `-c` overrides, shared
 * by the suites that only read the template.
 *
 * test/global-setup.ts synthesizes the settings in PREBUILT_SETTINGS once per `npm test` run,
 * with this same `synthesizeTemplateJson`, into the run's temporary directory (named by
 * TEMPLATE_CACHE_ENV), while tsc uses the other core. Then a jest worker whose suites only read
 * templates never loads the CDK, and no setting is synthesized once per worker (measured with
 * jest-light-runner on 2 cores: synthesizing on demand in the workers instead cost ≈ 1.5 CPU-s
 * and ≈ 0.8 s more). Anything not found there (another setting, or jest run without its global
 * setup) is synthesized here, in-process.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CDK_JSON_CONTEXT } from './cdk-json';
import { deepFreeze } from './deep-freeze';

export const TEMPLATE_CACHE_ENV = 'GITHUB_OIDC_ECR_TEST_TEMPLATES';

type Overrides = Readonly<Record<string, unknown>>;

/** The settings the template-reading suites ask for (each an override set on top of cdk.json). */
export const CONTROL_TOWER_CONFIGURATIONS: Readonly<Record<string, Overrides>> = deepFreeze({
  defaults: {},
  'immutable-ids': { githubOwnerId: '1234567', githubRepositoryId: '89012345' },
  'import-provider': { createOidcProvider: 'false' },
  'kms-key': { ecrKmsKeyArn: 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  'kms-managed': { ecrEncryption: 'KMS' },
  'boundary-and-subjects': {
    permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/DeveloperBoundary',
    allowedBranches: '["develop","release/*"]',
    allowedTags: '["v*"]',
    allowedEnvironments: '["production"]',
    workflowFile: '.github/workflows/deploy-ecr.yml',
  },
  'moving-tags': { movingTags: '["latest"]' },
});

/**
 * Synthesized ahead by the global setup: every setting the suites under test/iam, test/workflows
 * and test/doctor ask stack-fixture (or the doctor's cachedSynthesizer) for. One missing here is
 * still synthesized on demand, only slower; `TEMPLATE_CACHE_MISS_LOG=/tmp/misses npx jest` lists
 * those.
 */
export const PREBUILT_SETTINGS: readonly Overrides[] = deepFreeze([
  ...Object.values(CONTROL_TOWER_CONFIGURATIONS),
  { ecrEncryption: 'KMS', movingTags: '["latest"]' },
  { workflowFile: '' },
  { allowedBranches: '["develop","release/*"]', allowedTags: '["v*"]', allowedEnvironments: '["production"]' },
  { allowedEnvironments: '["eu:prod"]' },
  { allowPullRequests: 'true' },
  { githubOwnerId: '1001', githubRepositoryId: '2002' },
  { oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
  { oidcProviderArn: 'arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com' },
  { githubOidcHost: 'token.actions.acme.ghe.com' },
  { allowedBranches: '["release/*"]' },
  { allowedTags: '["v*"]' },
  { allowedEnvironments: '["production"]' },
  { allowedBranches: '[]', allowedEnvironments: '["production"]' },
  { allowedEnvironments: '["production"]', githubOwnerId: '1001', githubRepositoryId: '2002' },
  { allowPullRequests: 'true', allowedBranches: '["develop","release/*"]', allowedEnvironments: '["production"]', allowedTags: '["v*"]' },
  { workflowFile: '.github/workflows/deploy-ecr.yml' },
  // The doctor's suites (test/doctor/helpers.ts cachedSynthesizer).
  { allowedBranches: '["develop","main"]', allowedTags: '["v*"]' },
  { allowedBranches: '["develop","release/*"]' },
  { env: 'stg' },
]);

/** A stable name for a set of overrides: JSON with sorted keys. */
export function settingsKey(overrides: Overrides): string {
  return JSON.stringify(Object.keys(overrides).sort().map((k) => [k, overrides[k]]));
}

function cacheFile(dir: string, key: string): string {
  return path.join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
}

/** The app's template for cdk.json's context plus `overrides`, synthesized here and now. */
export function synthesizeTemplateJson(overrides: Overrides): string {
  // Loaded only when synthesizing: this is the cost the cache saves.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { Template } = require('aws-cdk-lib/assertions') as typeof import('aws-cdk-lib/assertions');
  const { buildApp } = require('../../lib/app') as typeof import('../../lib/app');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const stack = buildApp(new App({ context: { ...CDK_JSON_CONTEXT, ...overrides } }));
  return JSON.stringify(Template.fromStack(stack).toJSON());
}

/** Writes the template for `overrides` into the run's cache directory. */
export function writeCachedTemplate(dir: string, overrides: Overrides): void {
  const key = settingsKey(overrides);
  // First line: the settings (checked on reading); the rest: the template.
  fs.writeFileSync(cacheFile(dir, key), `${key}\n${synthesizeTemplateJson(overrides)}`);
}

/** The template for cdk.json's context plus `overrides` (values as `-c` would pass them), as JSON text. */
export function templateJson(overrides: Overrides = {}): string {
  const dir = process.env[TEMPLATE_CACHE_ENV];
  if (dir) {
    const key = settingsKey(overrides);
    let text: string | undefined;
    try {
      text = fs.readFileSync(cacheFile(dir, key), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text !== undefined) {
      const newline = text.indexOf('\n');
      const settings = text.slice(0, newline);
      if (settings !== key) throw new Error(`template cache: ${key} and ${settings} share a file name`);
      return text.slice(newline + 1);
    }
    if (process.env.TEMPLATE_CACHE_MISS_LOG) fs.appendFileSync(process.env.TEMPLATE_CACHE_MISS_LOG, `${key}\n`);
  }
  return synthesizeTemplateJson(overrides);
}
