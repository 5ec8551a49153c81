/**
 * The app with `repositories`: one provider shared by every role, per repository a role and an
 * ECR repository with today's guarantees, pull access by repository policy, spread over stacks
 * that pass cdk-nag (the synth fails on a finding) and every Control Tower control; and, judged by
 * the independent evaluator as deployed in 123456789012 / eu-west-1, each role assumable only by
 * its own repository's trusted runs and pushing only to its own ECR repository, the pull
 * principals pulling and doing nothing else.
 *
 * One app is synthesized, for all of these (every test file that synthesizes pays a second or more
 * of CPU, and cfn-guard's time grows with every resource it checks): four repositories of two
 * owners in three registry stacks, three pulled by an organisation and an account and one not
 * pulled, sharing a stack with a pulled one. What needs no template (an imported provider, the
 * single stack's policy) is read off the constructs; where repositories land and the limits are
 * pure functions (test/stack/config/registry-layout.test.ts), and CloudFormation's quotas for a full
 * stack follow from what each repository adds to these templates. Longer than ~300 lines for that.
 */
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CfnTemplate,
  DeploymentTarget,
  identityPoliciesOf,
  resolveIntrinsics,
  trustPolicyOf,
} from '../../lib/iam/cfn-template';
import { GitHubOidcClaims, stsRequestForToken } from '../../lib/iam/github-token';
import { evaluatePolicies, evaluatePolicy, PolicyDocument, RequestContext } from '../../lib/iam/policy-evaluator';
import { buildStacks } from '../../lib/stack/app';
import { parseSettings } from '../../lib/stack/config';
import { registryStackName, registryStackNumber, REPOSITORIES_PER_STACK } from '../../lib/stack/config/registry-layout';
import { ImageRepository, PULL_ACTIONS } from '../../lib/stack/constructs/image-repository';
import { TEMPLATE_MAX_BYTES } from '../../lib/stack/template-size';
import { GitHubOidcEcrStack } from '../../lib/stack/github-oidc-ecr-stack';
import { registryOutputId, registryVariables } from '../../lib/stack/github-variables';
import { GitHubRepository } from '../../lib/stack/github-repository';
import { ROLE_ECR_ACTIONS } from '../../lib/workflow/checks/ecr-permissions';
import { checkControlTower, ControlResults } from '../support/control-tower';
import { appWith } from '../support/fixture-app';
import { fixtureSettings } from '../support/fixture-settings';
import {
  ACCOUNT,
  ALL,
  LOOK_ALIKES,
  NOT_PULL,
  ORG,
  OUTSIDERS,
  PULL,
  PULL_ACCOUNT,
  PULLERS,
  REGION,
  SERVED,
  Served,
  TRUSTED_RUNS,
  UNTRUSTED_OWN_RUNS,
} from '../support/registry-runs';
import { registrySettings, THREE_REPOSITORIES } from '../support/registry-settings';
import { registryTemplates, resourcesOf } from '../support/registry-templates';

const STACK_NAME = 'test-github-oidc-ecr';

/** A repository that no other account pulls (its entry clears the top-level pull settings). */
const NOT_PULLED = { githubRepository: 'nightly-reports', pullAccounts: [], pullOrganizationId: '' };

/** The three fixture repositories pulled by an organisation and an account, and one not pulled. */
const SETTINGS = registrySettings([...THREE_REPOSITORIES, NOT_PULLED], {
  pullOrganizationId: ORG,
  pullAccounts: [PULL_ACCOUNT],
});
const templates = () => registryTemplates(SETTINGS);

const PULLED_NAMES = ['octo-service', 'team/billing-api', 'web-front'];

/** The synthesized ECR repository named `name`, and the stack it is in. */
function ecrRepository(name: string) {
  const found = resourcesOf(templates(), 'AWS::ECR::Repository').filter(
    ([, , r]) => r.Properties?.RepositoryName === name,
  );
  expect(found).toHaveLength(1);
  const [[stack, , repository]] = found;
  return { stack, repository };
}

