/**
 * configure's edit of the stage jobs (lib/cli/configure/stage-jobs-edit.ts, through
 * editDeployWorkflow): on the project's own workflow, the jobs it adds are the template's text
 * exactly, the rest of the file (comments included) is untouched, a second run changes nothing,
 * and adding, reordering, renaming an environment or removing a stage gives the same file as
 * rendering the new list from scratch.
 */
import { editDeployWorkflow, WorkflowEditError } from '../../../lib/cli/configure/workflow-edit';
import { checkDeployWorkflow } from '../../../lib/workflow/deploy-consistency';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { renderStageDeployJobs, type StageJobStage } from '../../../lib/workflow/stage-deploy-job';
import { formatProblems } from '../../../lib/workflow/workflow-problem';
import { parseConfig } from '../../../lib/stack/config';
import { fixtureSettings } from '../../support/fixture-settings';
import { projectWorkflowWithoutStages } from '../../support/workflow-without-stages';

const P = DEPLOY_WORKFLOW_PATH;
/** The project's own deploy workflow without stage jobs (an adopter's deployStages may have added some). */
const WORKFLOW = projectWorkflowWithoutStages();

const STAGING = { name: 'staging', environment: 'staging' };
const PRODUCTION = { name: 'production', environment: 'production' };
const QA = { name: 'qa', environment: 'qa: eu #1' };

/** The plan that leaves the push job as it is. */
const wf = parseDeployWorkflow(WORKFLOW, P);
const SAME_PLAN = { branches: wf.push?.branches ?? [], tags: wf.push?.tags ?? [], environment: wf.job?.environment };

/**
 * The fixture settings trusting what the project's push job runs on, as `npm run configure` sets
 * them for it (its environment, else its branches and tags), so the push job agrees with them
 * whatever the adopter configured; the stage jobs are what these tests judge.
 */
const SETTINGS = fixtureSettings(
  SAME_PLAN.environment === undefined
    ? { allowedBranches: SAME_PLAN.branches, allowedTags: SAME_PLAN.tags, allowedEnvironments: [] }
    : { allowedBranches: [], allowedTags: [], allowedEnvironments: [SAME_PLAN.environment] },
);
const CONFIG = parseConfig((key) => SETTINGS[key], Object.keys(SETTINGS));

/** The project's workflow with the stage jobs written at the end, as the template renders them. */
function rendered(stages: readonly StageJobStage[]): string {
  if (stages.length === 0) return WORKFLOW;
  const jobs = renderStageDeployJobs(stages)
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
  return `${WORKFLOW}\n${jobs}`;
}

const edit = (text: string, stages: readonly StageJobStage[]) => editDeployWorkflow(text, P, SAME_PLAN, stages);

/** Every problem the workflow rules find with these stages ('' for none). */
function problems(text: string, stages: readonly StageJobStage[]): string {
  return formatProblems(P, checkDeployWorkflow(parseDeployWorkflow(text, P), CONFIG, { stages }));
}

