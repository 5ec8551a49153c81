/**
 * An app with three repositories of two owners (one with numeric IDs and tags, one with release
 * branches, an environment and its own workflow file) and pull access for an organisation and an
 * account, judged by the independent evaluator as deployed in 123456789012 / eu-west-1: each role
 * is assumable only by its own repository's trusted runs and pushes only to its own ECR
 * repository; the pull principals can pull and do nothing else.
 */
import {
  CfnTemplate,
  DeploymentTarget,
  identityPoliciesOf,
  resolveIntrinsics,
  trustPolicyOf,
} from '../../lib/iam/cfn-template';
import {
  githubClaims,
  GitHubOidcClaims,
  GitHubRunSpec,
  inEnvironment,
  onBranch,
  onTag,
  stsRequestForToken,
} from '../../lib/iam/github-token';
import { evaluatePolicies, evaluatePolicy, PolicyDocument, RequestContext } from '../../lib/iam/policy-evaluator';
import { ROLE_ECR_ACTIONS } from '../../lib/workflow/checks/ecr-permissions';
import { registrySettings, THREE_REPOSITORIES } from '../support/registry-settings';
import { registryTemplates, resourcesOf } from '../support/registry-templates';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const TARGET: DeploymentTarget = { account: ACCOUNT, region: REGION, partition: 'aws' };
const ORG = 'o-exampleorg1';
const PULL_ACCOUNT = '111122223333';

const templates = () =>
  registryTemplates(registrySettings(THREE_REPOSITORIES, { pullOrganizationId: ORG, pullAccounts: [PULL_ACCOUNT] }));

