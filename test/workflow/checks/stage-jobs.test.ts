import type { YAMLMap } from 'yaml';
import { stageJobs } from '../../../lib/workflow/checks/stage-jobs';
import { PRODUCTION, STAGING } from '../../support/stage-settings';
import { contextOf, expectProblem, PRODUCTION_JOB, reported, staged, WF, WITH_STAGES } from './fixture';

describe('rule stage-jobs (one job deploy-NAME per stage of deployStages, none for another)', () => {
  test('the two stages and their two jobs: no problem', () => {
    expect(reported(stageJobs(contextOf(staged())))).toBe('');
  });

  test('no deployStages and no stage job: no problem (the workflow as before)', () => {
    const context = contextOf();
    expect(context.stages).toEqual([]);
    expect(reported(stageJobs(context))).toBe('');
  });

  test('a stage without its job: configure adds it', () => {
    expectProblem(stageJobs, staged([(d) => d.deleteIn(PRODUCTION_JOB)]), {
      check: 'stage-jobs',
      severity: 'error',
      says: ['deployStages[1] is stage "production"', 'no job "deploy-production"', 'npm run configure', WF],
    });
  });

  test('a job named after a stage that does not deploy it (it pushes nothing to ECS)', () => {
    const scenario = staged([
      (d) => d.setIn(PRODUCTION_JOB, d.createNode({ 'runs-on': 'ubuntu-24.04', steps: [{ run: 'echo hello' }] })),
    ]);
    expectProblem(stageJobs, scenario, {
      check: 'stage-jobs',
      severity: 'error',
      says: ['job "deploy-production" is the job of stage "production"', 'does not deploy it', 'npm run configure'],
    });
  });

  test('a job of a stage that deployStages no longer lists', () => {
    expectProblem(stageJobs, staged([], [STAGING]), {
      check: 'stage-jobs',
      severity: 'error',
      says: ['job "deploy-production" deploys stage "production"', 'does not list ([staging])', 'npm run configure'],
    });
  });

  test('stage jobs without any deployStages: each is reported', () => {
    const problems = stageJobs(contextOf({ workflow: WITH_STAGES }));
    expect(problems.map((p) => [p.check, p.severity, p.message.slice(0, 40)])).toEqual([
      ['stage-jobs', 'error', 'job "deploy-staging" deploys stage "stag'],
      ['stage-jobs', 'error', 'job "deploy-production" deploys stage "p'],
    ]);
    expect(problems[0].message).toContain('(none listed)');
  });

  test('a job that deploys to ECS under another name', () => {
    const rename = staged([
      (d) => {
        const jobs = d.get('jobs') as YAMLMap;
        const pair = jobs.items.find((p) => String((p.key as { value: unknown }).value) === 'deploy-production')!;
        (pair.key as { value: unknown }).value = 'rollout';
      },
    ]);
    expectProblem(stageJobs, rename, {
      check: 'stage-jobs',
      severity: 'error',
      says: ['job "rollout"', 'not named deploy-STAGE', '[staging, production]'],
    });
    expectProblem(stageJobs, rename, {
      check: 'stage-jobs',
      severity: 'error',
      says: ['no job "deploy-production"'],
    });
  });

  test('the stages in another order still find their jobs', () => {
    expect(reported(stageJobs(contextOf(staged([], [PRODUCTION, STAGING]))))).toBe('');
  });
});
