/**
 * The walk through a job as GitHub runs it (scripts/e2e/lib/workflow-runner.ts): after a failed
 * step only steps that ask for the status run, then the job's outputs are evaluated; and the
 * rehearsal's copy of the workflow with stage jobs (stage-workflow.ts): what they need, in order.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseWorkflow } from '../../../lib/workflow/workflow-document';
import { PUSH_JOB_ID } from '../../../lib/workflow/stage-deploy-job';
import { jobLinks, jobsAfter, runOrder, workflowWithStages } from '../../../scripts/e2e/lib/stage-workflow';
import { rehearseJob } from '../../../scripts/e2e/lib/workflow-runner';

const WORKFLOW = `name: t
on: push
jobs:
  one:
    runs-on: ubuntu-24.04
    outputs:
      first: \${{ steps.a.outputs.value }}
      late: \${{ steps.c.outputs.value || 'none' }}
    steps:
      - id: a
        run: echo "value=A" >> "$GITHUB_OUTPUT"
      - name: breaks
        run: |
          echo "about to fail"
          exit 3
      - id: c
        name: after a failure, skipped
        run: echo "value=C" >> "$GITHUB_OUTPUT"
      - name: only on failure
        if: failure()
        run: echo "failure seen" >> "$GITHUB_STEP_SUMMARY"
      - name: always
        if: \${{ always() }}
        run: echo "always ran ($JOB_STATUS)" >> "$GITHUB_STEP_SUMMARY"
        env:
          JOB_STATUS: \${{ job.status }}
      - name: on success only
        if: success()
        run: echo "never" >> "$GITHUB_STEP_SUMMARY"
`;

describe('rehearseJob after a failed step', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const document = parseWorkflow(WORKFLOW, 'w.yml');
  const walk = (failures?: 'throw' | 'report') =>
    rehearseJob(document, document.jobs[0], {
      contexts: { github: {}, vars: {}, job: { status: 'success' } },
      workspace: dir,
      tempDir: dir,
      baseEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      handlers: {},
      outputs: jobLinks(WORKFLOW).one.outputs,
      failures,
    });

  test('runs only the steps whose if: asks for the status, and evaluates the outputs', async () => {
    const report = await walk('report');
    expect(report.steps.map((s) => [s.title, s.kind, s.failed === undefined ? 'ok' : 'failed'])).toEqual([
      ['Run echo "value=A" >> "$GITHUB_OUTPUT"', 'run', 'ok'],
      ['breaks', 'run', 'failed'],
      ['after a failure, skipped', 'skipped', 'ok'],
      ['only on failure', 'run', 'ok'],
      ['always', 'run', 'ok'],
      ['on success only', 'skipped', 'ok'],
    ]);
    expect(report.failure?.message).toMatch(/^step 2 "breaks": run: exited with 3\nabout to fail/);
    expect(report.summary).toBe('failure seen\nalways ran (failure)\n');
    expect(report.outputs).toEqual({ first: 'A', late: 'none' });
  });

  test('by default the failure is thrown once those steps have run', async () => {
    await expect(walk()).rejects.toThrow(/step 2 "breaks": run: exited with 3/);
  });
});

describe("the rehearsal's copy of the workflow", () => {
  const original = fs.readFileSync(path.join(__dirname, '..', '..', '..', '.github/workflows/deploy-ecr.yml'), 'utf8');
  const stages = [
    { name: 'qa', environment: 'qa' },
    { name: 'staging', environment: 'staging' },
    { name: 'production', environment: 'production' },
  ];

  test('the stage jobs after the push job, in promotion order; the push job as it was', () => {
    const text = workflowWithStages(original, stages, 'w.yml');
    const links = jobLinks(text);
    expect(runOrder(links, jobsAfter(links, PUSH_JOB_ID))).toEqual([
      'deploy-qa',
      'deploy-staging',
      'deploy-production',
    ]);
    expect(links['deploy-production'].needs).toEqual([PUSH_JOB_ID, 'deploy-staging']);
    expect(links[PUSH_JOB_ID].outputs).toEqual(jobLinks(original)[PUSH_JOB_ID].outputs);
  });

  test('stage jobs already in the file are replaced, not doubled', () => {
    const once = workflowWithStages(original, stages, 'w.yml');
    const twice = workflowWithStages(once, stages.slice(1), 'w.yml');
    expect(Object.keys(jobLinks(twice))).toEqual([PUSH_JOB_ID, 'deploy-staging', 'deploy-production']);
  });

  test('needs that go round in a circle, or name no job, are errors', () => {
    const links = {
      a: { needs: ['b'], outputs: {} },
      b: { needs: ['a'], outputs: {} },
      c: { needs: ['nope'], outputs: {} },
    };
    expect(() => runOrder(links, ['a', 'b'])).toThrow(/go round in a circle/);
    expect(() => runOrder(links, ['c'])).toThrow(/needs "nope", which is not a job/);
  });
});
