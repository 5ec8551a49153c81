/**
 * An app with two deploy stages (staging, production; accounts other than the deploying one, in
 * other regions), judged by the independent evaluator as each template would be deployed: each
 * stage role is assumable only by its own environment's jobs of the configured repository through
 * the pinned workflow on the push job's refs, may only roll its named services and pass its named
 * roles to ECS tasks, and nothing else; the main stack's ECR repository lets the stage accounts pull.
 */
import {
  CfnTemplate,
  DeploymentTarget,
  identityPoliciesOf,
  managedPolicyArnsOf,
  resolveIntrinsics,
  trustPolicyOf,
  webIdentityRoles,
} from '../../lib/iam/cfn-template';
import {
  githubClaims,
  GitHubOidcClaims,
  GitHubTrigger,
  inEnvironment,
  onBranch,
  onPullRequest,
  stsRequestForToken,
} from '../../lib/iam/github-token';
import { evaluatePolicies, evaluatePolicy, PolicyDocument, RequestContext } from '../../lib/iam/policy-evaluator';
import { PRODUCTION, STAGING, stageSettings } from '../support/stage-settings';
import { stageTemplates } from '../support/stage-templates';

const OWNER = { owner: 'Octo-Org', ownerId: '1234567' };
const REPOSITORY = { repository: 'octo-service', repositoryId: '89012345' };
/** The push job runs on main and on v* tags; the repository is trusted by its IDs. */
const SETTINGS = stageSettings(undefined, {
  allowedTags: ['v*'],
  githubOwnerId: OWNER.ownerId,
  githubRepositoryId: REPOSITORY.repositoryId,
});
const templates = () => stageTemplates(SETTINGS);

const STAGES = { staging: STAGING, production: PRODUCTION } as const;
type StageName = keyof typeof STAGES;
const NAMES = Object.keys(STAGES) as StageName[];
const other = (name: StageName): StageName => (name === 'staging' ? 'production' : 'staging');

const targetOf = (name: StageName): DeploymentTarget => ({
  account: STAGES[name].account,
  region: STAGES[name].region,
  partition: 'aws',
});

/** The stage stack's template and its one web-identity role. */
function roleOf(name: StageName): { template: CfnTemplate; roleId: string } {
  const template = templates().stages.get(name)!.template as CfnTemplate;
  const roles = webIdentityRoles(template);
  expect(roles).toHaveLength(1);
  return { template, roleId: roles[0] };
}

const trustOf = (name: StageName): PolicyDocument => {
  const { template, roleId } = roleOf(name);
  return trustPolicyOf(template, roleId, targetOf(name));
};
const permissionsOf = (name: StageName): PolicyDocument[] => {
  const { template, roleId } = roleOf(name);
  expect(managedPolicyArnsOf(template, roleId, targetOf(name))).toEqual([]);
  return identityPoliciesOf(template, roleId, targetOf(name));
};

/** A job of `spec`'s repository (the configured one unless overridden) with the deploy workflow. */
const job = (trigger: GitHubTrigger, overrides: Partial<Parameters<typeof githubClaims>[0]> = {}): GitHubOidcClaims =>
  githubClaims({
    ...OWNER,
    ...REPOSITORY,
    subjectFormat: 'immutable',
    workflowFile: 'deploy-ecr.yml',
    trigger,
    ...overrides,
  });

const assume = (name: StageName, claims: GitHubOidcClaims) =>
  evaluatePolicy(trustOf(name), stsRequestForToken(claims, targetOf(name))).decision;

