import { rerun } from '../../../lib/workflow/checks/rerun';
import { BUILD, contextOf, deleteStep, deleteWholeStep, expectProblem, LOOKUP, reported, setStep, WF } from './fixture';

describe('rule rerun (a commit already in ECR is not built again)', () => {
  test('the fixture looks the SHA up and skips the build when found: no problem', () => {
    expect(reported(rerun(contextOf()))).toBe('');
  });

  test('no lookup of the commit before the build', () => {
    expectProblem(
      rerun,
      { workflow: [deleteWholeStep(LOOKUP)] },
      {
        check: 'rerun',
        severity: 'error',
        says: ['Re-run jobs', 'ImageTagAlreadyExistsException', 'batch-get-image', WF],
      },
    );
  });

  test('the build runs whatever the lookup found', () => {
    expectProblem(
      rerun,
      { workflow: [deleteStep(BUILD, ['if'])] },
      { check: 'rerun', severity: 'error', says: ['runs whether or not', 'ImageTagAlreadyExistsException', WF] },
    );
  });

  test('the lookup asks for another tag than the commit SHA', () => {
    expectProblem(
      rerun,
      { workflow: [setStep(LOOKUP, ['env', 'SHA'], '${{ github.ref_name }}')] },
      { check: 'rerun', severity: 'error', says: ["commit's own tag", 'github.sha', WF] },
    );
  });
});
