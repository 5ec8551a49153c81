/**
 * A full synth as `cdk synth` runs it: CDK's CloudFormation validation and cdk-nag as validation
 * plugins. Its own file because the validator takes ~2.5 s to start, once per process; jest runs
 * this beside the template tests instead of after them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildApp } from '../lib/app';
import { GithubOidcEcrStack } from '../lib/github-oidc-ecr-stack';
import { CDK_JSON_CONTEXT } from './support/cdk-json';

/** Synthesizes cdk.json's defaults with CDK's CloudFormation validation on, as `cdk synth` does. */
function validatingSynth(change?: (stack: GithubOidcEcrStack) => void) {
  const saved = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  try {
    const app = new App({ context: { ...CDK_JSON_CONTEXT } });
    const stack = buildApp(app);
    change?.(stack);
    return app.synth();
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
  }
}

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string; description: string }[] }[];
}

function violationsIn(reportFile: string) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((p) => p.violations.map((v) => ({ plugin: p.pluginName, rule: v.ruleName, severity: v.severity })));
}

describe('a full synth, as `cdk synth` runs it', () => {
  test("CDK's CloudFormation validation and cdk-nag (validation plugins) find nothing in the default template", () => {
    const assembly = validatingSynth();
    expect(assembly.stacks.map((s) => s.stackName)).toEqual(['dev-github-oidc-ecr']);
    // Written whenever a validation plugin ran; no finding of any severity, warnings included.
    expect(violationsIn(path.join(assembly.directory, cxapi.VALIDATION_REPORT_FILE))).toEqual([]);
  });

  test('cdk-nag runs in every synth: an unacknowledged finding fails it', () => {
    expect(() =>
      validatingSynth((stack) => {
        const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
        other.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      }),
    ).toThrow(/ERROR The IAM entity contains wildcard permissions[^]*\/Other\/DefaultPolicy\/Resource[^]*AwsSolutions-IAM5\[Resource::\*\]/);
  });

  test('the deploy role\'s IAM5[Resource::*] acknowledgement covers ECR login only: another action on "*" fails the synth', () => {
    expect(() =>
      validatingSynth((stack) => stack.deployRole.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }))),
    ).toThrow(/DeployRole\/Role\/DefaultPolicy\/Resource: statement 3 allows s3:GetObject on "\*"\. The AwsSolutions-IAM5\[Resource::\*\] acknowledgement/);
  });

  test('a CloudFormation error fails the synth (cdk.json turns on @aws-cdk/core:validateAgainstDefaultRules)', () => {
    // Without that flag CDK downgrades validation errors to warnings and the synth succeeds.
    let error: unknown;
    try {
      validatingSynth((stack) => (stack.imageRepository.repository.node.defaultChild as CfnResource).addPropertyOverride('NoSuchProperty', 1));
    } catch (err) {
      error = err;
    }
    expect(String(error)).toMatch(/^ValidationFailed: [^]*ERROR NoSuchProperty: Additional properties are not allowed/);
    const reportFile = /found in: (\S+)$/m.exec(String(error))?.[1] ?? '';
    expect(violationsIn(reportFile)).toEqual([{ plugin: 'CloudFormation Validate', rule: 'F3002', severity: 'error' }]);
  });
});
