import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig } from './config';
import { GitHubOidcEcrStack } from './github-oidc-ecr-stack';

/**
 * Builds the app's one stack from CDK context and registers cdk-nag's AwsSolutions pack, so every
 * synth fails on an unacknowledged finding. Throws `ConfigError` on a bad setting before any
 * construct is created.
 */
export function buildApp(app: App): GitHubOidcEcrStack {
  const context = app.node.getAllContext() as Record<string, unknown>;
  const config = parseConfig((key) => app.node.tryGetContext(key), Object.keys(context));
  const stack = new GitHubOidcEcrStack(app, config.stackName, {
    config,
    env: { region: config.region },
    description: `GitHub Actions OIDC deploy role and ECR repository for ${config.repository.fullName} (${config.env})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
