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
  /** What every finding ends with: what the acknowledgement covers and what to do. */
  const COVERS_ECR_LOGIN_ONLY =
    'The AwsSolutions-IAM5[Resource::*] acknowledgement on this role covers ecr:GetAuthorizationToken only: scope the statement to resource ARNs.';
  const s3OnEverything = () => new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] });

  /**
   * A role with ECR login on "*" (what the acknowledgement is for), acknowledged, after `change`;
   * returns what the validation reports (one validation of the stack checks its acknowledged roles).
   */
  function problemsOf(
    change: (role: iam.Role, stack: Stack) => void = () => undefined,
    inlinePolicies?: Record<string, iam.PolicyDocument>,
  ): string[] {
    const stack = new Stack(new App(), 'Fixture');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal(), inlinePolicies });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [ECR_LOGIN_ACTION], resources: ['*'] }));
    acknowledgeEcrLoginWildcard(role);
    change(role, stack);
    return stack.node.validate();
  }

  test('ECR login alone on "*": the role validates', () => {
    expect(problemsOf()).toEqual([]);
  });

  test('an inline policy of the role allowing another action on "*" fails validation', () => {
    const inline = { Extra: new iam.PolicyDocument({ statements: [s3OnEverything()] }) };
    expect(problemsOf(undefined, inline)).toEqual([
      `Fixture/Role/Resource inline policy Extra: statement 1 allows s3:GetObject on "*". ${COVERS_ECR_LOGIN_ONLY}`,
    ]);
  });

  test('an inline policy that scopes its actions to named resources passes', () => {
    const scoped = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::octo-bucket/*'] });
    expect(problemsOf(undefined, { Scoped: new iam.PolicyDocument({ statements: [scoped] }) })).toEqual([]);
  });

  test.each<[string, (role: iam.Role, stack: Stack) => void, string]>([
    [
      'its default policy',
      (role) => role.addToPrincipalPolicy(s3OnEverything()),
      `Fixture/Role/DefaultPolicy/Resource: statement 2 allows s3:GetObject on "*". ${COVERS_ECR_LOGIN_ONLY}`,
    ],
    [
      'a policy of the stack attached to it',
      (role, stack) => role.attachInlinePolicy(new iam.Policy(stack, 'Extra', { statements: [s3OnEverything()] })),
      `Fixture/Extra/Resource: statement 1 allows s3:GetObject on "*". ${COVERS_ECR_LOGIN_ONLY}`,
    ],
    [
      'a managed policy made under it',
      (role) => new iam.ManagedPolicy(role, 'Overflow', { statements: [s3OnEverything()], roles: [role] }),
      `Fixture/Role/Overflow/Resource: statement 1 allows s3:GetObject on "*". ${COVERS_ECR_LOGIN_ONLY}`,
    ],
  ])('another action on "*" in %s fails validation', (_where, change, problem) => {
    expect(problemsOf(change)).toEqual([problem]);
  });

  test('several acknowledged roles in one stack: each problem reported once, for the role whose policy has it', () => {
    const stack = new Stack(new App(), 'Fixture');
    const roles = ['One', 'Two', 'Three'].map((id) => {
      const role = new iam.Role(stack, id, { assumedBy: new iam.AccountRootPrincipal() });
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [ECR_LOGIN_ACTION], resources: ['*'] }));
      acknowledgeEcrLoginWildcard(role);
      return role;
    });
    roles[1].addToPrincipalPolicy(s3OnEverything());
    roles[2].attachInlinePolicy(new iam.Policy(stack, 'Extra', { statements: [s3OnEverything()] }));
    expect(stack.node.validate()).toEqual([
      `Fixture/Two/DefaultPolicy/Resource: statement 2 allows s3:GetObject on "*". ${COVERS_ECR_LOGIN_ONLY}`,
      `Fixture/Extra/Resource: statement 1 allows s3:GetObject on "*". ${COVERS_ECR_LOGIN_ONLY}`,
    ]);
  });

  test('a change after a first validation is seen by the next one', () => {
    const stack = new Stack(new App(), 'Fixture');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [ECR_LOGIN_ACTION], resources: ['*'] }));
    acknowledgeEcrLoginWildcard(role);
    expect(stack.node.validate()).toEqual([]);
    role.attachInlinePolicy(new iam.Policy(stack, 'Extra', { statements: [s3OnEverything()] }));
    expect(stack.node.validate()).toEqual([
      `Fixture/Extra/Resource: statement 1 allows s3:GetObject on "*". ${COVERS_ECR_LOGIN_ONLY}`,
    ]);
  });

  test('a managed policy attached by ARN cannot be read, so it fails validation', () => {
    const problems = problemsOf((role) =>
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess')),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^Fixture\/Role\/Resource: managed policy arn:<.*>:iam::aws:policy\/AmazonS3ReadOnlyAccess is attached; its statements cannot be checked at synth\./,
    );
  });
});
