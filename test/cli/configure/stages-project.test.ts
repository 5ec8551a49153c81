/**
 * A project with two stages in cdk.json (test/support/stage-settings.ts) and the project's own
 * workflow, which has no stage job yet: `npm run configure` with no flags writes the stage jobs,
 * a second run changes nothing, and the result passes `npm run doctor -- --workflow` (every
 * check, the stage rules included; real synthesis), actionlint and shellcheck. Dropping a stage
 * from cdk.json and configuring again removes its job.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runConfigure } from '../../../lib/cli/configure';
import { runDoctor } from '../../../lib/cli/doctor';
import { synthesizeInProcess } from '../../../lib/cli/doctor/synth';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { renderStageDeployJobs } from '../../../lib/workflow/stage-deploy-job';
import { parseWorkflow } from '../../../lib/workflow/workflow-document';
import { fixtureProject } from '../../support/fixture-project';
import { scratchDir } from '../../support/scratch';
import { STAGING, stageSettings, TWO_STAGES } from '../../support/stage-settings';
import { lintWorkflow } from '../../workflow/actionlint';
import { shellcheckVersion, shellcheckWorkflow } from '../../workflow/shellcheck';

const PROJECT = fixtureProject(stageSettings());
afterAll(() => fs.rmSync(PROJECT, { recursive: true, force: true }));
const WORKFLOW_FILE = path.join(PROJECT, DEPLOY_WORKFLOW_PATH);
const BEFORE = fs.readFileSync(WORKFLOW_FILE, 'utf8');

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => (out.stdout += t),
      stderr: (t: string) => (out.stderr += t),
      root: PROJECT,
      cwd: PROJECT,
      path: '/nonexistent',
      synthesize: synthesizeInProcess,
    },
  };
}

function configure() {
  const { out, io: streams } = io();
  return { code: runConfigure([], streams), ...out };
}

// Configured once for the whole file: the tests read the result.
const first = configure();
const CONFIGURED = fs.readFileSync(WORKFLOW_FILE, 'utf8');

describe('npm run configure with two stages in cdk.json', () => {
  test('writes deploy-staging and deploy-production after the push job, and says so', () => {
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`${DEPLOY_WORKFLOW_PATH}: added job "deploy-staging" for stage staging`);
    expect(first.stdout).toContain(`${DEPLOY_WORKFLOW_PATH}: added job "deploy-production" for stage production`);
    expect(first.stdout).toContain(
      'Then the image is deployed to staging (environment staging), then production (environment production)',
    );
    // The CDK CLI refuses --trust without execution policies ("Please pass
    // '--cloudformation-execution-policies' when using '--trust'"), so the line gives both.
    expect(first.stdout).toContain(
      'npx cdk bootstrap aws://222222222222/eu-west-1 --trust ACCOUNT_ID --cloudformation-execution-policies POLICY_ARN',
    );
    expect(first.stdout.indexOf("npx cdk deploy 'staging/*'")).toBeLessThan(
      first.stdout.indexOf("npx cdk deploy 'production/*'"),
    );
    const wf = parseDeployWorkflow(CONFIGURED, DEPLOY_WORKFLOW_PATH);
    expect(wf.document.jobs.map((j) => [j.id, j.needs, j.environment])).toEqual([
      ['push-image', [], undefined],
      ['deploy-staging', ['push-image'], 'staging'],
      ['deploy-production', ['push-image', 'deploy-staging'], 'production'],
    ]);
    // The jobs are the template's text, at the end of the file.
    const jobs = renderStageDeployJobs(TWO_STAGES)
      .split('\n')
      .map((line) => (line ? `  ${line}` : line))
      .join('\n');
    expect(CONFIGURED.endsWith(`\n\n${jobs}`)).toBe(true);
    expect(BEFORE).not.toContain('deploy-staging');
  });

  test('a second run changes nothing', () => {
    expect(configure()).toEqual({ code: 0, stdout: expect.stringContaining('Already configured'), stderr: '' });
    expect(fs.readFileSync(WORKFLOW_FILE, 'utf8')).toBe(CONFIGURED);
  });

  test('npm run doctor -- --workflow: OK, with no problem from any rule', () => {
    const { out, io: streams } = io();
    const code = runDoctor(['--workflow', '--output', scratchDir('stages-doctor')], streams);
    expect(out.stderr).toBe('');
    expect(out.stdout).not.toContain('Workflow consistency checks');
    expect(out.stdout).toContain('OK: every deploy the workflow starts can assume the role');
    expect(code).toBe(0);
  });

  test('actionlint finds nothing', async () => {
    const findings = await lintWorkflow(CONFIGURED, WORKFLOW_FILE);
    expect(findings.map((f) => `${f.line}:${f.column} [${f.kind}] ${f.message}`)).toEqual([]);
  });

  const withShellcheck = shellcheckVersion() || process.env.REQUIRE_SHELLCHECK ? test : test.skip;
  withShellcheck("shellcheck finds nothing in the workflow's run: scripts", () => {
    const findings = shellcheckWorkflow(parseWorkflow(CONFIGURED, DEPLOY_WORKFLOW_PATH));
    expect(findings.map((f) => `${f.line} ${f.job} "${f.step}": ${f.code} ${f.message}`)).toEqual([]);
  });

  test('a stage dropped from cdk.json: configure removes its job, and the doctor is still content', () => {
    const cdkJsonPath = path.join(PROJECT, 'cdk.json');
    const cdkJson = JSON.parse(fs.readFileSync(cdkJsonPath, 'utf8'));
    cdkJson.context.deployStages = [STAGING];
    fs.writeFileSync(cdkJsonPath, JSON.stringify(cdkJson, null, 2));
    const again = configure();
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain('removed job "deploy-production" (stage production is no longer in deployStages)');
    const ids = parseWorkflow(fs.readFileSync(WORKFLOW_FILE, 'utf8'), DEPLOY_WORKFLOW_PATH).jobs.map((j) => j.id);
    expect(ids).toEqual(['push-image', 'deploy-staging']);
    const { out, io: streams } = io();
    expect(runDoctor(['--workflow', '--output', scratchDir('stages-doctor')], streams)).toBe(0);
    expect(out.stdout).not.toContain('Workflow consistency checks');
  });
});
