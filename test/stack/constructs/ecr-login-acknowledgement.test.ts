import {
  ECR_LOGIN_ACTION,
  flattenedText,
  wildcardGrantsBeyondEcrLogin,
} from '../../../lib/stack/constructs/ecr-login-acknowledgement';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const REPO = 'arn:aws:ecr:ap-northeast-1:123456789012:repository/my-ecr-repo';

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
