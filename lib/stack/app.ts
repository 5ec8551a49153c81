import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppConfig, ConfigError, DeployStage, parseSettings, RegistryConfig } from './config';
import { EcsStageStack } from './ecs-stage-stack';
import { GitHubOidcEcrStack } from './github-oidc-ecr-stack';
import { GitHubOidcProviderStack } from './github-oidc-provider-stack';
import { GitHubOidcEcrRegistryStack } from './registry-stack';

/**
 * Builds the app's stacks from CDK context and registers cdk-nag's AwsSolutions pack, so every
 * synth fails on an unacknowledged finding. Throws `ConfigError` on a bad setting before any
 * construct is created. One repository: today's one stack, then one CDK `Stage` per entry of
 * `deployStages` (id = stage name, so `cdk deploy 'staging/*'` deploys it) holding its stack.
 * `repositories`: a stack for a created provider, and the registry stacks that serve them (see
 * lib/stack/config/registry-layout.ts).
 */
export function buildStacks(app: App): Stack[] {
  const context = app.node.getAllContext() as Record<string, unknown>;
  const registry = parseSettings((key) => app.node.tryGetContext(key), Object.keys(context));
  const stacks = registry.listed ? registryStacks(app, registry) : [singleStack(app, registry.repositories[0])];
  for (const stage of registry.deployStages) stacks.push(stageStack(app, stage, registry.repositories[0]));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}

/**
 * Builds the app's one stack (settings without `repositories`), as `buildStacks` does. Throws
 * `ConfigError` when the settings list `repositories`.
 */
export function buildApp(app: App): GitHubOidcEcrStack {
  const stacks = buildStacks(app);
  if (!(stacks[0] instanceof GitHubOidcEcrStack)) {
    throw new ConfigError({
      key: 'repositories',
      value: app.node.tryGetContext('repositories'),
      accepted: 'no value for this app (it builds one repository): use buildStacks',
    });
  }
  return stacks[0];
}

function singleStack(app: App, config: AppConfig): GitHubOidcEcrStack {
  return new GitHubOidcEcrStack(app, config.stackName, {
    config,
    env: { region: config.region },
    description: `GitHub Actions OIDC deploy role and ECR repository for ${config.repository.fullName} (${config.env})`,
  });
}

function stageStack(app: App, stage: DeployStage, config: AppConfig): EcsStageStack {
  return new EcsStageStack(
    new Stage(app, stage.name, { env: { account: stage.account, region: stage.region } }),
    'Deploy',
    {
      stage,
      repository: config,
      stackName: stage.stackName,
      description: `GitHub Actions OIDC deploy role of ECS stage ${stage.name} for ${config.repository.fullName} (${config.env})`,
    },
  );
}

function registryStacks(app: App, registry: RegistryConfig): Stack[] {
  const { env, region, issuerHost, oidcProvider } = registry.repositories[0];
  const providerStack =
    oidcProvider.kind === 'create'
      ? new GitHubOidcProviderStack(app, registry.stackName, {
          issuerHost,
          env: { region },
          description: `GitHub Actions OIDC provider for the deploy roles of ${registry.stackName}-N (${env})`,
        })
      : undefined;
  const byStack = new Map<string, AppConfig[]>();
  for (const config of registry.repositories) {
    byStack.set(config.stackName, [...(byStack.get(config.stackName) ?? []), config]);
  }
  const stacks: Stack[] = providerStack ? [providerStack] : [];
  for (const stackName of [...byStack.keys()].sort()) {
    const repositories = byStack.get(stackName)!;
    const stack = new GitHubOidcEcrRegistryStack(app, stackName, {
      repositories,
      env: { region },
      description: `GitHub Actions OIDC deploy roles and ECR repositories for ${repositories.length} GitHub repositories (${env})`,
    });
    if (providerStack) stack.addStackDependency(providerStack);
    stacks.push(stack);
  }
  return stacks;
}
