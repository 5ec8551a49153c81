/**
 * The app with two deploy stages, synthesized once as `cdk synth` runs it (CDK's CloudFormation
 * validation and cdk-nag as validation plugins): a CDK Stage per stage holding its stack, the
 * stack's resources and outputs, the main stack unchanged but for the stage accounts' pull access,
 * and AWS Control Tower's proactive controls over the stage templates.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildStacks } from '../../lib/stack/app';
import { EcsStageStack } from '../../lib/stack/ecs-stage-stack';
import { STAGE_ENVIRONMENT_OUTPUT, STAGE_VARIABLES } from '../../lib/stack/github-variables';
import { checkControlTower, ControlResults } from '../support/control-tower';
import { appWith } from '../support/fixture-app';
import { fixtureSettings } from '../support/fixture-settings';
import { PRODUCTION, STAGING, stageSettings } from '../support/stage-settings';
import { stageTemplates } from '../support/stage-templates';

/** Synthesizes `settings` with CDK's CloudFormation validation on, as `cdk synth` does. */
function validatingSynth(settings: Record<string, unknown>) {
  const saved = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'true';
  try {
    const app = appWith(settings);
    const stacks = buildStacks(app);
    return { app, stacks, assembly: app.synth() };
  } finally {
    if (saved === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = saved;
  }
}

const built = validatingSynth(stageSettings());
const [, staging, production] = built.stacks as [unknown, EcsStageStack, EcsStageStack];
const templateOf = (stack: EcsStageStack) => Template.fromStack(stack);

describe('one CDK Stage per stage, in the listed order', () => {
  test("named after the stage, in the stage's account and region, its stack named STACKNAME-NAME", () => {
    expect(built.stacks.map((s) => s.node.path)).toEqual([
      'test-github-oidc-ecr',
      'staging/Deploy',
      'production/Deploy',
    ]);
    for (const [stack, stage] of [
      [staging, STAGING],
      [production, PRODUCTION],
    ] as const) {
      expect(Stage.of(stack)?.stageName).toBe(stage.name);
      expect([stack.account, stack.region]).toEqual([stage.account, stage.region]);
      expect(stack.stackName).toBe(`test-github-oidc-ecr-${stage.name}`);
    }
  });

  test('the top-level assembly holds only the main stack (a plain `cdk deploy` deploys it alone)', () => {
    expect(built.assembly.stacks.map((s) => s.stackName)).toEqual(['test-github-oidc-ecr']);
    expect(built.assembly.getNestedAssembly('assembly-staging').stacks.map((s) => s.hierarchicalId)).toEqual([
      'staging/Deploy',
    ]);
  });

  test("CDK's CloudFormation validation and cdk-nag find nothing, in any stack", () => {
    const report = JSON.parse(
      fs.readFileSync(path.join(built.assembly.directory, cxapi.VALIDATION_REPORT_FILE), 'utf8'),
    ) as { pluginReports: { violations: unknown[] }[] };
    expect(report.pluginReports.flatMap((p) => p.violations)).toEqual([]);
  });

  /** The error a validating synth of the stage settings throws after `change` to the staging stack. */
  function errorAfter(change: (stack: EcsStageStack) => void): string {
    const saved = process.env.CDK_VALIDATION;
    process.env.CDK_VALIDATION = 'true';
    try {
      const app = appWith(stageSettings());
      change(buildStacks(app)[1] as EcsStageStack);
      app.synth();
    } catch (err) {
      return String(err);
    } finally {
      if (saved === undefined) delete process.env.CDK_VALIDATION;
      else process.env.CDK_VALIDATION = saved;
    }
    throw new Error('the synth did not fail');
  }

  test('both run over the stage stacks: a finding in one fails the synth', () => {
    const error = errorAfter((stack) => {
      const other = new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() });
      other.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      (stack.deployRole.role.node.defaultChild as CfnResource).addPropertyOverride('NoSuchProperty', 1);
    });
    expect(error).toMatch(
      /ERROR The IAM entity contains wildcard permissions[^]*staging\/Deploy\/Other\/DefaultPolicy\/Resource/,
    );
    expect(error).toMatch(/ERROR NoSuchProperty: Additional properties are not allowed/);
  });

  test("the role's wildcard acknowledgements are held to their one action each", () => {
    const onTaskDefinitions = errorAfter((stack) =>
      stack.deployRole.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ecs:DeregisterTaskDefinition'],
          resources: ['arn:aws:ecs:eu-west-1:222222222222:task-definition/*'],
        }),
      ),
    );
    expect(onTaskDefinitions).toMatch(
      /statement 5 allows ecs:DeregisterTaskDefinition on "arn:aws:ecs:eu-west-1:222222222222:task-definition\/\*"\. The AwsSolutions-IAM5\[Resource::arn:aws:ecs:eu-west-1:222222222222:task-definition\/\*\] acknowledgement on this role covers ecs:RegisterTaskDefinition only/,
    );
  });
});

