import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  acknowledgeEcrLoginWildcard,
  ECR_LOGIN_ACTION,
  flattenedText,
  wildcardGrantsBeyondEcrLogin,
} from '../../../lib/stack/constructs/ecr-login-acknowledgement';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const REPO = 'arn:aws:ecr:eu-west-1:123456789012:repository/octo-service';

describe('wildcardGrantsBeyondEcrLogin', () => {
  test('ECR login on "*" and everything else on named resources: nothing to report', () => {
    expect(
      wildcardGrantsBeyondEcrLogin(
        doc(
          { Effect: 'Allow', Action: ['ecr:PutImage', 'ecr:BatchGetImage'], Resource: REPO },
          { Effect: 'Allow', Action: ECR_LOGIN_ACTION, Resource: '*' },
        ),
      ),
    ).toEqual([]);
  });

  test.each([
    [
      'another action on "*"',
      { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 's3:GetObject'], Resource: '*' },
      'statement 1 allows s3:GetObject on "*"',
    ],
    [
      'a service wildcard on "*"',
      { Effect: 'Allow', Action: 'ecr:*', Resource: ['*'] },
      'statement 1 allows ecr:* on "*"',
    ],
    [
      '"*" among named resources',
      { Sid: 'Mixed', Effect: 'Allow', Action: 'ecr:PutImage', Resource: [REPO, '*'] },
      'statement 1 (Mixed) allows ecr:PutImage on "*"',
    ],
    ['NotResource', { Effect: 'Allow', Action: 'ecr:PutImage', NotResource: REPO }, 'statement 1 uses NotResource'],
    ['NotAction', { Effect: 'Allow', NotAction: 'iam:*', Resource: REPO }, 'statement 1 uses NotAction'],
    [
      '"*" as Fn::Sub (cdk-nag reads it as "*")',
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': '*' } },
      'statement 1 allows s3:GetObject on "*"',
    ],
    [
      '"*" as Fn::Join of literals',
      { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', ['*']] } },
      'statement 1 allows s3:GetObject on "*"',
    ],
  ])('reports %s', (_name, statement, problem) => {
    expect(wildcardGrantsBeyondEcrLogin(doc(statement))).toEqual([problem]);
  });

  test('a single statement object (not a list) is read too; Deny statements are not grants', () => {
    expect(wildcardGrantsBeyondEcrLogin({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } })).toEqual([
      'statement 1 allows s3:* on "*"',
    ]);
    expect(wildcardGrantsBeyondEcrLogin(doc({ Effect: 'Deny', Action: '*', Resource: '*' }))).toEqual([]);
  });
});

describe('flattenedText', () => {
  test.each([
    ['a string', 'arn:aws:s3:::b', 'arn:aws:s3:::b'],
    ['Fn::Sub with a template', { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' }, 'arn:${AWS::Partition}:s3:::b'],
    ['Fn::Sub with variables', { 'Fn::Sub': ['*', {}] }, '*'],
    [
      'Fn::Join',
      { 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, 'ecr']] },
      'arn:<{"Ref":"AWS::Partition"}>:ecr',
    ],
    ['a reference', { 'Fn::GetAtt': ['Repo', 'Arn'] }, '<{"Fn::GetAtt":["Repo","Arn"]}>'],
  ])('%s', (_name, value, text) => {
    expect(flattenedText(value)).toBe(text);
  });
});

describe('acknowledgeEcrLoginWildcard', () => {
  /** A role with ECR login on "*" (what the acknowledgement is for), acknowledged; `extra` adds to it. */
  function acknowledgedRole(inlinePolicies?: Record<string, iam.PolicyDocument>): iam.Role {
    const stack = new Stack(new App(), 'Fixture');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal(), inlinePolicies });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [ECR_LOGIN_ACTION], resources: ['*'] }));
    acknowledgeEcrLoginWildcard(role);
    return role;
  }

  test('ECR login alone on "*": the role validates', () => {
    expect(acknowledgedRole().node.validate()).toEqual([]);
  });

  test('an inline policy of the role allowing another action on "*" fails validation', () => {
    const role = acknowledgedRole({
      Extra: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })],
      }),
    });
    expect(role.node.validate()).toEqual([
      'Fixture/Role/Resource inline policy Extra: statement 1 allows s3:GetObject on "*". The AwsSolutions-IAM5[Resource::*] acknowledgement on this role covers ecr:GetAuthorizationToken only: scope the statement to resource ARNs.',
    ]);
  });

  test('an inline policy that scopes its actions to named resources passes', () => {
    const role = acknowledgedRole({
      Scoped: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::octo-bucket/*'] })],
      }),
    });
    expect(role.node.validate()).toEqual([]);
  });
});
