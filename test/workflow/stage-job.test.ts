/**
 * The workflow model tells the deploy jobs of stages (lib/workflow/stage-job.ts) from the jobs
 * that push: the stage jobs are listed apart and the push rules do not judge them, while the
 * rules about the whole file (pinned actions, expressions in scripts) still do.
 */
import { checkDeployWorkflow } from '../../lib/workflow/deploy-consistency';
import { repository } from '../../lib/workflow/checks/repository';
import { deployJobOf } from '../../lib/workflow/deploy-job';
import { viewOfJob } from '../../lib/workflow/deploy-workflow';
import { ecsCallsIn, isStageJob, stageOfJobId } from '../../lib/workflow/stage-job';
import { parseWorkflow } from '../../lib/workflow/workflow-document';
import { contextOf, reported, setStageStep, staged, STAGE_STEPS, STAGING_JOB } from './checks/fixture';

const CREDENTIALS = 'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3';

/** A workflow of one job with these steps (YAML lines under `steps:`, indented 6). */
function oneJob(id: string, steps: string[]): ReturnType<typeof parseWorkflow>['jobs'][number] {
  const text = ['on: push', 'jobs:', `  ${id}:`, '    runs-on: ubuntu-24.04', '    steps:', ...steps].join('\n');
  return parseWorkflow(text, 'x.yml').jobs[0];
}

function problemsOf(scenario: ReturnType<typeof staged>) {
  const c = contextOf(scenario);
  return checkDeployWorkflow(c.workflow, c.config, { readme: c.readme, stages: c.stages });
}

describe('which jobs are stage jobs', () => {
  test('the rendered stage jobs are listed apart from the push job', () => {
    const { workflow } = contextOf(staged());
    expect(workflow.deployJobs.map((j) => j.id)).toEqual(['push-image']);
    expect(workflow.stageJobs.map((j) => [j.id, j.stage, j.environment])).toEqual([
      ['deploy-staging', 'staging', { kind: 'literal', name: 'staging' }],
      ['deploy-production', 'production', { kind: 'literal', name: 'production' }],
    ]);
    expect(workflow.job?.id).toBe('push-image');
  });

  test('a job that only assumes a role is a push job, as before', () => {
    expect(isStageJob(oneJob('deploy', [`      - uses: ${CREDENTIALS}`]))).toBe(false);
  });

  test('a job that pushes is a push job even when it also calls aws ecs', () => {
    const job = oneJob('deploy-staging', [
      `      - uses: ${CREDENTIALS}`,
      '      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0',
      '      - run: aws ecs update-service --cluster c --service s --force-new-deployment',
    ]);
    expect(isStageJob(job)).toBe(false);
    const withEcrCall = oneJob('deploy-staging', [
      `      - uses: ${CREDENTIALS}`,
      '      - run: aws ecr get-login-password | docker login x; aws ecs update-service --service s',
    ]);
    expect(isStageJob(withEcrCall)).toBe(false);
  });

  test("AWS's ECS actions, an aws ecs call, or (in a job deploy-NAME) the push job's outputs make a stage job", () => {
    expect(
      isStageJob(
        oneJob('x', [`      - uses: ${CREDENTIALS}`, '      - uses: aws-actions/amazon-ecs-deploy-task-definition@v2']),
      ),
    ).toBe(true);
    expect(
      isStageJob(oneJob('x', [`      - uses: ${CREDENTIALS}`, '      - run: aws --region x ecs list-services'])),
    ).toBe(true);
    const readsOutputs = [
      `      - uses: ${CREDENTIALS}`,
      '      - run: ./deploy.sh',
      '        env:',
      '          IMAGE: ${{ needs.push-image.outputs.image }}',
    ];
    expect(isStageJob(oneJob('deploy-qa', readsOutputs))).toBe(true);
    // Under another name, reading the image is not enough (a job that signs or scans it, say).
    expect(isStageJob(oneJob('sign', readsOutputs))).toBe(false);
    // Without a role it is no deploy job of either kind.
    expect(isStageJob(oneJob('x', ['      - run: aws ecs list-services']))).toBe(false);
  });

  test('aws ecs commands, with global options and continuation lines', () => {
    const [step] = oneJob('x', [
      '      - run: |',
      '          aws --no-cli-pager ecs describe-services \\',
      '            --cluster c',
      '          aws ecs\\',
      '            update-service --service s',
      '          echo aws ecs',
    ]).steps;
    expect(ecsCallsIn(step).map((c) => c.command)).toEqual(['describe-services', 'update-service']);
  });

  test('the stage a job id names', () => {
    expect([
      stageOfJobId('deploy-staging'),
      stageOfJobId('deploy-eu-1'),
      stageOfJobId('deploy'),
      stageOfJobId('rollout'),
    ]).toEqual(['staging', 'eu-1', undefined, undefined]);
  });
});

describe('the rules on a workflow with stage jobs', () => {
  test('two stages and their jobs: no problem under any rule (no push rule judges a stage job)', () => {
    expect(reported(problemsOf(staged()))).toBe('');
  });

  test('read as a push job, a stage job would fail the push rules (no ECR login, no image tags)', () => {
    const context = contextOf(staged());
    const stageJob = context.workflow.stageJobs[0];
    const asPushJob = viewOfJob(context.workflow, deployJobOf(stageJob.job));
    expect(repository({ ...context, workflow: asPushJob }).map((p) => p.check)).toEqual(['ecr-login', 'tags']);
    expect(context.workflow.credentialsStep?.jobId).toBe('push-image');
  });

  test('an action of a stage job not pinned to a commit: action-pins still reports it', () => {
    const scenario = staged([
      setStageStep(STAGING_JOB, STAGE_STEPS.credentials, ['uses'], 'aws-actions/configure-aws-credentials@v6'),
    ]);
    expect(problemsOf(scenario).map((p) => [p.check, p.severity])).toEqual([
      ['action-pins', 'error'],
      ['stage-template', 'warning'],
    ]);
  });

  test('an expression inside a stage job script: run-expressions still reports it', () => {
    const scenario = staged([setStageStep(STAGING_JOB, STAGE_STEPS.update, ['run'], 'echo ${{ vars.ECS_CLUSTER }}\n')]);
    expect(problemsOf(scenario).map((p) => p.check)).toContain('run-expressions');
  });
});
