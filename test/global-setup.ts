/**
 * Once per jest run, before any test file: makes the run's temporary directory
 * (test/support/scratch.ts) and synthesizes into it the settings the template-reading suites use
 * (test/support/templates.ts). Plain Node here, so the app is loaded and warmed up once, in the
 * main process, while tsc runs on the other core. The workers inherit both directories' names
 * through the environment; test/global-teardown.ts removes the run's directory.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import './setup-env';
import { RUN_DIR_ENV } from './support/scratch';
import { PREBUILT_SETTINGS, TEMPLATE_CACHE_ENV, writeCachedTemplate } from './support/templates';

export default function globalSetup(): void {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'github-oidc-ecr-test-'));
  process.env[RUN_DIR_ENV] = runDir;
  const templates = path.join(runDir, 'templates');
  fs.mkdirSync(templates);
  process.env[TEMPLATE_CACHE_ENV] = templates;
  for (const overrides of PREBUILT_SETTINGS) {
    try {
      writeCachedTemplate(templates, overrides);
    } catch {
      // Not cached: the suites that ask for it synthesize it themselves and fail there, in the
      // tests that depend on it, with the same error (rather than the whole run failing here).
    }
  }
}
