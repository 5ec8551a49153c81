import { stageImage } from '../../../lib/workflow/checks/stage-image';
import { isMap, isSeq, type Document } from 'yaml';
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

/** Removes `env.NAME` from every step of the job. */
const dropEnv = (job: readonly string[], name: string) => (d: Document) => {
  const steps = d.getIn([...job, 'steps']);
  if (!isSeq(steps)) throw new Error('no steps');
  for (const s of steps.items) if (isMap(s) && s.hasIn(['env', name])) s.deleteIn(['env', name]);
};

describe('rule stage-image (the pushed image, by digest)', () => {
  test('IMAGE and DIGEST from the push job, deployed as IMAGE@DIGEST: no problem', () => {
    expect(reported(stageImage(contextOf(staged())))).toBe('');
  });

  test('a job that never reads the digest', () => {
    expectProblem(stageImage, staged([dropEnv(STAGING_JOB, 'DIGEST')]), {
      check: 'stage-image',
      severity: 'error',
      says: ['job "deploy-staging" does not read needs.push-image.outputs.digest', 'IMAGE@DIGEST', WF],
    });
  });

  test('a push job output other than image and digest (a tag list)', () => {
    expectProblem(
      stageImage,
      staged([
        setStageStep(PRODUCTION_JOB, STAGE_STEPS.register, ['env', 'TAGS'], '${{ needs.push-image.outputs.tags }}'),
      ]),
      { check: 'stage-image', severity: 'error', says: ['reads needs.push-image.outputs.tags', 'never a tag'] },
    );
  });

  test('the image by tag in a script: "${IMAGE}:latest"', () => {
    const scenario = staged([
      (d) => {
        const step = stageStep(d, STAGING_JOB, STAGE_STEPS.register);
        const script = String(step.get('run'));
        const from = '--arg ref "${IMAGE}@${DIGEST}"';
        if (!script.includes(from)) throw new Error('the template changed');
        step.set('run', script.replace(from, '--arg ref "${IMAGE}:latest"'));
      },
    ]);
    expectProblem(stageImage, scenario, {
      check: 'stage-image',
      severity: 'error',
      says: ['step "Register task definitions with the new image" names the image by tag', '"${IMAGE}:"'],
    });
  });

  test('the image by tag in an action input', () => {
    const scenario = staged([
      setStageStep(
        STAGING_JOB,
        STAGE_STEPS.update,
        ['with', 'image'],
        '${{ needs.push-image.outputs.image }}:${{ github.sha }}',
      ),
    ]);
    expectProblem(stageImage, scenario, {
      check: 'stage-image',
      severity: 'error',
      says: ['names the image by tag', 'with.image'],
    });
  });
});
