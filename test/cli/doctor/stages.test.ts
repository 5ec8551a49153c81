/**
 * The doctor for a stage of deployStages (`--stage NAME`, or `--environment ENV` for a stage's
 * environment): the stage stack's template, synthesized in-process and found through the cloud
 * assembly's manifests (a CDK Stage writes it into a nested assembly), its one web-identity role,
 * and causes that speak of the stage's settings, never of allowedEnvironments.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeInProcess } from '../../../lib/cli/doctor/synth';
import { githubClaims, inEnvironment } from '../../../lib/iam/github-token';
import { stageSettings } from '../../support/stage-settings';
import { stageTemplates } from '../../support/stage-templates';
import { doctorRunner, tempDir, tempRoot } from './helpers';

const SETTINGS = stageSettings();
const doctor = doctorRunner(tempRoot({ context: SETTINGS }), synthesizeInProcess);

const STAGING_JOB = 'Run:    a job in environment "staging" (ref refs/heads/main) of Octo-Org/octo-service';

describe('npm run doctor -- --stage NAME', () => {
  test('a job in the stage environment on the first allowed branch: ALLOW by the stage role, from the nested assembly', () => {
    const out = doctor(['--stage', 'staging']);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout).toContain(
      'Stage:  staging (deployStages[0]): environment "staging", account 222222222222, eu-west-1\n',
    );
    expect(out.stdout).toContain(`${STAGING_JOB} (token generated as GitHub would issue it)\n`);
    expect(out.stdout).toContain('ALLOW: the trust policy lets this run assume test-staging-ecs-deploy');
    const report = JSON.parse(doctor(['--stage', 'staging', '--json']).stdout);
    expect(report).toMatchObject({
      decision: 'ALLOW',
      stack: 'test-github-oidc-ecr-staging',
      stage: { name: 'staging', index: 0, environment: 'staging', account: '222222222222', region: 'eu-west-1' },
      role: { name: 'test-staging-ecs-deploy' },
      request: { principal: { id: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com' } },
    });
    // The file the CDK's own reader of cloud assemblies names for that stack.
    const artifact = stageTemplates(SETTINGS).assembly.getNestedAssembly('assembly-staging').stacks[0];
    expect(report.template.path.split(path.sep).slice(-2)).toEqual(['assembly-staging', artifact.templateFile]);
  });

  test('--environment ENV of a stage checks that stage; another environment the push role', () => {
    const staging = doctor(['--environment', 'staging']);
    expect(staging.code).toBe(0);
    expect(staging.stdout).toContain(STAGING_JOB);
    expect(staging.stdout).toContain('assume test-staging-ecs-deploy');
    const production = doctor(['--environment', 'production', '--json']);
    expect(JSON.parse(production.stdout)).toMatchObject({
      decision: 'ALLOW',
      stage: { name: 'production', account: '333333333333' },
      role: { name: 'test-production-ecs-deploy' },
    });
    const push = JSON.parse(doctor(['--environment', 'qa', '--json']).stdout);
    expect(push).toMatchObject({
      decision: 'DENY',
      stack: 'test-github-oidc-ecr',
      role: { name: 'test-github-actions' },
    });
    expect(push.stage).toBeUndefined();
  });

  test("the same job in production's environment is denied by the staging role, naming both stages' settings", () => {
    const out = doctor(['--stage', 'staging', '--environment', 'production']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Cause [stage-environment]: The job runs in environment "production", the environment of stage "production" (deployStages[1].environment); the deploy role of stage "staging" trusts only jobs in environment "staging" (deployStages[0].environment)',
    );
    expect(out.stdout).toContain('npm run doctor -- --stage production');
    expect(out.stdout).not.toContain('allowedEnvironments');
  });

  test("the stage's own environment spelt in another case: the cause says so, and does not send the user to the same stage", () => {
    const out = doctor(['--environment', 'Staging']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('Stage:  staging (deployStages[0])');
    expect(out.stdout).toContain(
      'Cause [stage-environment]: The job runs in environment "Staging", the environment of this stage spelt in another case: GitHub takes both for one environment, but IAM compares the sub and environment claims case by case, and the deploy role of stage "staging" trusts only jobs in environment "staging" (deployStages[0].environment).',
    );
    expect(out.stdout).toContain('Write environment: staging on the deploy job exactly as deployStages[0].environment');
    expect(out.stdout).not.toContain('npm run doctor -- --stage staging');
  });

  test('a branch the push job does not run on is denied, with the fix in allowedBranches', () => {
    const out = doctor(['--stage', 'staging', '--branch', 'feature-x']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Cause [stage-ref-not-allowed]: The job in environment "staging" runs on branch "feature-x", but the deploy role of stage "staging" accepts its jobs only on the refs the push job runs on (allowedBranches ["main"], allowedTags [])',
    );
    expect(out.stdout).toContain(`-c 'allowedBranches=["main","feature-x"]'`);
    expect(out.stdout).not.toContain('Cause [workflow-file]');
    expect(out.stdout).not.toContain('allowedEnvironments');
  });

  test('a job without environment is denied, with the fix naming the stage environment', () => {
    const out = doctor(['--stage', 'staging', '--sub', 'repo:Octo-Org/octo-service:ref:refs/heads/main']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Cause [stage-environment]: The job names no environment, so GitHub puts branch "main" in sub; the deploy role of stage "staging" trusts only jobs in environment "staging" (deployStages[0].environment).',
    );
    expect(out.stdout).toContain('  - Give the job that assumes the role environment: staging');
    expect(out.stdout).not.toContain('allowedEnvironments');
  });

  test.each([
    [['--stage', 'qa'], 'doctor: --stage qa is not one of deployStages (staging, production)\n'],
    [
      ['--stage', 'staging', '--workflow'],
      "doctor: --stage checks one run against a stage's deploy role; --workflow checks the workflow file: leave out one\n",
    ],
    [
      ['--stage', 'staging', '--branch', 'a', '--tag', 'b'],
      'doctor: give --stage at most one ref, not --branch and --tag\n',
    ],
  ])('%j: one line, exit 2', (argv, stderr) => {
    expect(doctor(argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  test('a pull-request run, or a job in an environment no stage has, is denied with the stage environment as the fix', () => {
    const pr = doctor(['--stage', 'staging', '--pull-request', '7']);
    expect(pr.code).toBe(1);
    expect(pr.stdout).toContain(
      'Cause [stage-environment]: The job names no environment, so GitHub puts pull_request in sub;',
    );
    const qa = doctor(['--stage', 'staging', '--environment', 'qa']);
    expect(qa.code).toBe(1);
    expect(qa.stdout).toContain(
      'Cause [stage-environment]: The job runs in environment "qa"; the deploy role of stage "staging" trusts only jobs in environment "staging" (deployStages[0].environment).',
    );
    expect(qa.stdout).toContain(
      'or, if "qa" is the environment that guards staging, set deployStages[0].environment to "qa"',
    );
  });

  test('an environment claim spelt otherwise than the stage environment (same sub) is denied naming the setting', () => {
    const claims = {
      ...githubClaims({
        owner: 'Octo-Org',
        repository: 'octo-service',
        trigger: inEnvironment('staging', 'refs/heads/main'),
        workflowFile: '.github/workflows/deploy-ecr.yml',
      }),
      environment: 'Staging',
    };
    const dir = tempDir('stage-claims');
    fs.writeFileSync(path.join(dir, 'claims.json'), JSON.stringify(claims));
    const out = doctor(['--stage', 'staging', '--claims', 'claims.json'], { cwd: dir });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Cause [stage-environment]: The token\'s environment claim is "Staging", but the deploy role of stage "staging" trusts only "staging"',
    );
    expect(out.stdout).toContain('spelt exactly as deployStages[0].environment: staging.');
  });

  test('a changed stage template is synthesized again, though the main template is current', () => {
    const first = JSON.parse(doctor(['--stage', 'production', '--json']).stdout);
    const file = path.resolve(first.template.path);
    fs.writeFileSync(file, JSON.stringify({ Resources: {} }));
    const again = JSON.parse(doctor(['--stage', 'production', '--json']).stdout);
    expect(again.template).toMatchObject({
      synthesized: true,
      reason: 'the template was synthesized by something else since (settings not known)',
    });
    expect(again.decision).toBe('ALLOW');
  });
});

describe('stage roles with tags and a push environment', () => {
  const settings = ['-c', 'allowedTags=["v*"]', '-c', 'allowedEnvironments=["release"]'];
  const run = (argv: string[]) => doctor([...argv, ...settings]);

  test('a tag of allowedTags is allowed; another tag is refused (by job_workflow_ref) with the fix in allowedTags', () => {
    expect(run(['--stage', 'production', '--tag', 'v1.2.0']).code).toBe(0);
    const out = run(['--stage', 'production', '--tag', 'nightly-5']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'First failing condition: StringLike token.actions.githubusercontent.com:job_workflow_ref',
    );
    expect(out.stdout).toContain(
      'Cause [stage-ref-not-allowed]: The job in environment "production" runs for tag "nightly-5", but the deploy role of stage "production" accepts its jobs only on the refs the push job runs on (allowedBranches ["main"], allowedTags ["v*"])',
    );
    expect(out.stdout).toContain(`-c 'allowedTags=["v*","nightly-5"]'`);
  });

  test("a job in the push job's environment is refused by a stage role", () => {
    const out = run(['--stage', 'staging', '--environment', 'release']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Cause [stage-environment]: The job runs in environment "release", which is the push job\'s (allowedEnvironments), where vars.AWS_ROLE_ARN is the push role;',
    );
  });

  test('the workflow pin turned off beside stages: one line, exit 2', () => {
    const out = doctor(['--stage', 'staging', '-c', 'workflowFile=']);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^doctor: Invalid setting "workflowFile" = "": expected the deploy workflow's path/),
    ]);
  });
});
