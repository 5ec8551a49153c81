import { pushOutputs } from '../../../lib/workflow/checks/push-outputs';
import { contextOf, expectProblem, JOB, reported, staged, WF } from './fixture';

describe('rule push-outputs (with stages, push-image gives image and digest)', () => {
  test('outputs image and digest (build, else the lookup): no problem', () => {
    expect(reported(pushOutputs(contextOf(staged())))).toBe('');
  });

  test('without deployStages the push job needs no outputs (the fixture has none)', () => {
    expect(contextOf().workflow.job?.outputs).toEqual({});
    expect(reported(pushOutputs(contextOf()))).toBe('');
  });

  test('no image output', () => {
    expectProblem(pushOutputs, staged([(d) => d.deleteIn([...JOB, 'outputs', 'image'])]), {
      check: 'push-outputs',
      severity: 'error',
      says: ['no output "image"', '${{ steps.moving-tags.outputs.image }}', WF],
    });
  });

  test('an image output with a tag', () => {
    expectProblem(
      pushOutputs,
      staged([(d) => d.setIn([...JOB, 'outputs', 'image'], '${{ steps.moving-tags.outputs.image }}:latest')]),
      { check: 'push-outputs', severity: 'error', says: ['without a tag or digest'] },
    );
  });

  test('an image output from metadata-action’s tags', () => {
    expectProblem(
      pushOutputs,
      staged([(d) => d.setIn([...JOB, 'outputs', 'image'], '${{ steps.meta.outputs.tags }}')]),
      { check: 'push-outputs', severity: 'error', says: ['output image is "${{ steps.meta.outputs.tags }}"'] },
    );
  });

  test('a digest from the build only: a re-run (build skipped) would give none', () => {
    expectProblem(
      pushOutputs,
      staged([(d) => d.setIn([...JOB, 'outputs', 'digest'], '${{ steps.build.outputs.digest }}')]),
      {
        check: 'push-outputs',
        severity: 'error',
        says: [
          're-run skips the build',
          'step "Look up the commit"',
          'steps.build.outputs.digest || steps.already-pushed.outputs.digest',
        ],
      },
    );
  });

  test('no digest output', () => {
    expectProblem(pushOutputs, staged([(d) => d.deleteIn([...JOB, 'outputs', 'digest'])]), {
      check: 'push-outputs',
      severity: 'error',
      says: ['no output "digest"', 'by digest'],
    });
  });

  test('the push job under another id: the stage jobs read needs.push-image', () => {
    const scenario = staged([
      (d) => {
        const jobs = d.get('jobs') as { items: { key: { value: unknown } }[] };
        jobs.items[0].key.value = 'image';
      },
    ]);
    expectProblem(pushOutputs, scenario, {
      check: 'push-outputs',
      severity: 'error',
      says: ['no such job that pushes (the push job is "image")', 'the id push-image'],
    });
  });
});