/** The three repositories as the fixture lists them: GitHub name, ECR repository ARN. */
const SERVED = {
  service: { fullName: 'Octo-Org/octo-service', ecrArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/octo-service` },
  billing: {
    fullName: 'Other-Team/Billing.API',
    ecrArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team/billing-api`,
  },
  web: { fullName: 'Octo-Org/web-front', ecrArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/web-front` },
} as const;
type Served = keyof typeof SERVED;
const ALL = Object.keys(SERVED) as Served[];

/** The template and logical ID of the role whose description names `fullName`. */
function roleOf(fullName: string): { template: CfnTemplate; roleId: string } {
  const found = resourcesOf(templates(), 'AWS::IAM::Role').filter(([, , role]) =>
    String(role.Properties?.Description).startsWith(`GitHub Actions (OIDC) deploy role for ${fullName}:`),
  );
  expect(found).toHaveLength(1);
  const [stack, roleId] = found[0];
  return { template: templates().get(stack) as CfnTemplate, roleId };
}

const trustOf = (served: Served): PolicyDocument => {
  const { template, roleId } = roleOf(SERVED[served].fullName);
  return trustPolicyOf(template, roleId, TARGET);
};
const permissionsOf = (served: Served): PolicyDocument[] => {
  const { template, roleId } = roleOf(SERVED[served].fullName);
  return identityPoliciesOf(template, roleId, TARGET);
};

/** The repository policy of the ECR repository named `name`, resolved. */
function repositoryPolicyOf(name: string): PolicyDocument {
  const found = resourcesOf(templates(), 'AWS::ECR::Repository').filter(
    ([, , r]) => r.Properties?.RepositoryName === name,
  );
  expect(found).toHaveLength(1);
  const [stack, , repository] = found[0];
  return resolveIntrinsics(
    repository.Properties?.RepositoryPolicyText,
    templates().get(stack) as CfnTemplate,
    TARGET,
  ) as PolicyDocument;
}

const run = (spec: GitHubRunSpec): GitHubOidcClaims => githubClaims(spec);

/** Runs each repository trusts (its settings in test/support/registry-settings.ts). */
const TRUSTED_RUNS: Record<Served, Array<[string, GitHubOidcClaims]>> = {
  service: [
    [
      'main',
      run({ owner: 'Octo-Org', repository: 'octo-service', trigger: onBranch('main'), workflowFile: 'deploy-ecr.yml' }),
    ],
  ],
  billing: [
    [
      'tag v1.2.0 (immutable subject)',
      run({
        owner: 'Other-Team',
        ownerId: '7654321',
        repository: 'Billing.API',
        repositoryId: '55501234',
        subjectFormat: 'immutable',
        trigger: onTag('v1.2.0'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
    [
      'tag v1.2.0 (name subject)',
      run({
        owner: 'Other-Team',
        ownerId: '7654321',
        repository: 'Billing.API',
        repositoryId: '55501234',
        trigger: onTag('v1.2.0'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
  ],
  web: [
    [
      'release/2.0',
      run({
        owner: 'Octo-Org',
        repository: 'web-front',
        trigger: onBranch('release/2.0'),
        workflowFile: 'release.yml',
      }),
    ],
    [
      'environment production',
      run({
        owner: 'Octo-Org',
        repository: 'web-front',
        trigger: inEnvironment('production'),
        workflowFile: 'release.yml',
      }),
    ],
  ],
};

/** Runs of each repository that its own role must refuse too. */
const UNTRUSTED_OWN_RUNS: Record<Served, Array<[string, GitHubOidcClaims]>> = {
  service: [
    [
      'develop',
      run({
        owner: 'Octo-Org',
        repository: 'octo-service',
        trigger: onBranch('develop'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
    [
      'main, another workflow',
      run({ owner: 'Octo-Org', repository: 'octo-service', trigger: onBranch('main'), workflowFile: 'release.yml' }),
    ],
  ],
  billing: [
    [
      'main (it trusts tags only)',
      run({
        owner: 'Other-Team',
        ownerId: '7654321',
        repository: 'Billing.API',
        repositoryId: '55501234',
        trigger: onBranch('main'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
    [
      'a re-created repository of that name (other ID)',
      run({
        owner: 'Other-Team',
        ownerId: '7654321',
        repository: 'Billing.API',
        repositoryId: '99999999',
        trigger: onTag('v1.2.0'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
  ],
  web: [
    [
      'main',
      run({ owner: 'Octo-Org', repository: 'web-front', trigger: onBranch('main'), workflowFile: 'release.yml' }),
    ],
    [
      'release/2.0, the deploy workflow',
      run({
        owner: 'Octo-Org',
        repository: 'web-front',
        trigger: onBranch('release/2.0'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
  ],
};

/** A repository next to each one, running what that one's role trusts. */
const LOOK_ALIKES: Record<Served, GitHubOidcClaims> = {
  service: run({
    owner: 'Octo-Org',
    repository: 'octo-service-old',
    trigger: onBranch('main'),
    workflowFile: 'deploy-ecr.yml',
  }),
  billing: run({
    owner: 'Other-Team',
    ownerId: '7654321',
    repository: 'Billing.API2',
    repositoryId: '55509999',
    subjectFormat: 'immutable',
    trigger: onTag('v1.2.0'),
    workflowFile: 'deploy-ecr.yml',
  }),
  web: run({
    owner: 'Octo-Org',
    repository: 'web-front-fork',
    trigger: onBranch('release/2.0'),
    workflowFile: 'release.yml',
  }),
};

const assume = (served: Served, claims: GitHubOidcClaims) =>
  evaluatePolicy(trustOf(served), stsRequestForToken(claims, TARGET)).decision;

describe.each(ALL)('the %s role', (served) => {
  test.each(TRUSTED_RUNS[served])("is assumed by its repository's trusted run: %s", (_, claims) => {
    expect(assume(served, claims)).toBe('Allow');
  });

  test.each(UNTRUSTED_OWN_RUNS[served])("refuses its repository's untrusted run: %s", (_, claims) => {
    expect(assume(served, claims)).toBe('Deny');
  });

  test('refuses every trusted run of the other two repositories', () => {
    const others = ALL.filter((o) => o !== served).flatMap((o) => TRUSTED_RUNS[o]);
    expect(others.length).toBeGreaterThanOrEqual(2);
    for (const [name, claims] of others) expect([name, assume(served, claims)]).toEqual([name, 'Deny']);
  });

  test('a run of another repository of the same owner, on a trusted ref with the trusted workflow, is refused', () => {
    expect(assume(served, LOOK_ALIKES[served])).toBe('Deny');
  });
});

/** What a push needs on the repository: the role's ECR actions but ECR login, which has no resource. */
const PUSH_ACTIONS = ROLE_ECR_ACTIONS.filter((action) => action !== 'ecr:GetAuthorizationToken');

describe.each(ALL)('the %s role pushes', (served) => {
  test('to its own ECR repository', () => {
    expect(PUSH_ACTIONS).toHaveLength(7);
    for (const action of PUSH_ACTIONS) {
      const decision = evaluatePolicies(permissionsOf(served), { action, resource: SERVED[served].ecrArn }).decision;
      expect([action, decision]).toEqual([action, 'Allow']);
    }
  });

  test("to no other repository's", () => {
    for (const other of ALL.filter((o) => o !== served)) {
      for (const action of PUSH_ACTIONS) {
        const decision = evaluatePolicies(permissionsOf(served), { action, resource: SERVED[other].ecrArn }).decision;
        expect([other, action, decision]).toEqual([other, action, 'Deny']);
      }
    }
  });
});

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const NOT_PULL = [
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchDeleteImage',
  'ecr:DeleteRepository',
  'ecr:SetRepositoryPolicy',
  'ecr:DeleteRepositoryPolicy',
  'ecr:GetRepositoryPolicy',
  'ecr:PutLifecyclePolicy',
  'ecr:PutImageTagMutability',
  'ecr:TagResource',
  'ecr:DescribeImages',
  'ecr:ListImages',
];

/** A principal of the pulling side, with the context STS would add (its organisation). */
const PULLERS: Record<string, Omit<RequestContext, 'action' | 'resource'>> = {
  'the pull account': { principal: { type: 'AWS', id: `arn:aws:iam::${PULL_ACCOUNT}:root` } },
  'a role of an account in the organisation': {
    principal: { type: 'AWS', id: 'arn:aws:iam::444455556666:role/ecsTaskExecutionRole' },
    context: { 'aws:PrincipalOrgID': ORG },
  },
};

const OUTSIDERS: Record<string, Omit<RequestContext, 'action' | 'resource'>> = {
  'another account': { principal: { type: 'AWS', id: 'arn:aws:iam::999988887777:root' } },
  'a role of another organisation': {
    principal: { type: 'AWS', id: 'arn:aws:iam::444455556666:role/ecsTaskExecutionRole' },
    context: { 'aws:PrincipalOrgID': 'o-otherorg123' },
  },
  'a role that belongs to no organisation': { principal: { type: 'AWS', id: 'arn:aws:iam::444455556666:role/x' } },
};

describe.each(['octo-service', 'team/billing-api', 'web-front'])('the repository policy of %s', (name) => {
  const resource = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
  const decide = (who: Omit<RequestContext, 'action' | 'resource'>, action: string) =>
    evaluatePolicy(repositoryPolicyOf(name), { ...who, action, resource }).decision;

  test.each(Object.entries(PULLERS))('lets %s pull', (_, who) => {
    for (const action of PULL) expect([action, decide(who, action)]).toEqual([action, 'Allow']);
  });

  test.each(Object.entries(PULLERS))('lets %s do nothing else (no push, no delete, no policy change)', (_, who) => {
    for (const action of NOT_PULL) expect([action, decide(who, action)]).toEqual([action, 'Deny']);
  });

  test.each(Object.entries(OUTSIDERS))('lets %s do nothing', (_, who) => {
    for (const action of [...PULL, ...NOT_PULL]) expect([action, decide(who, action)]).toEqual([action, 'Deny']);
  });
});
