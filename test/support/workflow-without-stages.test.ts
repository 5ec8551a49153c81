/**
 * test/support/workflow-without-stages.ts, which the tests about the push job start from: it cuts
 * out exactly the stage jobs configure adds, so an adopter's stages change no test's starting point,
 * and nothing else (another job, the push job, comments).
 */
import { editDeployWorkflow } from '../../lib/cli/configure/workflow-edit';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { isStageJob } from '../../lib/workflow/stage-job';
import { renderStageDeployJobs } from '../../lib/workflow/stage-deploy-job';
import { parseWorkflow } from '../../lib/workflow/workflow-document';
import { projectWorkflow, projectWorkflowWithoutStages, withoutStageJobs } from './workflow-without-stages';

const P = DEPLOY_WORKFLOW_PATH;
const BASE = projectWorkflowWithoutStages();
const STAGES = [
  { name: 'staging', environment: 'staging' },
  { name: 'production', environment: 'production' },
];
const wf = parseDeployWorkflow(BASE, P);
const PLAN = { branches: wf.push?.branches ?? [], tags: wf.push?.tags ?? [], environment: wf.job?.environment };

/** `text` with the rendered jobs of `stages` inserted before the line `before` (or at the end). */
function withJobs(text: string, before?: string): string {
  const jobs = renderStageDeployJobs(STAGES)
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
  return before === undefined ? `${text}\n${jobs}` : text.replace(before, () => `${jobs}\n${before}`);
}

test('the project workflow without stages has no stage job, and the push job of the checked-in file', () => {
  const doc = parseWorkflow(BASE, P);
  expect(doc.jobs.filter(isStageJob)).toEqual([]);
  expect(doc.jobs.length).toBeGreaterThan(0);
  expect(wf.job?.json).toEqual(parseDeployWorkflow(projectWorkflow(), P).job?.json);
});

test('the stage jobs configure adds are cut out again, and the file is as it was, byte for byte', () => {
  const configured = editDeployWorkflow(BASE, P, PLAN, STAGES).text;
  expect(
    parseWorkflow(configured, P)
      .jobs.filter(isStageJob)
      .map((j) => j.id),
  ).toEqual(['deploy-staging', 'deploy-production']);
  expect(withoutStageJobs(configured, P)).toBe(BASE);
});

test('a job of the adopter after the stage jobs stays, with its comment and blank line', () => {
  const own = `${BASE}\n  # our own smoke test\n  smoke:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ok\n`;
  const mixed = withJobs(own, '  # our own smoke test\n');
  expect(parseWorkflow(mixed, P).jobs.map((j) => j.id)).toContain('deploy-staging');
  expect(withoutStageJobs(mixed, P)).toBe(own);
});

test('a file without stage jobs is returned as it is', () => {
  expect(withoutStageJobs(BASE, P)).toBe(BASE);
});