describe('a stage stack', () => {
  test("staging creates its account's provider (retained); production imports the one its account has", () => {
    templateOf(staging).hasResource('AWS::IAM::OIDCProvider', {
      DeletionPolicy: 'Retain',
      Properties: { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] },
    });
    templateOf(production).resourceCountIs('AWS::IAM::OIDCProvider', 0);
    expect(templateOf(production).toJSON().Resources).toEqual(
      expect.not.objectContaining({ Custom: expect.anything() }),
    );
  });

  test('holds the role and its policy, and nothing else', () => {
    for (const stack of [staging, production]) {
      const types = Object.values(templateOf(stack).toJSON().Resources as Record<string, { Type: string }>)
        .map((r) => r.Type)
        .filter((t) => t !== 'AWS::IAM::OIDCProvider');
      expect(types.sort()).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role']);
    }
  });

  test('the role: the stage role name, a one-hour session, no managed policy', () => {
    templateOf(staging).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'test-staging-ecs-deploy',
      MaxSessionDuration: 3600,
      ManagedPolicyArns: Match.absent(),
    });
  });

  test("the outputs that fill the environment's GitHub variables, and the environment", () => {
    const outputs = templateOf(staging).toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    expect(Object.keys(outputs).sort()).toEqual(
      [...Object.values(STAGE_VARIABLES).map((v) => v.output), STAGE_ENVIRONMENT_OUTPUT].sort(),
    );
    expect(outputs[STAGE_VARIABLES.region.output].Value).toBe('eu-west-1');
    expect(outputs[STAGE_VARIABLES.cluster.output].Value).toBe('apps-staging');
    expect(outputs[STAGE_VARIABLES.services.output].Value).toBe('web,worker');
    expect(outputs[STAGE_ENVIRONMENT_OUTPUT].Value).toBe('staging');
    expect(outputs[STAGE_VARIABLES.roleArn.output].Value).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    expect(outputs[STAGE_VARIABLES.roleArn.output].Description).toMatch(
      / \(GitHub variable AWS_ROLE_ARN of environment staging\)$/,
    );
  });

  test('warns to create the environment with its protection rules before deploying', () => {
    Annotations.fromStack(staging).hasWarning(
      '/staging/Deploy/DeployRole',
      Match.stringLikeRegexp('create the environment "staging" in the repository settings'),
    );
  });
});

describe('the main stack', () => {
  test('with stages: the same but for the repository policy, which adds the stage accounts to pull', () => {
    const plain = stageTemplates(fixtureSettings()).main as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const staged = built.assembly.stacks[0].template as typeof plain;
    const repositoryId = Object.keys(staged.Resources).find(
      (id) => staged.Resources[id].Type === 'AWS::ECR::Repository',
    )!;
    const { RepositoryPolicyText, ...rest } = staged.Resources[repositoryId].Properties;
    expect(plain.Resources[repositoryId].Properties).toEqual(rest);
    // What the policy means is judged in test/iam/stages.test.ts; here: it names both accounts.
    expect(JSON.stringify(RepositoryPolicyText)).toContain(':iam::222222222222:root');
    expect(JSON.stringify(RepositoryPolicyText)).toContain(':iam::333333333333:root');
    const others = (t: typeof plain) =>
      Object.fromEntries(Object.entries(t.Resources).filter(([id]) => id !== repositoryId));
    expect(others(staged)).toEqual(others(plain));
  });
});

describe('AWS Control Tower proactive controls (the rules and cfn-guard of @cdklabs/cdk-validator-cfnguard)', () => {
  let results: ControlResults;
  beforeAll(() => {
    results = checkControlTower({
      staging: templateOf(staging).toJSON(),
      production: templateOf(production).toJSON(),
    });
  });

  test.each(['staging', 'production'])('the %s stack passes every control that applies', (name) => {
    const failing = Object.entries(results[name]).filter(([, status]) => status === 'FAIL');
    expect(failing).toEqual([]);
    // The IAM controls concern these stacks: evaluated, not skipped.
    expect(results[name]).toMatchObject({ 'ct-iam-pr-1': 'PASS' });
  });
});

test("a stage named as the main stack is a setting error before any construct, not CDK's duplicate-id error", () => {
  const settings = stageSettings([{ ...STAGING, name: 'test-github-oidc-ecr' }], { stackName: 'test-github-oidc-ecr' });
  expect(() => buildStacks(appWith(settings))).toThrow(
    /^Invalid setting "deployStages\[0\]\.name" = "test-github-oidc-ecr": expected a name other than stackName/,
  );
});

test('a stage name starting with a digit is a setting error, not CDK\'s "invalid stage name" error', () => {
  expect(() => buildStacks(appWith(stageSettings([{ ...STAGING, name: '2nd' }])))).toThrow(
    /^Invalid setting "deployStages\[0\]\.name" = "2nd"/,
  );
});
