/**
 * Once per jest run, before any test file: synthesizes the settings the template-reading suites
 * use (test/support/templates.ts) into a fresh temporary directory. Plain Node here, so the app
 * loads once (~1 s) instead of once per test file. The workers inherit the directory's name
 * through the environment; test/global-teardown.ts removes it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import './setup-env';
import { PREBUILT_SETTINGS, TEMPLATE_CACHE_ENV, writeCachedTemplate } from './support/templates';

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'github-oidc-ecr-templates-'));
  process.env[TEMPLATE_CACHE_ENV] = dir;
  for (const overrides of PREBUILT_SETTINGS) {
    try {
      writeCachedTemplate(dir, overrides);
    } catch {
      // Not cached: the suites that ask for it synthesize it themselves and fail there, in the
      // tests that depend on it, with the same error (rather than the whole run failing here).
    }
  }
}
