/**
 * The app with `repositories`: one provider shared by every role, per repository a role and an
 * ECR repository with today's guarantees, pull access by repository policy, spread over stacks
 * that pass cdk-nag (the synth fails on a finding) and every Control Tower control.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ImageRepository, PULL_ACTIONS } from '../../lib/stack/constructs/image-repository';
import { checkControlTower, ControlResults } from '../support/control-tower';
import { fixtureSettings } from '../support/fixture-settings';
import { registrySettings, THREE_REPOSITORIES } from '../support/registry-settings';
import { registryTemplates, resourcesOf } from '../support/registry-templates';

const ORG = 'o-exampleorg1';
const PULL_ACCOUNT = '111122223333';

/** 3 repositories of two owners, pulled by an organisation and an account. */
const withPull = () =>
  registryTemplates(registrySettings(THREE_REPOSITORIES, { pullOrganizationId: ORG, pullAccounts: [PULL_ACCOUNT] }));

/** 5 repositories, no pull access, the account's provider imported. */
const FIVE = Array.from({ length: 5 }, (_, i) => ({ githubRepository: `service-${i + 1}` }));
const manyWithoutPull = () => registryTemplates(registrySettings(FIVE, { createOidcProvider: false }));

describe('stacks', () => {
  test('a created provider in the stackName stack, once; each repository in one registry stack', () => {
    const templates = withPull();
    expect([...templates.keys()][0]).toBe('test-github-oidc-ecr');
    expect(resourcesOf(templates, 'AWS::IAM::OIDCProvider').map(([stack]) => stack)).toEqual(['test-github-oidc-ecr']);
    for (const name of [...templates.keys()].slice(1)) expect(name).toMatch(/^test-github-oidc-ecr-[1-4]$/);
    expect(
      resourcesOf(templates, 'AWS::ECR::Repository')
        .map(([, , r]) => r.Properties?.RepositoryName)
        .sort(),
    ).toEqual(['octo-service', 'team/billing-api', 'web-front']);
    expect(resourcesOf(templates, 'AWS::IAM::Role')).toHaveLength(3);
  });

  test('an imported provider: no provider stack, no provider resource', () => {
    const templates = manyWithoutPull();
    expect(resourcesOf(templates, 'AWS::IAM::OIDCProvider')).toEqual([]);
    expect([...templates.keys()].every((name) => /^test-github-oidc-ecr-[1-4]$/.test(name))).toBe(true);
    expect(resourcesOf(templates, 'AWS::IAM::Role')).toHaveLength(5);
  });
});

describe.each([
  ['3 repositories with pull access', withPull, 3],
  ['5 repositories without', manyWithoutPull, 5],
])("every ECR repository keeps today's guarantees (%s)", (_, templates, count) => {
  test('immutable tags, scan on push, untagged images expiring, retained', () => {
    const repositories = resourcesOf(templates(), 'AWS::ECR::Repository');
    expect(repositories).toHaveLength(count);
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

describe('pull access', () => {
  test('every repository: the pull actions for the account and for the organisation, nothing else', () => {
    const repositories = resourcesOf(withPull(), 'AWS::ECR::Repository');
    expect(repositories).toHaveLength(3);
    for (const [, , repository] of repositories) {
      expect(repository.Properties?.RepositoryPolicyText).toEqual({
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
      });
    }
  });

  test('one repository without a list: the same repository policy, and cdk-nag passes (the synth would fail)', () => {
    const single = registryTemplates(fixtureSettings({ pullOrganizationId: ORG, pullAccounts: [PULL_ACCOUNT] }));
    expect([...single.keys()]).toEqual(['test-github-oidc-ecr']);
    const [[, , repository]] = resourcesOf(single, 'AWS::ECR::Repository');
    const [[, , listed]] = resourcesOf(withPull(), 'AWS::ECR::Repository');
    expect(repository.Properties?.RepositoryPolicyText).toEqual(listed.Properties?.RepositoryPolicyText);
  });

  test('without pull settings, no repository policy', () => {
    for (const [, , repository] of resourcesOf(manyWithoutPull(), 'AWS::ECR::Repository')) {
      expect(repository.Properties).not.toHaveProperty('RepositoryPolicyText');
    }
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

describe('AWS Control Tower controls', () => {
  let results: ControlResults;

  beforeAll(() => {
    const templates: Record<string, unknown> = {};
    for (const [label, app] of [
      ['pull', withPull()],
      ['many', manyWithoutPull()],
    ] as const) {
      for (const [name, template] of app) templates[`${label}-${name}`] = template;
    }
    results = checkControlTower(templates);
  });

  test('every template of both apps passes every control that applies', () => {
    const registryTemplatesChecked = Object.keys(results).filter((n) => /-[1-4]$/.test(n));
    expect(registryTemplatesChecked.length).toBeGreaterThanOrEqual(2);
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
