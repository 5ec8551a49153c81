/** Removes the run's template directory made by test/global-setup.ts. */
import * as fs from 'fs';
import { TEMPLATE_CACHE_ENV } from './support/templates';

export default function globalTeardown(): void {
  const dir = process.env[TEMPLATE_CACHE_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  delete process.env[TEMPLATE_CACHE_ENV];
}
