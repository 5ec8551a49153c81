import { runExpressions } from '../../../lib/workflow/checks/run-expressions';
import { contextOf, expectProblem, GATE, reported, step, WF } from './fixture';

describe('rule run-expressions (values reach scripts through env:)', () => {
  test('the fixture scripts read only environment variables: no problem', () => {
    expect(reported(runExpressions(contextOf()))).toBe('');
  });

  test('an expression pasted into a script', () => {
    expectProblem(
      runExpressions,
      {
        workflow: [
          (d) =>
            step(d, GATE).set(
              'run',
              `echo "\${{ github.event.head_commit.message }}"\n${String(step(d, GATE).get('run'))}`,
            ),
        ],
      },
      { check: 'run-expressions', severity: 'error', says: ['github.event.head_commit.message', 'env:', WF] },
    );
  });
});
