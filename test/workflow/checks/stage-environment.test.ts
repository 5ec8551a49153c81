import { stageEnvironment } from '../../../lib/workflow/checks/stage-environment';
import { contextOf, expectProblem, PRODUCTION_JOB, reported, staged, STAGING_JOB, WF } from './fixture';

describe('rule stage-environment (each stage job runs in exactly its stage’s environment)', () => {
  test('deploy-staging in staging, deploy-production in production: no problem', () => {
    expect(reported(stageEnvironment(contextOf(staged())))).toBe('');
  });

  test('written as a map with a url: the name is what counts', () => {
    const edit = staged([(d) => d.setIn([...STAGING_JOB, 'environment'], { name: 'staging', url: 'https://x' })]);
    expect(reported(stageEnvironment(contextOf(edit)))).toBe('');
  });

  test("another stage's environment", () => {
    expectProblem(stageEnvironment, staged([(d) => d.setIn([...PRODUCTION_JOB, 'environment'], 'staging')]), {
      check: 'stage-environment',
      severity: 'error',
      says: [
        'job "deploy-production" runs in environment "staging"',
        'deployStages[1].environment',
        'environment: "production"',
        'npm run configure',
        WF,
      ],
    });
  });

  test('no environment: the job would read the repository variables (the push role)', () => {
    expectProblem(stageEnvironment, staged([(d) => d.deleteIn([...STAGING_JOB, 'environment'])]), {
      check: 'stage-environment',
      severity: 'error',
      says: ['job "deploy-staging" names no environment', "push role's", 'environment: "staging"'],
    });
  });

  test('an expression, even one that can only be the right name', () => {
    expectProblem(stageEnvironment, staged([(d) => d.setIn([...STAGING_JOB, 'environment'], "${{ 'staging' }}")]), {
      check: 'stage-environment',
      severity: 'error',
      says: ['picks its environment with', 'environment: "staging"'],
    });
  });
});