describe('stacks', () => {
  test('a created provider in the stackName stack, once; each repository in the registry stack its name hashes to', () => {
    const names = [...templates().keys()];
    expect(names[0]).toBe(STACK_NAME);
    expect(resourcesOf(templates(), 'AWS::IAM::OIDCProvider').map(([stack]) => stack)).toEqual([STACK_NAME]);
    for (const name of names.slice(1)) expect(name).toMatch(/^test-github-oidc-ecr-[1-4]$/);
    const served: Array<[string, string]> = [
      ['Octo-Org/octo-service', 'octo-service'],
      ['Other-Team/Billing.API', 'team/billing-api'],
      ['Octo-Org/web-front', 'web-front'],
      ['Octo-Org/nightly-reports', 'nightly-reports'],
    ];
    for (const [fullName, ecrName] of served) {
      const [owner, name] = fullName.split('/');
      const expected = registryStackName(STACK_NAME, registryStackNumber(new GitHubRepository({ owner, name })));
      expect([fullName, ecrRepository(ecrName).stack]).toEqual([fullName, expected]);
    }
    // The unpulled repository shares its stack with a pulled one: pull access is per repository.
    expect(ecrRepository('nightly-reports').stack).toBe(ecrRepository('web-front').stack);
    expect(resourcesOf(templates(), 'AWS::ECR::Repository')).toHaveLength(4);
    expect(resourcesOf(templates(), 'AWS::IAM::Role')).toHaveLength(4);
  });

  test('an imported provider: no provider stack, no provider resource (read off the constructs)', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ githubRepository: `service-${i + 1}` }));
    const app = appWith(registrySettings(five, { createOidcProvider: false }));
    const stacks = buildStacks(app);
    const ofType = (type: string) =>
      app.node.findAll().filter((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === type);
    expect(ofType('AWS::IAM::OIDCProvider')).toEqual([]);
    expect(stacks.map((s) => s.stackName).every((name) => /^test-github-oidc-ecr-[1-4]$/.test(name))).toBe(true);
    expect(ofType('AWS::IAM::Role')).toHaveLength(5);
    expect(ofType('AWS::ECR::Repository')).toHaveLength(5);
  });
});

describe("every ECR repository keeps today's guarantees", () => {
  test('immutable tags, scan on push, untagged images expiring, retained (pulled or not)', () => {
    const repositories = resourcesOf(templates(), 'AWS::ECR::Repository');
    expect(repositories.map(([, , r]) => r.Properties?.RepositoryName).sort()).toEqual(
      [...PULLED_NAMES, 'nightly-reports'].sort(),
    );
    for (const [, , repository] of repositories) {
      expect(repository).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: {
          ImageTagMutability: 'IMMUTABLE',
          ImageScanningConfiguration: { ScanOnPush: true },
          LifecyclePolicy: { LifecyclePolicyText: expect.stringContaining('"tagStatus":"untagged"') },
        },
      });
    }
  });
});

/** The repository policy pullAccounts=[PULL_ACCOUNT] and pullOrganizationId=ORG give. */
const PULL_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PullFromAccounts',
      Effect: 'Allow',
      Action: PULL_ACTIONS,
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${PULL_ACCOUNT}:root`]] } },
    },
    {
      Sid: 'PullFromOrganization',
      Effect: 'Allow',
      Action: PULL_ACTIONS,
      Principal: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG } },
    },
  ],
};

describe('pull access', () => {
  test.each(PULLED_NAMES)('%s: the pull actions for the account and for the organisation, nothing else', (name) => {
    expect(ecrRepository(name).repository.Properties?.RepositoryPolicyText).toEqual(PULL_POLICY);
  });

  test('an entry that clears the pull settings: no repository policy', () => {
    expect(ecrRepository('nightly-reports').repository.Properties).not.toHaveProperty('RepositoryPolicyText');
  });

  // cdk-nag and Control Tower for the single stack with pull access: test/stack/github-oidc-ecr-stack.test.ts.
  test('one repository without a list: the same repository policy', () => {
    const [single] = buildStacks(appWith(fixtureSettings({ pullOrganizationId: ORG, pullAccounts: [PULL_ACCOUNT] })));
    expect(single).toBeInstanceOf(GitHubOidcEcrStack);
    const cfn = (single as GitHubOidcEcrStack).imageRepository.repository.node.defaultChild as ecr.CfnRepository;
    expect(single.resolve(cfn.repositoryPolicyText)).toEqual(PULL_POLICY);
  });

  test('the open-access acknowledgement does not cover another action for principal "*"', () => {
    const app = new App();
    const stack = new Stack(app, 'Fixture');
    const images = new ImageRepository(stack, 'Images', { repositoryName: 'fixture-images' });
    images.grantPullTo({ organizationId: ORG });
    images.repository.addToResourcePolicy(
      new iam.PolicyStatement({ actions: ['ecr:PutImage'], principals: [new iam.StarPrincipal()] }),
    );
    expect(() => app.synth()).toThrow(
      /statement 2 allows principal "\*" \["ecr:PutImage"\] without an aws:PrincipalOrgID/,
    );
  });
});

const TARGET: DeploymentTarget = { account: ACCOUNT, region: REGION, partition: 'aws' };

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
const assume = (served: Served, claims: GitHubOidcClaims) =>
  evaluatePolicy(trustOf(served), stsRequestForToken(claims, TARGET)).decision;

describe.each(ALL)('the %s role (independent evaluator)', (served) => {
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
const NOT_PULLED_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/nightly-reports`;

describe.each(ALL)('the %s role pushes (independent evaluator)', (served) => {
  test('to its own ECR repository', () => {
    expect(PUSH_ACTIONS).toHaveLength(7);
    for (const action of PUSH_ACTIONS) {
      const decision = evaluatePolicies(permissionsOf(served), { action, resource: SERVED[served].ecrArn }).decision;
      expect([action, decision]).toEqual([action, 'Allow']);
    }
  });

  test("to no other repository's", () => {
    const others = [...ALL.filter((o) => o !== served).map((o) => SERVED[o].ecrArn), NOT_PULLED_ARN];
    for (const other of others) {
      for (const action of PUSH_ACTIONS) {
        const decision = evaluatePolicies(permissionsOf(served), { action, resource: other }).decision;
        expect([other, action, decision]).toEqual([other, action, 'Deny']);
      }
    }
  });
});

