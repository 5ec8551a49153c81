/**
 * What the deploy role may do once assumed: its identity policies (fixture settings), as deployed
 * in account 123456789012 / eu-west-1, evaluated by the independent evaluator. Pushing to its one
 * repository is allowed; everything else is denied.
 */
import { evaluatePolicies, explainDecision } from '../../lib/iam/policy-evaluator';
import { ACCOUNT, REGION, synthesize, SynthesizedStack } from './stack-fixture';

const REPO_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/octo-service`;

/** What `docker push` (and a BuildKit registry cache) calls on the repository. */
const PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

function decide(stack: SynthesizedStack, action: string, resource: string) {
  return evaluatePolicies(stack.identityPolicies, { action, resource });
}

describe.each([
  ['defaults', {}],
  ['KMS encryption and a moving tag', { ecrEncryption: 'KMS', movingTags: '["latest"]' }],
])('deploy role permissions (%s)', (_, overrides) => {
  const stack = () => synthesize(overrides);

  it('has an identity policy to evaluate', () => {
    expect(stack().identityPolicies.length).toBeGreaterThan(0);
  });

  it.each(PUSH_ACTIONS)('allows %s on its repository', (action) => {
    const d = decide(stack(), action, REPO_ARN);
    expect(explainDecision(d)).toMatch(/^Allow/);
  });

  it('allows ecr:GetAuthorizationToken, which supports no resource ("*")', () => {
    expect(decide(stack(), 'ecr:GetAuthorizationToken', '*').decision).toBe('Allow');
  });

  it.each([
    ['a look-alike repository', `${REPO_ARN}-evil`],
    ['a repository under its name as a prefix', `${REPO_ARN}/nested`],
    ['the same name in another region', REPO_ARN.replace(REGION, 'us-east-1')],
    ['the same name in another account', REPO_ARN.replace(ACCOUNT, '210987654321')],
    ['every resource ("*")', '*'],
  ])('denies every push action on %s', (_, resource) => {
    for (const action of PUSH_ACTIONS) {
      expect([action, decide(stack(), action, resource).decision]).toEqual([action, 'Deny']);
    }
  });

  it.each([
    ['ecr:BatchDeleteImage', REPO_ARN],
    ['ecr:DeleteRepository', REPO_ARN],
    ['ecr:DeleteRepositoryPolicy', REPO_ARN],
    ['ecr:SetRepositoryPolicy', REPO_ARN],
    ['ecr:PutLifecyclePolicy', REPO_ARN],
    ['ecr:DeleteLifecyclePolicy', REPO_ARN],
    ['ecr:PutImageTagMutability', REPO_ARN],
    ['ecr:PutImageScanningConfiguration', REPO_ARN],
    ['ecr:TagResource', REPO_ARN],
    ['ecr:CreateRepository', `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/new-repo`],
    ['ecr:PutRegistryPolicy', '*'],
    ['iam:CreateRole', `arn:aws:iam::${ACCOUNT}:role/x`],
    ['iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/test-github-actions`],
    ['iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/test-github-actions`],
    ['iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/x`],
    ['sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/admin`],
    ['ecs:UpdateService', `arn:aws:ecs:${REGION}:${ACCOUNT}:service/cluster/app`],
    ['ecs:RegisterTaskDefinition', '*'],
    ['ecs:RunTask', `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/app:1`],
    ['s3:GetObject', 'arn:aws:s3:::bucket/key'],
    ['kms:Decrypt', `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
    ['cloudformation:DeleteStack', `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/x/1`],
  ])('denies %s on %s', (action, resource) => {
    const d = decide(stack(), action, resource);
    expect(d).toMatchObject({ decision: 'Deny', reason: 'implicit-deny' });
  });

  it('has no managed policies attached (no AmazonECS_FullAccess or similar)', () => {
    expect(stack().managedPolicyArns).toEqual([]);
  });
});
