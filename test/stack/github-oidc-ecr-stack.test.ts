/**
 * The synthesized stack, built on the fixture settings: its template (snapshot and resources),
 * its warnings, cdk-nag's AwsSolutions pack, what each setting changes, and AWS Control Tower's
 * proactive controls run over the templates with cfn-guard.
 *
 * Longer than ~300 lines on purpose: these are all read off the same synthesized templates, and
 * every test file that synthesizes pays about a second of CPU to load aws-cdk-lib again.
 */
import { App, CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GitHubOidcEcrStack } from '../../lib/stack/github-oidc-ecr-stack';
import { GITHUB_VARIABLES, INFORMATIONAL_OUTPUTS } from '../../lib/stack/github-variables';
import { ImageRepository } from '../../lib/stack/constructs/image-repository';
import { checkControlTower, ControlResults, controlTowerRuleFiles } from '../support/control-tower';
import { fixtureStack } from '../support/fixture-app';

const built = new Map<string, { stack: GitHubOidcEcrStack; template: Template }>();

/** Synthesizes the app on the fixture settings plus `overrides` (once per distinct setting). */
function synth(overrides: Record<string, unknown> = {}) {
  const cacheKey = JSON.stringify(overrides);
  let entry = built.get(cacheKey);
  if (!entry) {
    const stack = fixtureStack(overrides);
    entry = { stack, template: Template.fromStack(stack) };
    built.set(cacheKey, entry);
  }
  return entry;
}

/** The example repository cdk.json ships with, which the stack warns about. */
const PLACEHOLDER_REPOSITORY = { githubOwner: 'mycompany-inc', githubRepository: 'my-repo' };

const IMMUTABLE_IDS = { githubOwnerId: '1234567', githubRepositoryId: '89012345' };
const KMS_KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A pattern for the acknowledgeable ID CDK appends to the stack's warning `id`. */
const warningId = (id: string) => `\\[ack: github-oidc-ecr:${id}\\]$`;

describe('default template', () => {
  const { stack, template } = synth();

  test('snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('creates only the provider, the role, its policy and the repository', () => {
    const types = Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.sort()).toEqual(
      ['AWS::ECR::Repository', 'AWS::IAM::OIDCProvider', 'AWS::IAM::Policy', 'AWS::IAM::Role'].sort(),
    );
  });

  test('the provider is a native AWS::IAM::OIDCProvider for GitHub with audience sts.amazonaws.com and no thumbprint', () => {
    template.resourceCountIs('AWS::IAM::OIDCProvider', 1);
    template.hasResource('AWS::IAM::OIDCProvider', {
      // Other roles of the account may trust it: never deleted with this stack.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Url: 'https://token.actions.githubusercontent.com',
        ClientIdList: ['sts.amazonaws.com'],
        ThumbprintList: Match.absent(),
      },
    });
    // No Lambda-backed custom resource (iam.OpenIdConnectProvider would add one).
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('the role trusts only the provider, with sts:AssumeRoleWithWebIdentity, for main runs of the deploy workflow', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'test-github-actions',
      MaxSessionDuration: 3600,
      ManagedPolicyArns: Match.absent(),
      PermissionsBoundary: Match.absent(),
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRoleWithWebIdentity',
            Principal: {
              Federated: {
                Ref: stack.getLogicalId(
                  (stack.provider as iam.OidcProviderNative).node.defaultChild as iam.CfnOIDCProvider,
                ),
              },
            },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:Octo-Org/octo-service:ref:refs/heads/main',
                'token.actions.githubusercontent.com:job_workflow_ref':
                  'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/main',
              },
            },
          },
        ],
      },
    });
  });

  test('the role can push to its repository and nothing else (AmazonECS_FullAccess is gone)', () => {
    template.resourceCountIs('AWS::IAM::Policy', 1);
    const repoLogicalId = stack.getLogicalId(stack.imageRepository.repository.node.defaultChild as CfnElement);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(stack.deployRole.role.node.defaultChild as CfnElement) }],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:GetDownloadUrlForLayer',
              'ecr:BatchGetImage',
              'ecr:CompleteLayerUpload',
              'ecr:UploadLayerPart',
              'ecr:InitiateLayerUpload',
              'ecr:PutImage',
            ],
            Resource: { 'Fn::GetAtt': [repoLogicalId, 'Arn'] },
          },
          { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        ],
      },
    });
  });

  test('the repository keeps tags immutable, scans on push, expires only untagged images, and is retained', () => {
    template.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        RepositoryName: 'octo-service',
        ImageTagMutability: 'IMMUTABLE',
        ImageTagMutabilityExclusionFilters: Match.absent(),
        ImageScanningConfiguration: { ScanOnPush: true },
        EmptyOnDelete: false,
        // AES-256 is ECR's default when no EncryptionConfiguration is given.
        EncryptionConfiguration: Match.absent(),
      },
    });
    const lifecycle = JSON.parse(
      template.findResources('AWS::ECR::Repository')[
        stack.getLogicalId(stack.imageRepository.repository.node.defaultChild as CfnElement)
      ].Properties.LifecyclePolicy.LifecyclePolicyText,
    );
    expect(lifecycle.rules).toEqual([
      {
        rulePriority: 1,
        description: 'Expire untagged images 14 days after push',
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 14, countUnit: 'days' },
        action: { type: 'expire' },
      },
    ]);
  });

  test('outputs everything the workflow needs, named after the GitHub variables', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Description: string; Value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(
      [
        GITHUB_VARIABLES.roleArn.output,
        GITHUB_VARIABLES.region.output,
        GITHUB_VARIABLES.repositoryName.output,
        ...Object.values(INFORMATIONAL_OUTPUTS),
      ].sort(),
    );
    for (const v of [GITHUB_VARIABLES.roleArn, GITHUB_VARIABLES.region, GITHUB_VARIABLES.repositoryName]) {
      expect(outputs[v.output].Description).toContain(`GitHub variable ${v.variable}`);
    }
    expect(outputs[GITHUB_VARIABLES.region.output].Value).toBe('eu-west-1');
  });

  test('warns that name-based subjects break for immutable-ID repositories, with the command to get the IDs', () => {
    Annotations.fromStack(stack).hasWarning(
      '/test-github-oidc-ecr/DeployRole',
      Match.stringLikeRegexp(
        `2026-07-15.*gh api repos/Octo-Org/octo-service --jq '.owner.id, .id'.*${warningId('name-based-subjects')}`,
      ),
    );
  });

  test('warns when the workflow pin is turned off, and only then (issue 12)', () => {
    Annotations.fromStack(synth({ workflowFile: '' }).stack).hasWarning(
      '/test-github-oidc-ecr/DeployRole',
      Match.stringLikeRegexp(`any workflow file of the repository.*${warningId('workflow-unpinned')}`),
    );
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(warningId('workflow-unpinned')));
  });

  test('warns while the repository is still the example one', () => {
    Annotations.fromStack(synth(PLACEHOLDER_REPOSITORY).stack).hasWarning(
      '/test-github-oidc-ecr/DeployRole',
      Match.stringLikeRegexp(`still the example "mycompany-inc/my-repo".*${warningId('placeholder-repository')}`),
    );
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(warningId('placeholder-repository')));
  });
});

