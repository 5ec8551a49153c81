import { Scalar } from 'yaml';
import { actionPins } from '../../../lib/workflow/checks/action-pins';
import { CHECKOUT, contextOf, expectProblem, META, reported, step, WF } from './fixture';

describe('rule action-pins (full commit SHA and a release comment)', () => {
  test('every action of the fixture is pinned with its version: no problem', () => {
    const context = contextOf();
    expect(context.workflow.document.actions).toHaveLength(5);
    expect(reported(actionPins(context))).toBe('');
  });

  test('an action pinned to a tag', () => {
    expectProblem(
      actionPins,
      { workflow: [(d) => step(d, CHECKOUT).set('uses', 'actions/checkout@v7')] },
      {
        check: 'action-pins',
        severity: 'error',
        says: ['"actions/checkout@v7" is not pinned', '40-character commit SHA', WF],
      },
    );
  });

  test('an action pinned without its version comment', () => {
    expectProblem(
      actionPins,
      // A new scalar: setting the string alone would keep the old node and its comment.
      { workflow: [(d) => step(d, META).set('uses', new Scalar(`${META}@dc802804100637a589fabce1cb79ff13a1411302`))] },
      { check: 'action-pins', severity: 'error', says: ['no release comment', '# vX.Y.Z', WF] },
    );
  });

  test('a container action by tag', () => {
    expectProblem(
      actionPins,
      { workflow: [(d) => step(d, CHECKOUT).set('uses', new Scalar('docker://alpine:3.20'))] },
      { check: 'action-pins', severity: 'error', says: ['"docker://alpine:3.20" is a container image by tag', WF] },
    );
  });
});
