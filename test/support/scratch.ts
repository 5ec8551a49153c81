/**
 * Temporary directories for tests: each is removed after the last test of the file that made it
 * (an afterAll this module registers in every test file that imports it), failed tests included.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new, empty directory whose name starts with `prefix`, removed when the test file is done. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `github-oidc-ecr-${prefix}-`));
  made.push(dir);
  return dir;
}
