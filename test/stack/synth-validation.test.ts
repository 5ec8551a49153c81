/**
 * A full synth as `cdk synth` runs it: CDK's CloudFormation validation and cdk-nag as validation
 * plugins. Its own file because the validator takes ~2.5 s to start, once per process; jest runs
 * this beside the template tests instead of after them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../lib/stack/app';
import { validationFailureSummary } from '../../lib/cli/doctor/synth';
import { GitHubOidcEcrStack } from '../../lib/stack/github-oidc-ecr-stack';
import { appWith } from '../support/fixture-app';
import { fixtureSettings } from '../support/fixture-settings';

/**
 * Synthesizes the fixture settings with CDK's CloudFormation validation on and cdk.json's feature
 * flags, as `cdk synth` does.
 */
function validatingSynth(change?: (stack: GitHubOidcEcrStack) => void) {
  const saved = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  try {
    const app = appWith(fixtureSettings());
    const stack = buildApp(app);
    change?.(stack);
    return app.synth();
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
  }
}

/** The error `validatingSynth(change)` throws (and a test failure if it throws none). */
function thrownBy(change: (stack: GitHubOidcEcrStack) => void): unknown {
  try {
    validatingSynth(change);
  } catch (err) {
    return err;
  }
  throw new Error('the synth did not fail');
}

/** A property CloudFormation does not have, on the repository: a validation error. */
const addUnknownProperty = (stack: GitHubOidcEcrStack) =>
  (stack.imageRepository.repository.node.defaultChild as CfnResource).addPropertyOverride('NoSuchProperty', 1);

const s3OnEverything = () => new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] });

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; description: string }[] }[];
}

function violationsIn(reportFile: string) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((p) =>
    p.violations.map((v) => ({ plugin: p.pluginName, rule: v.ruleName, severity: v.severity })),
  );
}

describe('a full synth, as `cdk synth` runs it', () => {
  test("CDK's CloudFormation validation and cdk-nag (validation plugins) find nothing in the default template", () => {
    const assembly = validatingSynth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['test-github-oidc-ecr']);
    // Written whenever a validation plugin ran; no finding of any severity, warnings included.
    expect(violationsIn(path.join(assembly.directory, cxapi.VALIDATION_REPORT_FILE))).toEqual([]);
  });

  test('cdk-nag runs in every synth: an unacknowledged finding fails it', () => {
    expect(() =>
      validatingSynth((stack) => {
        const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
        other.addToPrincipalPolicy(s3OnEverything());
      }),
    ).toThrow(
      /ERROR The IAM entity contains wildcard permissions[^]*\/Other\/DefaultPolicy\/Resource[^]*AwsSolutions-IAM5\[Resource::\*\]/,
    );
  });

  test.each<[string, (stack: GitHubOidcEcrStack) => void, RegExp]>([
    [
      'in its default policy',
      (stack) => stack.deployRole.role.addToPrincipalPolicy(s3OnEverything()),
      /DeployRole\/Role\/DefaultPolicy\/Resource: statement 3 allows s3:GetObject on "\*"\. The AwsSolutions-IAM5\[Resource::\*\] acknowledgement/,
    ],
    [
      'with "*" written as Fn::Sub',
      (stack) =>
        stack.deployRole.role.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [Fn.sub('*')] }),
        ),
      /DefaultPolicy\/Resource: statement 3 allows s3:GetObject on "\*"/,
    ],
    [
      'in a policy of the stack attached to the role',
      (stack) =>
        stack.deployRole.role.attachInlinePolicy(new iam.Policy(stack, 'Extra', { statements: [s3OnEverything()] })),
      /test-github-oidc-ecr\/Extra\/Resource: statement 1 allows s3:GetObject on "\*"/,
    ],
    [
      'in a policy under the role that names it as a string rather than a Ref',
      (stack) =>
        new iam.CfnPolicy(stack.deployRole.role, 'ByName', {
          policyName: 'by-name',
          roles: ['test-github-actions'],
          policyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
          },
        }),
      /DeployRole\/Role\/ByName: statement 1 allows s3:GetObject on "\*"/,
    ],
    [
      'in a managed policy made under the role (where CDK puts overflow statements)',
      (stack) =>
        new iam.ManagedPolicy(stack.deployRole.role, 'Overflow', {
          statements: [s3OnEverything()],
          roles: [stack.deployRole.role],
        }),
      /DeployRole\/Role\/Overflow\/Resource: statement 1 allows s3:GetObject on "\*"/,
    ],
    [
      'through a managed policy attached by ARN, which cannot be read',
      (stack) =>
        stack.deployRole.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess')),
      /DeployRole\/Role\/Resource: managed policy .*AmazonS3ReadOnlyAccess.* is attached; its statements cannot be checked at synth/,
    ],
  ])(
    'the deploy role\'s IAM5[Resource::*] acknowledgement covers ECR login only: another action on "*" %s fails the synth',
    (_where, change, message) => {
      expect(() => validatingSynth(change)).toThrow(message);
    },
  );

  test('a CloudFormation error fails the synth (cdk.json turns on @aws-cdk/core:validateAgainstDefaultRules)', () => {
    // Without that flag CDK downgrades validation errors to warnings and the synth succeeds.
    const error = thrownBy(addUnknownProperty);
    expect(String(error)).toMatch(/^ValidationFailed: [^]*ERROR NoSuchProperty: Additional properties are not allowed/);
    const reportFile = /found in: (\S+)$/m.exec(String(error))?.[1] ?? '';
    expect(violationsIn(reportFile)).toEqual([{ plugin: 'CloudFormation Validate', rule: 'F3002', severity: 'error' }]);
  });

  test('npm run doctor reports either kind of failure in one line (validationFailureSummary on the errors CDK throws)', () => {
    const cfn = validationFailureSummary(thrownBy(addUnknownProperty));
    expect(cfn).toMatch(
      /^ERROR NoSuchProperty: Additional properties are not allowed .*; A copy of this report can be found in: \S+validation-report\.json$/,
    );
    const construct = validationFailureSummary(
      thrownBy((stack) => stack.deployRole.role.addToPrincipalPolicy(s3OnEverything())),
    );
    // The ECR-login check is one validation of the stack (ecr-login-acknowledgement.ts); it names the policy.
    expect(construct).toMatch(
      /^\[test-github-oidc-ecr\] test-github-oidc-ecr\/DeployRole\/Role\/DefaultPolicy\/Resource: statement 3 allows s3:GetObject on "\*"/,
    );
    for (const line of [cfn, construct]) expect(line).not.toContain('\n');
  });
});