describe('configure brings the stage jobs in step with deployStages', () => {
  test('adds one job per stage, exactly as the template renders them; the rest of the file is as it was', () => {
    const added = edit(WORKFLOW, [STAGING, PRODUCTION]);
    expect(added.text).toBe(rendered([STAGING, PRODUCTION]));
    expect(added.changed).toEqual([
      'added job "deploy-staging" for stage staging (from the template)',
      'added job "deploy-production" for stage production (from the template)',
    ]);
    expect(problems(added.text, [STAGING, PRODUCTION])).toBe('');
  });

  test('a second run changes nothing', () => {
    const text = rendered([STAGING, PRODUCTION]);
    expect(edit(text, [STAGING, PRODUCTION])).toEqual({ text, changed: [] });
  });

  test('no stages and no stage jobs: nothing changes', () => {
    expect(edit(WORKFLOW, [])).toEqual({ text: WORKFLOW, changed: [] });
  });

  test('a stage no longer listed: its job goes, and the file is as if it had never been there', () => {
    const removed = edit(rendered([STAGING, PRODUCTION]), [STAGING]);
    expect(removed.text).toBe(rendered([STAGING]));
    expect(removed.changed).toEqual([
      'removed job "deploy-production" (stage production is no longer in deployStages)',
    ]);
    expect(edit(rendered([STAGING]), [])).toEqual({
      text: WORKFLOW,
      changed: ['removed job "deploy-staging" (stage staging is no longer in deployStages)'],
    });
  });

  test('a stage added before the others goes before their jobs, and the next stage then needs it', () => {
    const result = edit(rendered([PRODUCTION]), [QA, PRODUCTION]);
    expect(result.text).toBe(rendered([QA, PRODUCTION]));
    expect(result.changed).toEqual([
      'added job "deploy-qa" for stage qa (from the template)',
      'jobs.deploy-production.needs',
    ]);
  });

  test('the stages in another order: needs and the order of the jobs follow', () => {
    const result = edit(rendered([STAGING, PRODUCTION]), [PRODUCTION, STAGING]);
    expect(result.text).toBe(rendered([PRODUCTION, STAGING]));
    expect(result.changed).toEqual([
      'jobs.deploy-production.needs',
      'jobs.deploy-staging.needs',
      'put the stage jobs in promotion order',
    ]);
  });

  test("a stage's environment renamed: the job names it, and its steps print it", () => {
    const renamed = { ...STAGING, environment: 'staging-eu' };
    const result = edit(rendered([STAGING, PRODUCTION]), [renamed, PRODUCTION]);
    expect(result.text).toBe(rendered([renamed, PRODUCTION]));
    expect(result.changed).toEqual(['jobs.deploy-staging.environment']);
  });

  test('a customised job keeps its changes; only needs and environment are set', () => {
    const custom = rendered([STAGING, PRODUCTION]).replace(
      '      - name: Job summary\n',
      '      - name: Notify\n        run: echo deployed\n\n      - name: Job summary\n',
    );
    const result = edit(custom, [{ ...STAGING, environment: 'stage' }, PRODUCTION]);
    expect(result.text).toContain('        run: echo deployed\n');
    const job = parseDeployWorkflow(result.text, P).stageJobs[0];
    expect([job.id, job.environment]).toEqual(['deploy-staging', { kind: 'literal', name: 'stage' }]);
    expect(result.changed).toEqual(['jobs.deploy-staging.environment']);
  });

  test("the job's own needs (tests to pass first) stay, after the push and the stage before", () => {
    const text = rendered([STAGING, PRODUCTION]).replace(
      '    needs: [push-image, deploy-staging]\n',
      '    needs: [deploy-staging, tests]\n',
    );
    const result = edit(text, [QA, STAGING, PRODUCTION]);
    const needs = parseDeployWorkflow(result.text, P).stageJobs.map((j) => [j.id, j.job.needs]);
    expect(needs).toEqual([
      ['deploy-qa', ['push-image']],
      ['deploy-staging', ['push-image', 'deploy-qa']],
      ['deploy-production', ['push-image', 'deploy-staging', 'tests']],
    ]);
  });

  test('an environment written as a map keeps its url', () => {
    const withUrl = rendered([STAGING]).replace(
      '    environment: "staging"\n',
      '    environment:\n      name: staging\n      url: https://staging.example.com # the service\n',
    );
    const result = edit(withUrl, [{ ...STAGING, environment: 'stage' }]);
    expect(result.text).toContain(
      '    environment:\n      name: "stage"\n      url: https://staging.example.com # the service\n',
    );
    expect(result.changed).toEqual(['jobs.deploy-staging.environment.name']);
  });

  test('the push job gets its image and digest outputs when they are missing', () => {
    const without = WORKFLOW.replace(/\n {4}outputs:\n {6}image: .*\n {6}digest: .*\n/, '\n');
    expect(parseDeployWorkflow(without, P).job?.outputs).toEqual({});
    const result = edit(without, [STAGING]);
    expect(parseDeployWorkflow(result.text, P).job?.outputs).toEqual(wf.job?.outputs);
    expect(result.changed).toEqual([
      'added job "deploy-staging" for stage staging (from the template)',
      'jobs.push-image.outputs.image',
      'jobs.push-image.outputs.digest',
    ]);
    expect(problems(result.text, [STAGING])).toBe('');
  });
});

describe('configure refuses what it cannot edit safely', () => {
  test('a customised job of a stage no longer listed is not removed', () => {
    const [before, production] = rendered([STAGING, PRODUCTION]).split('  deploy-production:\n');
    const custom = `${before}  deploy-production:\n${production.replace('ECS_POLL_SECONDS: 15', 'ECS_POLL_SECONDS: 5')}`;
    expect(() => edit(custom, [STAGING])).toThrow(WorkflowEditError);
    expect(() => edit(custom, [STAGING])).toThrow(
      /job "deploy-production" deploys stage "production", which cdk.json deployStages no longer lists, but it differs from the template at its "env:" \(changed\).*remove this one by hand/,
    );
  });

  test('a job named for a stage that does not deploy it', () => {
    const other = WORKFLOW.replace(
      /\njobs:\n/,
      '\njobs:\n  deploy-staging:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo not a deploy\n',
    );
    expect(() => edit(other, [STAGING])).toThrow(
      /job "deploy-staging" is named for stage "staging" but does not deploy it/,
    );
  });

  test('the push job is still the one job configure edits: the stage jobs do not count', () => {
    // A branch no adopter's workflow is likely to push from already, so that both places change.
    const branches = SAME_PLAN.branches.includes('it-main') ? ['it-main-2'] : ['it-main'];
    const result = editDeployWorkflow(rendered([STAGING, PRODUCTION]), P, { ...SAME_PLAN, branches }, [
      STAGING,
      PRODUCTION,
    ]);
    expect(result.changed).toEqual(['on.push.branches', 'jobs.push-image.if']);
  });
});