describe.each(NAMES)('who may assume the %s role', (name) => {
  const environment = STAGES[name].environment;

  test.each<[string, GitHubOidcClaims]>([
    ['on main', job(inEnvironment(environment, 'refs/heads/main'))],
    ['on a v* tag', job(inEnvironment(environment, 'refs/tags/v1.2.0'))],
    [
      'with the name-form sub of a repository not yet switched to IDs',
      job(inEnvironment(environment), { subjectFormat: 'name' }),
    ],
  ])("its environment's deploy job %s", (_what, claims) => {
    expect(assume(name, claims)).toBe('Allow');
  });

  test.each<[string, GitHubOidcClaims]>([
    ["the other stage's environment", job(inEnvironment(STAGES[other(name)].environment))],
    ['a branch job without an environment (the push job)', job(onBranch('main'))],
    ['a tag job without an environment', job({ kind: 'ref', ref: 'refs/tags/v1.2.0' })],
    ['its environment on a branch the push job does not run on', job(inEnvironment(environment, 'refs/heads/feature'))],
    ['its environment on a tag the push job does not run on', job(inEnvironment(environment, 'refs/tags/release-1'))],
    ['its environment from a pull request', job(inEnvironment(environment, 'refs/pull/7/merge'))],
    ['a pull request', job(onPullRequest(7, 'feature', 'main'))],
    [
      'its environment, another workflow of the repository',
      job(inEnvironment(environment), { workflowFile: 'release.yml' }),
    ],
    [
      'its environment, another repository of the owner',
      job(inEnvironment(environment), { repository: 'octo-service-old', repositoryId: '89019999' }),
    ],
    [
      'its environment, a re-created repository of that name (another ID)',
      job(inEnvironment(environment), { repositoryId: '99999999' }),
    ],
    [
      'its environment, the same names under another owner ID',
      job(inEnvironment(environment), { ownerId: '7654321', subjectFormat: 'name' }),
    ],
    [
      'its environment spelt in another case (one environment for GitHub, not for IAM)',
      job(inEnvironment(environment.toUpperCase())),
    ],
    [
      'its environment, started by hand (workflow_dispatch) on a branch the push job does not run on',
      job({ kind: 'environment', environment, ref: 'refs/heads/feature', eventName: 'workflow_dispatch' }),
    ],
    [
      'its environment, another repository calling the deploy workflow as a reusable workflow',
      job(inEnvironment(environment), {
        repository: 'octo-caller',
        repositoryId: '89017777',
        calledWorkflow: 'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/main',
      }),
    ],
    ['its environment, another audience', job(inEnvironment(environment), { audience: 'https://example.com' })],
  ])('refuses %s', (_what, claims) => {
    expect(assume(name, claims)).toBe('Deny');
  });
});

const serviceArn = (name: StageName, service: string, cluster: string = STAGES[name].cluster) =>
  `arn:aws:ecs:${STAGES[name].region}:${STAGES[name].account}:service/${cluster}/${service}`;
const taskDefinitionArn = (name: StageName, family = 'web', revision = 12) =>
  `arn:aws:ecs:${STAGES[name].region}:${STAGES[name].account}:task-definition/${family}:${revision}`;

const decide = (name: StageName, request: RequestContext) => evaluatePolicies(permissionsOf(name), request).decision;
const passTo = (service: string | undefined) => (service === undefined ? {} : { 'iam:PassedToService': service });

