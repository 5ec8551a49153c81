/** Removes the run's temporary directory made by test/global-setup.ts (templates and scratch directories). */
import * as fs from 'fs';
import { RUN_DIR_ENV } from './support/scratch';
import { TEMPLATE_CACHE_ENV } from './support/templates';

export default function globalTeardown(): void {
  const runDir = process.env[RUN_DIR_ENV];
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
  delete process.env[RUN_DIR_ENV];
  delete process.env[TEMPLATE_CACHE_ENV];
}
