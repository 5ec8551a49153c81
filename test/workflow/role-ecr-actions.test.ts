/**
 * The consistency check judges the workflow's `aws ecr …` calls against ROLE_ECR_ACTIONS; this
 * holds that list to the deploy role as synthesized (with the fixture settings, so the
 * repository's name is the test's own): every action in it is allowed on the repository, and the
 * ECR read actions left out of it are denied.
 */
import { evaluatePolicies } from '../../lib/iam/policy-evaluator';
import { ROLE_ECR_ACTIONS } from '../../lib/workflow/deploy-consistency';
import { ecrActionOf, readDeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { ACCOUNT, REGION, synthesize } from '../iam/stack-fixture';
import { join } from 'node:path';
import { FIXTURE_SETTINGS, fixtureSettings } from '../support/fixture-settings';

const REPO_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${String(FIXTURE_SETTINGS.ecrRepositoryName)}`;
const decide = (action: string) =>
  evaluatePolicies(synthesize(fixtureSettings()).identityPolicies, {
    action,
    resource: action === 'ecr:GetAuthorizationToken' ? '*' : REPO_ARN,
  }).decision;

test.each(ROLE_ECR_ACTIONS.map((a) => [a]))('the deploy role allows %s', (action) => {
  expect(decide(action)).toBe('Allow');
});

test.each([['ecr:DescribeImages'], ['ecr:ListImages'], ['ecr:DescribeRepositories'], ['ecr:BatchDeleteImage']])(
  'the deploy role denies %s, which the list leaves out',
  (action) => {
    expect(ROLE_ECR_ACTIONS).not.toContain(action);
    expect(decide(action)).toBe('Deny');
  },
);

test('every aws ecr call of deploy-ecr.yml maps to an action the role allows', () => {
  const calls = readDeployWorkflow(join(__dirname, '..', '..')).ecrCalls;
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) expect([call.command, decide(call.action)]).toEqual([call.command, 'Allow']);
});

test('aws ecr command names map to IAM actions', () => {
  expect(ecrActionOf('batch-get-image')).toBe('ecr:BatchGetImage');
  expect(ecrActionOf('describe-images')).toBe('ecr:DescribeImages');
  expect(ecrActionOf('get-login-password')).toBe('ecr:GetAuthorizationToken');
});
