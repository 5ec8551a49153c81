/**
 * github-setup with `deployStages`: each stage's environment gets AWS_ROLE_ARN, AWS_REGION,
 * ECS_CLUSTER and ECS_SERVICES from its stage stack's outputs, read from one or several outputs
 * files (stage stacks are deployed into other accounts, often into files of their own).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseGitHubSetupArgs } from '../../lib/cli/github-setup';
import { CfnTemplate, resolveIntrinsics } from '../../lib/iam/cfn-template';
import { STAGE_VARIABLES } from '../../lib/stack/github-variables';
import { fixtureSettings } from '../support/fixture-settings';
import { PRODUCTION as PRODUCTION_STAGE, STAGING as STAGING_STAGE, stageSettings } from '../support/stage-settings';
import { stageTemplates } from '../support/stage-templates';
import { fakeGh, tempRoot } from './doctor/helpers';
import { runSetupIn } from './github-setup-runner';

const MAIN = 'test-github-oidc-ecr';
const STAGING = 'test-github-oidc-ecr-staging';
const PRODUCTION = 'test-github-oidc-ecr-production';

const MAIN_OUTPUTS = {
  AwsRoleArn: 'arn:aws:iam::111111111111:role/test-github-actions',
  AwsRegion: 'eu-west-1',
  EcrRepositoryName: 'octo-service',
};
const STAGING_OUTPUTS = {
  AwsRoleArn: 'arn:aws:iam::222222222222:role/test-staging-ecs-deploy',
  AwsRegion: 'eu-west-1',
  EcsCluster: 'apps-staging',
  EcsServices: 'web,worker',
  GitHubEnvironment: 'staging',
};
const PRODUCTION_OUTPUTS = {
  AwsRoleArn: 'arn:aws:iam::333333333333:role/test-production-ecs-deploy',
  AwsRegion: 'eu-central-1',
  EcsCluster: 'apps',
  EcsServices: 'web',
  GitHubEnvironment: 'production',
};

const STAGING_LINES = [
  'gh variable set AWS_ROLE_ARN --env staging --repo Octo-Org/octo-service --body arn:aws:iam::222222222222:role/test-staging-ecs-deploy',
  'gh variable set AWS_REGION --env staging --repo Octo-Org/octo-service --body eu-west-1',
  'gh variable set ECS_CLUSTER --env staging --repo Octo-Org/octo-service --body apps-staging',
  'gh variable set ECS_SERVICES --env staging --repo Octo-Org/octo-service --body web,worker',
];
const PRODUCTION_LINES = [
  'gh variable set AWS_ROLE_ARN --env production --repo Octo-Org/octo-service --body arn:aws:iam::333333333333:role/test-production-ecs-deploy',
  'gh variable set AWS_REGION --env production --repo Octo-Org/octo-service --body eu-central-1',
  'gh variable set ECS_CLUSTER --env production --repo Octo-Org/octo-service --body apps',
  'gh variable set ECS_SERVICES --env production --repo Octo-Org/octo-service --body web',
];

/** One outputs file per account, as three `cdk deploy --outputs-file` runs with three sets of credentials write them. */
const PER_ACCOUNT = {
  'cdk-outputs.json': { [MAIN]: MAIN_OUTPUTS },
  'staging-outputs.json': { [STAGING]: STAGING_OUTPUTS },
  'production-outputs.json': { [PRODUCTION]: PRODUCTION_OUTPUTS },
};
const ALL_FILES = [
  '--outputs',
  'cdk-outputs.json',
  '--outputs',
  'staging-outputs.json',
  '--outputs',
  'production-outputs.json',
];

const root = tempRoot({ context: stageSettings() });
const run = (argv: string[], files: Record<string, unknown> = PER_ACCOUNT, pathEnv = '') =>
  runSetupIn(root, argv, files, pathEnv);

/** The `gh variable …` lines of a printed report, in order. */
const ghLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('gh '));

