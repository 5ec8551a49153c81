/**
 * Apps for tests that synthesize: the settings a test chooses, with cdk.json's CDK feature flags
 * (test/support/cdk-json.ts), so a test's synth behaves as `cdk synth` does (e.g. a CloudFormation
 * validation error fails it: "@aws-cdk/core:validateAgainstDefaultRules").
 */
import { App, AppProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/stack/app';
import { GitHubOidcEcrStack } from '../../lib/stack/github-oidc-ecr-stack';
import { CDK_FEATURE_FLAGS } from './cdk-json';
import { fixtureSettings } from './fixture-settings';

/** A CDK App whose context is `settings` (whole, as cdk.json's context would give them) plus cdk.json's feature flags. */
export function appWith(settings: Readonly<Record<string, unknown>>, props: Omit<AppProps, 'context'> = {}): App {
  return new App({ ...props, context: { ...CDK_FEATURE_FLAGS, ...settings } });
}

/** The app's stack, built on the fixture settings with `overrides` (values as `-c` would give them). */
export function fixtureStack(overrides: Readonly<Record<string, unknown>> = {}): GitHubOidcEcrStack {
  return buildApp(appWith(fixtureSettings(overrides)));
}

/** The app's CloudFormation template for exactly these settings (a whole context, plus cdk.json's feature flags). */
export function templateFor(settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Template.fromStack(buildApp(appWith(settings))).toJSON();
}