describe.each(PULLED_NAMES)('the repository policy of %s (independent evaluator)', (name) => {
  const resource = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${name}`;
  const decide = (who: Omit<RequestContext, 'action' | 'resource'>, action: string) => {
    const { stack, repository } = ecrRepository(name);
    const policy = resolveIntrinsics(
      repository.Properties?.RepositoryPolicyText,
      templates().get(stack) as CfnTemplate,
      TARGET,
    ) as PolicyDocument;
    return evaluatePolicy(policy, { ...who, action, resource }).decision;
  };

  test('the actions judged: the pull actions, and 30 others that a puller must not get', () => {
    expect(NOT_PULL).toHaveLength(30);
    expect(new Set([...PULL, ...NOT_PULL]).size).toBe(PULL.length + NOT_PULL.length);
  });

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

describe('outputs', () => {
  const deployed = (name: string) => {
    const config = parseSettings((key) => SETTINGS[key], Object.keys(SETTINGS)).repositories.find(
      (c) => c.repository.fullName === name,
    )!;
    const template = templates().get(config.stackName) as CfnTemplate;
    const output = template.Outputs?.[registryOutputId(name)];
    expect(output).toBeDefined();
    return { config, variables: JSON.parse(String(resolveIntrinsics(output!.Value, template, TARGET))) };
  };

  test("a repository's output holds its GitHub variables as deployed", () => {
    expect(deployed('Octo-Org/web-front').variables).toEqual({
      repository: 'Octo-Org/web-front',
      AWS_ROLE_ARN: `arn:aws:iam::${ACCOUNT}:role/test-web-front-deployer`,
      AWS_REGION: REGION,
      ECR_REPOSITORY: 'web-front',
    });
  });

  // test/cli/github-setup-registry.test.ts writes its outputs file with registryVariables.
  test.each([...Object.values(SERVED).map((s) => s.fullName), 'Octo-Org/nightly-reports'])(
    '%s: what registryVariables gives for the deployed role, region and repository',
    (name) => {
      const { config, variables } = deployed(name);
      expect(variables).toEqual(
        registryVariables(name, {
          roleArn: `arn:aws:iam::${ACCOUNT}:role/${config.roleName}`,
          region: REGION,
          repositoryName: config.ecrRepositoryName,
          movingTags: config.movingTags,
        }),
      );
    },
  );
});

describe('AWS Control Tower controls', () => {
  let results: ControlResults;

  beforeAll(() => {
    results = checkControlTower(Object.fromEntries(templates()));
  });

  test('every template passes every control that applies (repositories pulled and not)', () => {
    const registryTemplatesChecked = Object.keys(results).filter((n) => /-[1-4]$/.test(n));
    expect(registryTemplatesChecked.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(results).sort()).toEqual([...templates().keys()].sort());
    for (const [name, rules] of Object.entries(results)) {
      expect([name, Object.entries(rules).filter(([, status]) => status === 'FAIL')]).toEqual([name, []]);
    }
    for (const name of registryTemplatesChecked) {
      expect([name, results[name]]).toEqual([
        name,
        expect.objectContaining({
          'ct-ecr-pr-1': 'PASS',
          'ct-ecr-pr-2': 'PASS',
          'ct-ecr-pr-3': 'PASS',
          'ct-iam-pr-1': 'PASS',
        }),
      ]);
    }
  });
});

describe("CloudFormation's quotas", () => {
  /**
   * Read off the registry stacks above: every repository adds exactly 3 resources and 1 output to
   * its stack, which holds nothing else but 1 shared output (and, under `cdk synth`, CDKMetadata).
   * The bytes per repository are each template's size over its repositories, an upper bound (the
   * stack's own parameters, rule and output counted in), with IDs, pull access and environments.
   */
  test(`${REPOSITORIES_PER_STACK} repositories in one stack fit 500 resources, 200 outputs and 1 MB`, () => {
    const bytesPerRepository = [...templates()].slice(1).map(([name, template]) => {
      const served = resourcesOf(new Map([[name, template]]), 'AWS::ECR::Repository').length;
      expect(served).toBeGreaterThan(0);
      expect([name, Object.keys(template.Resources as object).length]).toEqual([name, 3 * served]);
      expect([name, Object.keys(template.Outputs as object).length]).toEqual([name, served + 1]);
      // As the CDK writes it (one-space indentation).
      return Buffer.byteLength(JSON.stringify(template, undefined, 1)) / served;
    });
    expect(3 * REPOSITORIES_PER_STACK + 1).toBeLessThanOrEqual(500);
    expect(REPOSITORIES_PER_STACK + 1).toBeLessThanOrEqual(200);
    expect(Math.max(...bytesPerRepository) * REPOSITORIES_PER_STACK).toBeLessThanOrEqual(TEMPLATE_MAX_BYTES);
  });
});
