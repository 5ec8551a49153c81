import { isSeq, type YAMLSeq } from 'yaml';
import { stageTemplate } from '../../../lib/workflow/checks/stage-template';
import {
  contextOf,
  expectProblem,
  PRODUCTION_JOB,
  reported,
  setStageStep,
  stageStep,
  staged,
  STAGE_STEPS,
  STAGING_JOB,
  WF,
} from './fixture';

describe('rule stage-template (a customised stage job is warned about, naming the first difference)', () => {
  test('the jobs as the template renders them: no problem', () => {
    expect(reported(stageTemplate(contextOf(staged())))).toBe('');
  });

  test('a changed script: warned at that step, by name and position', () => {
    const scenario = staged([
      (d) => {
        const step = stageStep(d, STAGING_JOB, STAGE_STEPS.update);
        step.set('run', `${String(step.get('run'))}echo done\n`);
      },
    ]);
    expectProblem(stageTemplate, scenario, {
      check: 'stage-template',
      severity: 'warning',
      says: [
        'job "deploy-staging" differs from the template',
        'at step 4 "Update the services" (its run differs)',
        'npm run configure',
        WF,
      ],
    });
  });

  test('a step added at the end, a step removed', () => {
    const added = staged([
      (d) => (d.getIn([...PRODUCTION_JOB, 'steps']) as YAMLSeq).add(d.createNode({ run: 'echo hi' })),
    ]);
    expectProblem(stageTemplate, added, {
      check: 'stage-template',
      severity: 'warning',
      says: ['job "deploy-production"', 'at step 7, which the template does not have'],
    });
    const removed = staged([(d) => (d.getIn([...PRODUCTION_JOB, 'steps']) as YAMLSeq).delete(5)]);
    expectProblem(stageTemplate, removed, {
      check: 'stage-template',
      severity: 'warning',
      says: ['at step 6 "Job summary", which the job lacks'],
    });
  });

  test('a job-level change: concurrency that cancels a rollout', () => {
    expectProblem(
      stageTemplate,
      staged([(d) => d.setIn([...STAGING_JOB, 'concurrency', 'cancel-in-progress'], true)]),
      {
        check: 'stage-template',
        severity: 'warning',
        says: ['at its "concurrency:" (changed)'],
      },
    );
  });

  test('an input of a step: the first step that differs is named, once per job', () => {
    const scenario = staged([
      setStageStep(STAGING_JOB, STAGE_STEPS.credentials, ['with', 'role-duration-seconds'], 900),
      setStageStep(STAGING_JOB, STAGE_STEPS.summary, ['if'], 'success()'),
    ]);
    const problems = stageTemplate(contextOf(scenario));
    expect(problems.map((p) => p.message.slice(0, p.message.indexOf(':'))).join()).toBe(
      `job "deploy-staging" differs from the template (lib/workflow/stage-deploy-job.template.yml) at step 2 "Assume the stage's deploy role (OIDC)" (its with differs)`,
    );
  });

  test('keys in another order, needs and environment (other rules) are not differences', () => {
    const scenario = staged([
      (d) => {
        const steps = d.getIn([...STAGING_JOB, 'steps']);
        if (!isSeq(steps)) throw new Error('no steps');
        d.deleteIn([...STAGING_JOB, 'steps']);
        d.setIn([...STAGING_JOB, 'steps'], steps);
      },
      (d) => d.setIn([...PRODUCTION_JOB, 'needs'], ['push-image']),
      (d) => d.setIn([...PRODUCTION_JOB, 'environment'], 'prod'),
    ]);
    expect(reported(stageTemplate(contextOf(scenario)))).toBe('');
  });
});