describe('github-setup with deployStages', () => {
  test('the variable names are those of STAGE_VARIABLES', () => {
    expect(Object.values(STAGE_VARIABLES).map((v) => [v.variable, v.output])).toEqual([
      ['AWS_ROLE_ARN', 'AwsRoleArn'],
      ['AWS_REGION', 'AwsRegion'],
      ['ECS_CLUSTER', 'EcsCluster'],
      ['ECS_SERVICES', 'EcsServices'],
    ]);
  });

  test('several outputs files: the repository variables, then each stage environment in promotion order', () => {
    const out = run(ALL_FILES);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(ghLines(out.stdout)).toEqual([
      'gh variable set AWS_ROLE_ARN --body arn:aws:iam::111111111111:role/test-github-actions --repo Octo-Org/octo-service',
      'gh variable set AWS_REGION --body eu-west-1 --repo Octo-Org/octo-service',
      'gh variable set ECR_REPOSITORY --body octo-service --repo Octo-Org/octo-service',
      'gh variable delete ECR_MOVING_TAGS --repo Octo-Org/octo-service',
      ...STAGING_LINES,
      ...PRODUCTION_LINES,
    ]);
    expect(out.stdout).toContain(
      `# Variables of environment staging (stage staging) for Octo-Org/octo-service from stack ${STAGING} (staging-outputs.json):\n`,
    );
    expect(out.stdout).toContain(`from stack ${PRODUCTION} (production-outputs.json):\n`);
  });

  test('one file holding every stack works the same', () => {
    const one = {
      'cdk-outputs.json': { [MAIN]: MAIN_OUTPUTS, [STAGING]: STAGING_OUTPUTS, [PRODUCTION]: PRODUCTION_OUTPUTS },
    };
    expect(ghLines(run([], one).stdout)).toEqual(ghLines(run(ALL_FILES).stdout));
  });

  test('a stage stack in no file: a warning naming the stack and the command to deploy it; the rest is printed', () => {
    const out = run(['--outputs', 'cdk-outputs.json', '--outputs', 'staging-outputs.json']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(
      `github-setup: warning: stage "production" skipped: stack ${PRODUCTION} is in none of the outputs files (cdk-outputs.json, staging-outputs.json); deploy it with npx cdk deploy 'production/*' --outputs-file production-outputs.json, then add --outputs production-outputs.json\n`,
    );
    expect(ghLines(out.stdout).slice(-4)).toEqual(STAGING_LINES);
    expect(out.stdout).not.toContain('--env production');
  });

  test('--stage NAME: only that environment, and the repository stack need not be in the files', () => {
    const out = run(['--outputs', 'staging-outputs.json', '--stage', 'staging']);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(ghLines(out.stdout)).toEqual(STAGING_LINES);
  });

  test.each([
    [
      '--stage for a stage in no file',
      ['--stage', 'production'],
      `github-setup: stage "production": stack ${PRODUCTION} is in none of the outputs files (cdk-outputs.json); deploy it with npx cdk deploy 'production/*' --outputs-file production-outputs.json, then add --outputs production-outputs.json\n`,
    ],
    [
      '--stage not configured',
      ['--stage', 'qa'],
      'github-setup: --stage qa is not one of deployStages (staging, production)\n',
    ],
    [
      '--env naming a stage environment',
      ['--env', 'Staging'],
      "github-setup: --env Staging is deployStages[0].environment: its AWS_ROLE_ARN must be the stage's deploy role, not the push role; set the repository variables without --env (or in one of allowedEnvironments), and the stage's with --stage staging\n",
    ],
    [
      '--stage with --env',
      ['--stage', 'staging', '--env', 'x'],
      "github-setup: --env scopes the repository variables; --stage sets only the stage's own environment variables: leave out --env\n",
    ],
    [
      'the repository stack in no file',
      ['--outputs', 'staging-outputs.json', '--outputs', 'production-outputs.json'],
      `github-setup: staging-outputs.json, production-outputs.json have no stack "${MAIN}" (they have: ${STAGING}, ${PRODUCTION}); choose one with --stack, or set up only a stage with --stage NAME\n`,
    ],
  ])('%s: exit 2, one line', (_, argv, stderr) => {
    expect(run(argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  test('--stage without deployStages says there are none', () => {
    const plain = tempRoot({ context: fixtureSettings() });
    expect(runSetupIn(plain, ['--stage', 'staging'], PER_ACCOUNT)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'github-setup: --stage staging: the settings have no deployStages\n',
    });
  });

  test('a stack in two files: the same outputs are fine, different ones are an error naming both files', () => {
    const copy = { ...PER_ACCOUNT, 'copy.json': { [STAGING]: { ...STAGING_OUTPUTS } } };
    expect(run([...ALL_FILES, '--outputs', 'copy.json'], copy).code).toBe(0);
    const stale = { ...PER_ACCOUNT, 'old.json': { [STAGING]: { ...STAGING_OUTPUTS, EcsServices: 'web' } } };
    expect(run([...ALL_FILES, '--outputs', 'old.json'], stale)).toEqual({
      code: 2,
      stdout: '',
      stderr: `github-setup: stack "${STAGING}" is in both staging-outputs.json and old.json with different outputs: one of them is stale; leave it out (or deploy again with --outputs-file to rewrite it)\n`,
    });
  });

  test('a stage stack deployed for another environment, or without an output, is refused', () => {
    const moved = {
      ...PER_ACCOUNT,
      'staging-outputs.json': { [STAGING]: { ...STAGING_OUTPUTS, GitHubEnvironment: 'stage' } },
    };
    expect(run(ALL_FILES, moved).stderr).toBe(
      `github-setup: stack ${STAGING} in staging-outputs.json was deployed for environment "stage" (its GitHubEnvironment output), but deployStages[0].environment is "staging": deploy it again with npx cdk deploy 'staging/*' --outputs-file staging-outputs.json, or write the environment it was deployed for\n`,
    );
    const { EcsServices: _, ...withoutServices } = STAGING_OUTPUTS;
    const old = { ...PER_ACCOUNT, 'staging-outputs.json': { [STAGING]: withoutServices } };
    expect(run(ALL_FILES, old)).toMatchObject({
      code: 2,
      stderr: `github-setup: stack "${STAGING}" (stage "staging") in the outputs file has no "EcsServices" output (for ECS_SERVICES); was the file written by npx cdk deploy 'staging/*' --outputs-file staging-outputs.json with this version of the stack?\n`,
    });
  });

  test('--json includes the stages and the skipped ones', () => {
    const out = run(['--json', '--outputs', 'cdk-outputs.json', '--outputs', 'staging-outputs.json']);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ stack: MAIN, repo: 'Octo-Org/octo-service', applied: false });
    expect(report.stages).toEqual([
      expect.objectContaining({
        name: 'staging',
        environment: 'staging',
        stack: STAGING,
        file: 'staging-outputs.json',
      }),
    ]);
    expect(report.stages[0].commands.map((c: { line: string }) => c.line)).toEqual(STAGING_LINES);
    expect(report.stages[0].commands[3].args).toEqual([
      'variable',
      'set',
      'ECS_SERVICES',
      '--env',
      'staging',
      '--repo',
      'Octo-Org/octo-service',
      '--body',
      'web,worker',
    ]);
    expect(report.skippedStages).toEqual([
      {
        name: 'production',
        environment: 'production',
        stack: PRODUCTION,
        deploy: "npx cdk deploy 'production/*' --outputs-file production-outputs.json",
      },
    ]);
    const staged = JSON.parse(run(['--json', '--outputs', 'staging-outputs.json', '--stage', 'staging']).stdout);
    expect(staged).toEqual({
      repo: 'Octo-Org/octo-service',
      stages: [expect.any(Object)],
      skippedStages: [],
      applied: false,
    });
  });

  test('without deployStages the JSON report has no stage keys', () => {
    const plain = tempRoot({ context: fixtureSettings() });
    const report = JSON.parse(runSetupIn(plain, ['--json'], PER_ACCOUNT).stdout);
    expect(Object.keys(report).sort()).toEqual(['applied', 'commands', 'repo', 'stack']);
  });

  test('--apply runs every command; a failing one does not hide the others', () => {
    const gh = fakeGh(0, '[]', '--env staging --repo Octo-Org/octo-service --body apps-staging');
    const out = run(['--apply', ...ALL_FILES], PER_ACCOUNT, `${gh.dir}${path.delimiter}/usr/bin${path.delimiter}/bin`);
    expect(out.code).toBe(1);
    const calls = fs.readFileSync(gh.log, 'utf8').split('\n').slice(0, -1);
    expect(calls).toEqual([
      'auth status',
      'variable set AWS_ROLE_ARN --body arn:aws:iam::111111111111:role/test-github-actions --repo Octo-Org/octo-service',
      'variable set AWS_REGION --body eu-west-1 --repo Octo-Org/octo-service',
      'variable set ECR_REPOSITORY --body octo-service --repo Octo-Org/octo-service',
      'variable delete ECR_MOVING_TAGS --repo Octo-Org/octo-service',
      'variable list --json name --repo Octo-Org/octo-service',
      ...[...STAGING_LINES, ...PRODUCTION_LINES].map((l) => l.slice('gh '.length)),
    ]);
    expect(out.stdout).toContain(`FAILED  ${STAGING_LINES[2]}\n        HTTP 403\n`);
    expect(out.stdout).toContain(`ok      ${PRODUCTION_LINES[3]}\n`);
    expect(out.stdout.match(/^FAILED/gm)).toHaveLength(1);
  });
});

describe('github-setup from the synthesized stage stacks', () => {
  /** The outputs file `cdk deploy 'NAME/*' --outputs-file` would write, resolved in the stage's account and region. */
  function deployedStage(name: 'staging' | 'production'): Record<string, Record<string, string>> {
    const stage = name === 'staging' ? STAGING_STAGE : PRODUCTION_STAGE;
    const { stackName, template } = stageTemplates(stageSettings()).stages.get(name)!;
    const target = { account: stage.account, region: stage.region, partition: 'aws' };
    const outputs = (template.Outputs ?? {}) as Record<string, { Value: unknown }>;
    return {
      [stackName]: Object.fromEntries(
        Object.entries(outputs).map(([id, o]) => [
          id,
          String(resolveIntrinsics(o.Value, template as CfnTemplate, target)),
        ]),
      ),
    };
  }

  test("each stage stack's outputs give exactly its environment's four variables", () => {
    const files = {
      'cdk-outputs.json': { [MAIN]: MAIN_OUTPUTS },
      'staging-outputs.json': deployedStage('staging'),
      'production-outputs.json': deployedStage('production'),
    };
    const out = run(ALL_FILES, files);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(ghLines(out.stdout).slice(4)).toEqual([...STAGING_LINES, ...PRODUCTION_LINES]);
  });
});

describe('parseGitHubSetupArgs with stages', () => {
  test('--outputs is repeatable; --stage is read', () => {
    expect(
      parseGitHubSetupArgs(['--outputs', 'a.json', '--outputs-file', 'b.json', '--stage', 'staging']),
    ).toMatchObject({
      outputs: ['a.json', 'b.json'],
      stage: 'staging',
    });
    expect(parseGitHubSetupArgs([]).outputs).toEqual(['cdk-outputs.json']);
  });
});
