/**
 * The app's settings as the CDK CLI would give them to it: cdk.json's context, the CLI's context
 * cache, and `-c key=value` values. Kept apart from synthesis so that commands that only need the
 * settings (github-setup) do not load the CDK.
 */
import * as fs from 'fs';
import * as path from 'path';
import { AppConfig, parseConfig, parseSettings, RegistryConfig } from '../stack/config';

/** The project root: where cdk.json, lib/ and bin/ are. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * The context a `cdk synth -c …` run gives the app, layered as the CDK CLI layers it: the CLI's
 * context cache (cdk.context.json), then cdk.json's `context` over it, then the `-c` values
 * (strings, as the CLI passes them) over both. test/cli/settings.test.ts holds this order against
 * the CLI itself.
 */
export function effectiveContext(root: string, overrides: Readonly<Record<string, string>>): Record<string, unknown> {
  const cdkJson = readJson(path.join(root, 'cdk.json')) as { context?: Record<string, unknown> } | undefined;
  const cached = readJson(path.join(root, 'cdk.context.json')) as Record<string, unknown> | undefined;
  return { ...(cached ?? {}), ...(cdkJson?.context ?? {}), ...overrides };
}

/** Validated settings for a context; throws the app's `ConfigError` on a bad one. */
export function configFor(context: Readonly<Record<string, unknown>>): AppConfig {
  return parseConfig((key) => context[key], Object.keys(context));
}

/** Validated settings of every repository the app serves (see `parseSettings`); throws `ConfigError`. */
export function registryFor(context: Readonly<Record<string, unknown>>): RegistryConfig {
  return parseSettings((key) => context[key], Object.keys(context));
}

/** Parsed JSON of a file, or undefined when the file does not exist. */
export function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text);
}
