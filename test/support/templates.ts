/**
 * Synthesized templates (as JSON text) for cdk.json's context plus a set of `-c` overrides, shared
 * by the suites that only read the template.
 *
 * Each setting is synthesized once per `npm test` run, by the first jest worker that asks for it,
 * and kept as a file in the run's temporary directory (named by TEMPLATE_CACHE_ENV, made by
 * test/global-setup.ts) for every later file and the other worker; a file is written under a
 * temporary name and renamed, so a reader never sees half of one. Measured on 2 cores against
 * synthesizing a fixed list of 26 settings in the global setup: the same time for the whole suite,
 * and about 1 s less for a run of suites that read no template (`npm test -- test/config.test.ts`,
 * `npm test -- -o`). Without that directory (jest run without its global setup), each call
 * synthesizes in-process.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { threadId } from 'worker_threads';
import { CDK_JSON_CONTEXT } from './cdk-json';

export const TEMPLATE_CACHE_ENV = 'GITHUB_OIDC_ECR_TEST_TEMPLATES';

type Overrides = Readonly<Record<string, unknown>>;

/** A stable name for a set of overrides: JSON with sorted keys. */
function settingsKey(overrides: Overrides): string {
  return JSON.stringify(
    Object.keys(overrides)
      .sort()
      .map((k) => [k, overrides[k]]),
  );
}

function cacheFile(dir: string, key: string): string {
  return path.join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
}

/** The app's template for cdk.json's context plus `overrides`, synthesized here and now. */
function synthesizeTemplateJson(overrides: Overrides): string {
  // Loaded only when synthesizing: this is the cost the cache saves.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  const { Template } = require('aws-cdk-lib/assertions') as typeof import('aws-cdk-lib/assertions');
  const { buildApp } = require('../../lib/stack/app') as typeof import('../../lib/stack/app');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const stack = buildApp(new App({ context: { ...CDK_JSON_CONTEXT, ...overrides } }));
  return JSON.stringify(Template.fromStack(stack).toJSON());
}

/** The template for cdk.json's context plus `overrides` (values as `-c` would pass them), as JSON text. */
export function templateJson(overrides: Overrides = {}): string {
  const dir = process.env[TEMPLATE_CACHE_ENV];
  if (!dir) return synthesizeTemplateJson(overrides);
  const key = settingsKey(overrides);
  const file = cacheFile(dir, key);
  let text: string | undefined;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== undefined) {
    const newline = text.indexOf('\n');
    const settings = text.slice(0, newline);
    if (settings !== key) throw new Error(`template cache: ${key} and ${settings} share a file name`);
    return text.slice(newline + 1);
  }
  const template = synthesizeTemplateJson(overrides);
  // First line: the settings (checked on reading); the rest: the template. Both workers may
  // synthesize the same setting at once: the two files are the same, and the last rename wins.
  const partial = `${file}.${process.pid}-${threadId}`;
  fs.writeFileSync(partial, `${key}\n${template}`);
  fs.renameSync(partial, file);
  return template;
}
