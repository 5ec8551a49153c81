/**
 * Once per jest run, before any test file: makes the run's temporary directory
 * (test/support/scratch.ts) and in it the directory where the template-reading suites share the
 * templates they synthesize (test/support/templates.ts). The workers inherit both names through
 * the environment; test/global-teardown.ts removes the run's directory.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RUN_DIR_ENV } from './support/scratch';
import { TEMPLATE_CACHE_ENV } from './support/templates';

export default function globalSetup(): void {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'github-oidc-ecr-test-'));
  process.env[RUN_DIR_ENV] = runDir;
  const templates = path.join(runDir, 'templates');
  fs.mkdirSync(templates);
  process.env[TEMPLATE_CACHE_ENV] = templates;
}
