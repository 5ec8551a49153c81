/**
 * cdk.json, read as `cdk synth` reads it. Its context holds two kinds of keys: the user's settings
 * (the defaults every user starts from: only checks of the user's own configuration read them)
 * and CDK's feature flags (keys starting with "@aws-cdk/"), which say how CDK synthesizes and
 * which every App a test builds takes from here (test/support/fixture-app.ts), so tests and
 * `cdk synth` agree.
 */
import * as fs from 'fs';
import * as path from 'path';

const context = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context as Record<
  string,
  unknown
>;

/** cdk.json's context: the user's settings and CDK's feature flags. */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({ ...context });

/** cdk.json's CDK feature flags (context keys starting with "@aws-cdk/"), none of the user's settings. */
export const CDK_FEATURE_FLAGS: Readonly<Record<string, unknown>> = Object.freeze(
  Object.fromEntries(Object.entries(context).filter(([key]) => key.startsWith('@aws-cdk/'))),
);
