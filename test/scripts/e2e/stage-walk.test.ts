/**
 * The stage deploy jobs walked as `npm run test:e2e` walks them after the push, without
 * containers: the rehearsal's copy of the workflow (the checked-in file plus the rendered stage
 * jobs), their bash as written, jq, and the `aws` stand-in answering from a make-believe ECS.
 * Every scenario's checks must pass; fed a run that went wrong, they must fail.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { PUSH_JOB_ID } from '../../../lib/workflow/stage-deploy-job';
import { rehearsalContexts, rehearsalSettings } from '../../../scripts/e2e/lib/rehearsal-context';
import { deliveredChecks, StageRun } from '../../../scripts/e2e/lib/stage-checks';
import { REHEARSAL_STAGES } from '../../../scripts/e2e/lib/stage-fixtures';
import { runScenario, stageScenarios } from '../../../scripts/e2e/lib/stage-scenarios';
import { jobLinks, jobsAfter, runOrder, workflowWithStages } from '../../../scripts/e2e/lib/stage-workflow';

const ROOT = path.join(__dirname, '..', '..', '..');
const WORKFLOW = '.github/workflows/deploy-ecr.yml';
const IMAGE = '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/my-ecr-repo';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

const text = workflowWithStages(readFileSync(path.join(ROOT, WORKFLOW), 'utf8'), REHEARSAL_STAGES, WORKFLOW);
const deploy = parseDeployWorkflow(text, WORKFLOW);
const links = jobLinks(text);
const order = runOrder(links, jobsAfter(links, PUSH_JOB_ID));
const settings = rehearsalSettings({
  cdkContext: { ecrRepositoryName: 'my-ecr-repo', region: 'ap-northeast-1' },
  pushBranches: ['develop'],
  sha: 'fedcba9876543210fedcba9876543210fedcba98',
  runId: '42',
});
const scenarios = stageScenarios(REHEARSAL_STAGES, IMAGE);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-stages-'));
const runs: Record<string, Promise<StageRun>> = {};

// A scenario takes 1–2 s here (never-stable waits 1 s for its deadline). All four run side by side.
jest.setTimeout(40_000);

beforeAll(() => {
  for (const scenario of scenarios) {
    runs[scenario.name] = runScenario({
      scenario,
      stages: REHEARSAL_STAGES,
      document: deploy.document,
      order,
      pushJobId: PUSH_JOB_ID,
      pushOutputs: { image: IMAGE, digest: DIGEST },
      image: IMAGE,
      digest: DIGEST,
      dir: path.join(dir, scenario.name),
      aws: { registryUrl: 'http://127.0.0.1:1', user: 'AWS', token: 't', registryId: '123456789012', repositories: [] },
      contexts: (jobId, workspace, temp) => rehearsalContexts(settings, 'deploy', jobId, workspace, temp),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    runs[scenario.name].catch(() => {}); // reported by the test that awaits it
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the copy runs the stage jobs after the push job, staging before production', () => {
  expect(order).toEqual(['deploy-staging', 'deploy-production']);
  expect(deploy.job?.id).toBe(PUSH_JOB_ID);
});

test.each(scenarios.map((s) => [s.name, s.title]))('%s: %s', async (name) => {
  const run = await runs[name];
  const checks = scenarios.find((s) => s.name === name)!.checks(run);
  expect(checks.filter((c) => !c.ok)).toEqual([]);
  expect(checks.length).toBeGreaterThanOrEqual(name === 'delivery' ? 12 : 2);
});

describe('the delivery checks fail on a run that went wrong', () => {
  const failing = async (change: (run: StageRun) => StageRun) =>
    deliveredChecks(change(await runs.delivery))
      .filter((c) => !c.ok)
      .map((c) => c.what);

  test('another digest than the registry holds', async () => {
    const other = `sha256:${'cd'.repeat(32)}`;
    expect(await failing((run) => ({ ...run, digest: other }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^staging\/web: the task definition registered names exactly/)]),
    );
  });

  test('a sidecar changed, or a field dropped, in a registered task definition', async () => {
    const tamper = (run: StageRun, edit: (td: Record<string, unknown>) => void): StageRun => {
      const after = structuredClone(run.after);
      const revisions = after.taskDefinitions['111111111111/eu-west-1/staging-web'];
      edit(revisions[revisions.length - 1] as Record<string, unknown>);
      return { ...run, after };
    };
    const proxy = await failing((run) =>
      tamper(run, (td) => {
        (td.containerDefinitions as Array<{ image: string }>)[1].image = `${IMAGE}-proxy@${DIGEST}`;
      }),
    );
    expect(proxy).toEqual([expect.stringMatching(/^staging\/web: the task definition registered/)]);
    const dropped = await failing((run) => tamper(run, (td) => delete td.executionRoleArn));
    expect(dropped).toEqual([expect.stringMatching(/^staging\/web: the task definition registered/)]);
  });

  test('production before staging, a skipped job, a summary without its rows', async () => {
    const swapped = await failing((run) => ({ ...run, calls: [...run.calls].reverse() }));
    expect(swapped).toContain('production ran after staging had finished, with the same digest');
    const skipped = await failing((run) => ({
      ...run,
      results: run.results.map((r) => (r.jobId === 'deploy-production' ? { ...r, result: 'skipped' as const } : r)),
    }));
    expect(skipped[0]).toMatch(/^the stage jobs ran in promotion order/);
    const noSummary = await failing((run) => ({
      ...run,
      results: run.results.map((r) => ({ ...r, report: r.report && { ...r.report, summary: '' } })),
    }));
    expect(noSummary).toEqual([
      "deploy-staging's job summary lists each service with its revision and outcome, and the image by digest",
      "deploy-production's job summary lists each service with its revision and outcome, and the image by digest",
    ]);
  });

  test('a stage that assumed the wrong role', async () => {
    const wrongRole = await failing((run) => ({
      ...run,
      results: run.results.map((r) =>
        r.jobId === 'deploy-staging'
          ? { ...r, credentials: { ...r.credentials, 'role-to-assume': REHEARSAL_STAGES[1].roleArn } }
          : r,
      ),
    }));
    expect(wrongRole).toEqual([
      'deploy-staging ran in environment staging and assumed its AWS_ROLE_ARN in its AWS_REGION',
    ]);
  });
});

test('the stop checks fail on a run that went on', async () => {
  const delivered = await runs.delivery;
  for (const scenario of scenarios.filter((s) => s.name !== 'delivery')) {
    const failed = scenario.checks(delivered).filter((c) => !c.ok);
    expect([scenario.name, failed.length > 0]).toEqual([scenario.name, true]);
    expect(failed.map((c) => c.what)).toEqual(
      expect.arrayContaining(['deploy-production did not run (skipped: a job it needs failed)']),
    );
  }
});