describe('cdk-nag AwsSolutions', () => {
  test('has zero unacknowledged findings on the default stack', () => {
    const { stack } = synth();
    expect(new AwsSolutionsChecks(stack).validateScope(stack).violations).toEqual([]);
  });

  test('the one acknowledged finding is ecr:GetAuthorizationToken on "*", with a reason', () => {
    // The same grant on a role without the acknowledgement: cdk-nag must flag exactly that.
    const bare = new Stack(new App(), 'Bare');
    const repo = new ImageRepository(bare, 'Images', { repositoryName: 'x-repo' });
    const role = new iam.Role(bare, 'Role', {
      assumedBy: new iam.WebIdentityPrincipal('arn:aws:iam::1:oidc-provider/x'),
    });
    repo.grantPush(role);
    const report = new AwsSolutionsChecks(bare).validateScope(bare);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::*]']);

    const { stack } = synth();
    const acknowledged = stack.deployRole.role.node.metadata.filter(
      (m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
    );
    const entries = acknowledged.flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(entries.map(([id]) => id.replace(/^annotation::/i, ''))).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    expect(entries[0][1]).toMatch(/GetAuthorizationToken supports no resource-level permission/);
  });
});

describe('settings', () => {
  test('immutable IDs: either sub form, tied to pinned ID claims; no name-only warning', () => {
    const { stack, template } = synth(IMMUTABLE_IDS);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': [
                  'repo:Octo-Org@1234567/octo-service@89012345:ref:refs/heads/main',
                  'repo:Octo-Org/octo-service:ref:refs/heads/main',
                ],
                'token.actions.githubusercontent.com:job_workflow_ref':
                  'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/main',
                'token.actions.githubusercontent.com:repository_id': '89012345',
                'token.actions.githubusercontent.com:repository_owner_id': '1234567',
              },
            },
          }),
        ],
      },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp(warningId('name-based-subjects')));
  });

  test('createOidcProvider=false imports the account provider by a partition/account-relative ARN', () => {
    const { template } = synth({ createOidcProvider: 'false' });
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    const expectedArn = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':iam::',
          { Ref: 'AWS::AccountId' },
          ':oidc-provider/token.actions.githubusercontent.com',
        ],
      ],
    };
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: expectedArn } })] },
    });
    template.hasOutput(INFORMATIONAL_OUTPUTS.oidcProviderArn, { Value: expectedArn });
  });

  test('oidcProviderArn imports that provider', () => {
    const arn = 'arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com';
    const { template } = synth({ oidcProviderArn: arn });
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: arn } })] },
    });
  });

  test('moving tags: IMMUTABLE_WITH_EXCLUSION with exactly those filters, and an output for the workflow', () => {
    const { template } = synth({ movingTags: '["latest","buildcache"]' });
    template.hasResourceProperties('AWS::ECR::Repository', {
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'latest' },
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'buildcache' },
      ],
    });
    template.hasOutput(GITHUB_VARIABLES.movingTags.output, { Value: 'latest,buildcache' });
  });

  test('KMS key: repository encrypted with that key', () => {
    const { template } = synth({ ecrKmsKeyArn: KMS_KEY_ARN });
    template.hasResourceProperties('AWS::ECR::Repository', {
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: KMS_KEY_ARN },
    });
  });

  test('KMS without a key: AWS-managed aws/ecr key', () => {
    const { template } = synth({ ecrEncryption: 'KMS' });
    template.hasResourceProperties('AWS::ECR::Repository', {
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: Match.absent() },
    });
  });

  test('permissions boundary, role name and expiry days are applied', () => {
    const boundary = 'arn:aws:iam::123456789012:policy/DeveloperBoundary';
    const { template } = synth({
      permissionsBoundaryArn: boundary,
      roleName: 'ci-image-pusher',
      untaggedImageExpiryDays: '3',
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'ci-image-pusher',
      PermissionsBoundary: boundary,
      MaxSessionDuration: 3600,
    });
    template.hasResourceProperties('AWS::ECR::Repository', {
      LifecyclePolicy: { LifecyclePolicyText: Match.stringLikeRegexp('"countNumber":3,') },
    });
  });

  test('pull requests are trusted only when enabled, in a statement of their own, with a warning', () => {
    const statementsOf = (t: Template) =>
      Object.values(t.findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument.Statement as {
        Condition: unknown;
      }[];
    expect(JSON.stringify(statementsOf(synth().template))).not.toContain('pull_request');
    const withPrs = synth({ allowPullRequests: 'true' });
    const statements = statementsOf(withPrs.template);
    expect(statements).toHaveLength(2);
    expect(JSON.stringify(statements[1].Condition)).toContain('repo:Octo-Org/octo-service:pull_request');
    Annotations.fromStack(withPrs.stack).hasWarning(
      '*',
      Match.stringLikeRegexp('allowPullRequests=true: every pull-request author'),
    );
  });

  test('environments: a statement of their own and a warning to create them with rules first', () => {
    const { stack, template } = synth({ allowedEnvironments: '["production"]' });
    const statements = Object.values(template.findResources('AWS::IAM::Role'))[0].Properties.AssumeRolePolicyDocument
      .Statement;
    expect(statements).toHaveLength(2);
    expect(statements[1].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe(
      'repo:Octo-Org/octo-service:environment:production',
    );
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('create each environment'));
  });
});

