/**
 * Temporary directories for tests, made inside this run's directory: test/global-setup.ts makes
 * it, test/global-teardown.ts removes it with everything in it, failed tests included.
 *
 * One directory per run rather than an afterAll per test file: under jest-light-runner a helper
 * module is evaluated once per worker, so a hook it registers would only ever run for the first
 * file that imported it.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The environment variable that names the run's directory (set by the global setup, inherited by the workers). */
export const RUN_DIR_ENV = 'GITHUB_OIDC_ECR_TEST_RUN_DIR';

/** A new, empty directory whose name starts with `prefix`, removed when the run ends. */
export function scratchDir(prefix: string): string {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) {
    throw new Error(
      `${RUN_DIR_ENV} is not set: run the tests through jest.config.js (npm test), whose global setup makes the run's directory`,
    );
  }
  return fs.mkdtempSync(path.join(runDir, `${prefix}-`));
}