describe.each(NAMES)('what the %s role may do', (name) => {
  const stage = STAGES[name];

  test('describe and update each named service', () => {
    for (const service of stage.services) {
      for (const action of ['ecs:DescribeServices', 'ecs:UpdateService']) {
        expect([service, action, decide(name, { action, resource: serviceArn(name, service) })]).toEqual([
          service,
          action,
          'Allow',
        ]);
      }
    }
  });

  test.each<[string, string]>([
    ['another service of the cluster', serviceArn(name, 'billing')],
    ['a named service in another cluster', serviceArn(name, stage.services[0], 'other-cluster')],
    ['a named service in another region', serviceArn(name, stage.services[0]).replace(stage.region, 'us-east-1')],
    ["the other stage's service", serviceArn(other(name), STAGES[other(name)].services[0])],
    ['every service', '*'],
  ])('no DescribeServices or UpdateService on %s', (_what, resource) => {
    for (const action of ['ecs:DescribeServices', 'ecs:UpdateService']) {
      expect([action, decide(name, { action, resource })]).toEqual([action, 'Deny']);
    }
  });

  test('describe task definitions (ECS supports no resource for it), register them in its account and region', () => {
    expect(decide(name, { action: 'ecs:DescribeTaskDefinition', resource: '*' })).toBe('Allow');
    expect(decide(name, { action: 'ecs:RegisterTaskDefinition', resource: taskDefinitionArn(name) })).toBe('Allow');
    expect(decide(name, { action: 'ecs:RegisterTaskDefinition', resource: taskDefinitionArn(other(name)) })).toBe(
      'Deny',
    );
  });

  test('pass each named role, to ECS tasks only', () => {
    for (const role of stage.passRoles) {
      const pass = (service?: string) =>
        decide(name, { action: 'iam:PassRole', resource: role, context: passTo(service) });
      expect([role, pass('ecs-tasks.amazonaws.com')]).toEqual([role, 'Allow']);
      for (const service of ['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs.amazonaws.com', undefined]) {
        expect([role, service, pass(service)]).toEqual([role, service, 'Deny']);
      }
    }
  });

  test.each<[string, string]>([
    ['another role of its account', `arn:aws:iam::${stage.account}:role/admin`],
    [
      'the ECS service-linked role',
      `arn:aws:iam::${stage.account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    ],
    ["the other stage's role", STAGES[other(name)].passRoles[0]],
    ['its own deploy role', `arn:aws:iam::${stage.account}:role/test-${name}-ecs-deploy`],
  ])('pass no other role: %s', (_what, role) => {
    const request = { action: 'iam:PassRole', resource: role, context: passTo('ecs-tasks.amazonaws.com') };
    expect(decide(name, request)).toBe('Deny');
  });

  const DENIED = [
    'ecs:CreateService',
    'ecs:DeleteService',
    'ecs:RunTask',
    'ecs:StartTask',
    'ecs:StopTask',
    'ecs:ExecuteCommand',
    'ecs:CreateCluster',
    'ecs:DeleteCluster',
    'ecs:UpdateCluster',
    'ecs:PutClusterCapacityProviders',
    'ecs:CreateTaskSet',
    'ecs:UpdateServicePrimaryTaskSet',
    'ecs:DeregisterTaskDefinition',
    'ecs:DeleteTaskDefinitions',
    'ecs:TagResource',
    'ecs:PutAccountSetting',
    'ecs:ListServices',
    'ecr:GetAuthorizationToken',
    'ecr:BatchGetImage',
    'ecr:PutImage',
    'ecr:SetRepositoryPolicy',
    's3:GetObject',
    's3:PutObject',
    'iam:CreateRole',
    'iam:AttachRolePolicy',
    'iam:PutRolePolicy',
    'sts:AssumeRole',
    'secretsmanager:GetSecretValue',
    'logs:CreateLogGroup',
  ];

  test('nothing else, on any resource', () => {
    const resources = ['*', serviceArn(name, stage.services[0]), taskDefinitionArn(name), stage.passRoles[0]];
    for (const action of DENIED) {
      for (const resource of resources) {
        expect([action, resource, decide(name, { action, resource })]).toEqual([action, resource, 'Deny']);
      }
    }
  });
});

describe("the main stack's ECR repository", () => {
  const MAIN: DeploymentTarget = { account: '123456789012', region: 'eu-west-1', partition: 'aws' };
  const resource = `arn:aws:ecr:${MAIN.region}:${MAIN.account}:repository/octo-service`;

  const repositoryPolicy = (): PolicyDocument => {
    const main = templates().main as CfnTemplate;
    const [repository] = Object.values(main.Resources ?? {}).filter((r) => r.Type === 'AWS::ECR::Repository');
    return resolveIntrinsics(repository.Properties?.RepositoryPolicyText, main, MAIN) as PolicyDocument;
  };
  /** The stage's ECS task execution role pulls (a session of it, as ECS acts); the account root is not the caller. */
  const byAccount = (account: string, action: string) =>
    evaluatePolicy(repositoryPolicy(), {
      principal: { type: 'AWS', id: `arn:aws:sts::${account}:assumed-role/ecsTaskExecutionRole/ecs-task` },
      action,
      resource,
    }).decision;

  const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
  const NOT_PULL = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:BatchDeleteImage', 'ecr:SetRepositoryPolicy'];

  test.each(NAMES)('lets the %s account pull, and do nothing else', (name) => {
    for (const action of PULL) expect([action, byAccount(STAGES[name].account, action)]).toEqual([action, 'Allow']);
    for (const action of NOT_PULL) expect([action, byAccount(STAGES[name].account, action)]).toEqual([action, 'Deny']);
  });

  test('lets no other account pull', () => {
    for (const action of PULL) expect([action, byAccount('999988887777', action)]).toEqual([action, 'Deny']);
  });
});
