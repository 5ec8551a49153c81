import { checkout } from '../../../lib/workflow/checks/checkout';
import { CHECKOUT, contextOf, deleteStep, expectProblem, reported, WF } from './fixture';

describe('rule checkout (no token left in .git/config)', () => {
  test('the fixture checks out with persist-credentials: false: no problem', () => {
    expect(reported(checkout(contextOf()))).toBe('');
  });

  test('checkout keeps the token', () => {
    expectProblem(
      checkout,
      { workflow: [deleteStep(CHECKOUT, ['with', 'persist-credentials'])] },
      { check: 'checkout', severity: 'error', says: ['persist-credentials: false', WF] },
    );
  });
});
