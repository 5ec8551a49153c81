import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EcsDeployRole, EcsDeployRoleProps } from '../../../lib/stack/constructs/ecs-deploy-role';
import { GitHubOidcProvider } from '../../../lib/stack/constructs/github-oidc-provider';
import { GitHubRepository } from '../../../lib/stack/github-repository';
import { ecsDeployStatements } from '../../../lib/stack/permissions/ecs-deploy-policy';
import { SubjectFilter } from '../../../lib/stack/trust/subject-filter';
import { renderTrustStatements } from '../../../lib/stack/trust/trust-conditions';

const ENV = { account: '222222222222', region: 'eu-west-1' };
const repository = new GitHubRepository({ owner: 'Octo-Org', name: 'octo-service' });
const SETTINGS = {
  repository,
  environment: 'staging',
  workflowFile: '.github/workflows/deploy-ecr.yml',
  environmentRefs: ['refs/heads/main'],
  cluster: 'apps',
  services: ['web', 'worker'],
  passRoles: ['arn:aws:iam::222222222222:role/web-task'],
};

function roleIn(stack: Stack, props: Partial<EcsDeployRoleProps> = {}): EcsDeployRole {
  const provider = GitHubOidcProvider.create(stack, 'Provider');
  return new EcsDeployRole(stack, 'Deploy', { provider, ...SETTINGS, ...props });
}

describe('in a stack with an account and region', () => {
  const stack = new Stack(new App(), 'Stage', { env: ENV });
  const deploy = roleIn(stack, { roleName: 'test-staging-ecs-deploy' });
  const template = Template.fromStack(stack);

  test('its policy is the pure document for this account, region and partition', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy'));
    expect(policy.Properties.PolicyDocument.Statement).toEqual(
      ecsDeployStatements({
        partition: 'aws',
        ...ENV,
        cluster: 'apps',
        services: SETTINGS.services,
        passRoles: SETTINGS.passRoles,
      }),
    );
  });

  test('its trust: the environment alone, through the pinned workflow, on the given refs', () => {
    expect(deploy.trustConditions).toEqual(
      renderTrustStatements({
        issuerHost: 'token.actions.githubusercontent.com',
        repository,
        subjects: [SubjectFilter.environment('staging')],
        workflowFile: SETTINGS.workflowFile,
        environmentRefs: SETTINGS.environmentRefs,
      }),
    );
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'test-staging-ecs-deploy', MaxSessionDuration: 3600 });
  });

  test('cdk-nag finds nothing: both wildcard resources are acknowledged', () => {
    expect(new AwsSolutionsChecks(stack).validateScope(stack).violations).toEqual([]);
  });

  test('it validates as built', () => {
    expect(Stack.of(deploy.role).node.validate()).toEqual([]);
  });
});

test('another action on "*" beside DescribeTaskDefinition fails validation, RegisterTaskDefinition included', () => {
  const deploy = roleIn(new Stack(new App(), 'Stage', { env: ENV }));
  deploy.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['ecs:RegisterTaskDefinition'], resources: ['*'] }),
  );
  expect(Stack.of(deploy.role).node.validate()).toEqual([
    'Stage/Deploy/GitHub/Role/DefaultPolicy/Resource: statement 5 allows ecs:RegisterTaskDefinition on "*". The AwsSolutions-IAM5[Resource::*] acknowledgement on this role covers ecs:DescribeTaskDefinition only: scope the statement to resource ARNs.',
  ]);
});

test.each<[string, Partial<EcsDeployRoleProps>, Stack | undefined, RegExp]>([
  [
    'a stack without account and region',
    {},
    new Stack(new App(), 'Agnostic'),
    /its stack needs a concrete account and region/,
  ],
  ['no services', { services: [] }, undefined, /expected at least one service and one role to pass/],
  ['no roles to pass', { passRoles: [] }, undefined, /expected at least one service and one role to pass/],
])('refuses %s', (_what, props, stack, message) => {
  expect(() => roleIn(stack ?? new Stack(new App(), 'Stage', { env: ENV }), props)).toThrow(message);
});
