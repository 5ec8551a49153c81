import { stageNeeds } from '../../../lib/workflow/checks/stage-needs';
import { PRODUCTION, STAGING } from '../../support/stage-settings';
import { contextOf, expectProblem, PRODUCTION_JOB, reported, staged, STAGING_JOB, WF } from './fixture';

describe('rule stage-needs (promotion order: after the push, then after the stage before)', () => {
  test('staging needs push-image, production push-image and deploy-staging: no problem', () => {
    const context = contextOf(staged());
    expect(context.workflow.stageJobs.map((j) => [j.id, j.job.needs])).toEqual([
      ['deploy-staging', ['push-image']],
      ['deploy-production', ['push-image', 'deploy-staging']],
    ]);
    expect(reported(stageNeeds(context))).toBe('');
  });

  test('a stage job that does not need the push job gets no image', () => {
    expectProblem(stageNeeds, staged([(d) => d.setIn([...PRODUCTION_JOB, 'needs'], ['deploy-staging'])]), {
      check: 'stage-needs',
      severity: 'error',
      says: ['job "deploy-production" does not need "push-image"', 'outputs', 'npm run configure', WF],
    });
  });

  test('needs written as one id (not a list) is read as that id', () => {
    expectProblem(stageNeeds, staged([(d) => d.setIn([...PRODUCTION_JOB, 'needs'], 'push-image')]), {
      check: 'stage-needs',
      severity: 'error',
      says: ['job "deploy-production" does not need "deploy-staging"', 'order: staging, production'],
    });
    expect(reported(stageNeeds(contextOf(staged([(d) => d.setIn([...STAGING_JOB, 'needs'], 'push-image')]))))).toBe('');
  });

  test('a stage that needs a later stage turns the order round', () => {
    expectProblem(
      stageNeeds,
      staged([(d) => d.setIn([...STAGING_JOB, 'needs'], ['push-image', 'deploy-production'])]),
      {
        check: 'stage-needs',
        severity: 'error',
        says: ['job "deploy-staging" needs "deploy-production"', 'later stage'],
      },
    );
  });

  test('deployStages reordered (production first): both jobs are out of step', () => {
    const problems = stageNeeds(contextOf(staged([], [PRODUCTION, STAGING])));
    expect(problems.map((p) => p.message.slice(0, p.message.indexOf(','))).sort()).toEqual([
      'job "deploy-production" needs "deploy-staging"',
      'job "deploy-staging" does not need "deploy-production"',
    ]);
  });

  test('another job among the needs (tests to pass first) is the user’s choice', () => {
    expect(
      reported(stageNeeds(contextOf(staged([(d) => d.setIn([...STAGING_JOB, 'needs'], ['push-image', 'tests'])])))),
    ).toBe('');
  });
});