describe('AWS Control Tower proactive controls (the rules and cfn-guard of @cdklabs/cdk-validator-cfnguard)', () => {
  /** Settings the README says pass every control, and the one opt-in documented to fail CT.ECR.PR.3. */
  const CONFIGURATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
    defaults: {},
    'immutable-ids': IMMUTABLE_IDS,
    'import-provider': { createOidcProvider: 'false' },
    'kms-key': { ecrKmsKeyArn: KMS_KEY_ARN },
    'kms-managed': { ecrEncryption: 'KMS' },
    'boundary-and-subjects': {
      permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/DeveloperBoundary',
      allowedBranches: '["develop","release/*"]',
      allowedTags: '["v*"]',
      allowedEnvironments: '["production"]',
      workflowFile: '.github/workflows/deploy-ecr.yml',
    },
    'moving-tags': { movingTags: '["latest"]' },
    'pull-access': { pullAccounts: '["111122223333"]', pullOrganizationId: 'o-exampleorg1' },
  };
  let results: ControlResults;

  beforeAll(() => {
    const templates = Object.entries(CONFIGURATIONS).map(([name, overrides]) => [
      name,
      synth(overrides).template.toJSON(),
    ]);
    results = checkControlTower(Object.fromEntries(templates));
  });

  const failing = (name: string) =>
    Object.entries(results[name] ?? {})
      .filter(([, status]) => status === 'FAIL')
      .map(([rule]) => rule);

  test('cfn-guard ran every bundled rule over every configuration', () => {
    const ruleFiles = controlTowerRuleFiles();
    expect(ruleFiles.length).toBeGreaterThan(100);
    expect(Object.keys(results).sort()).toEqual(Object.keys(CONFIGURATIONS).sort());
    for (const name of Object.keys(CONFIGURATIONS)) {
      expect(Object.keys(results[name]).length).toBe(ruleFiles.length);
    }
  });

  test.each(Object.keys(CONFIGURATIONS).filter((n) => n !== 'moving-tags'))(
    '%s passes every control that applies',
    (name) => {
      expect(failing(name)).toEqual([]);
      // The controls that concern this stack really were evaluated, not skipped.
      expect(results[name]).toMatchObject({
        'ct-ecr-pr-1': 'PASS', // lifecycle policy
        'ct-ecr-pr-2': 'PASS', // scan on push
        'ct-ecr-pr-3': 'PASS', // tags IMMUTABLE
        'ct-iam-pr-1': 'PASS', // no admin access in inline policies
      });
    },
  );

  test('movingTags fails CT.ECR.PR.3 and nothing else, as the README warns', () => {
    expect(failing('moving-tags')).toEqual(['ct-ecr-pr-3']);
  });
});
