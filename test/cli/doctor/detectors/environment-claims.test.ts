/**
 * Environment jobs whose sub the role accepts, refused by what it pins beside it: the exact
 * environment name, and the refs an environment job may run on.
 */
import { environmentName, environmentPullRequest } from '../../../../lib/cli/doctor/detectors/environment-claims';
import { inEnvironment } from '../../../../lib/iam/github-token';
import { claimsOf, diagnosed, inputFor } from '../fixtures';

const PRODUCTION_V1 = { allowedEnvironments: ['Production:V1'] };

describe('environment-name', () => {
  test('"Production%3AV1" sends the sub of "Production:V1"; the environment claim tells them apart', () => {
    const claims = claimsOf({ trigger: inEnvironment('Production%3AV1') });
    const { decision, causes } = diagnosed(claims, PRODUCTION_V1);
    expect(decision.decision).toBe('Deny');
    expect(causes.map((c) => c.id)).toEqual(['environment-name']);
    expect(causes[0].message).toBe(
      'The token\'s environment claim is "Production%3AV1", but the role trusts only "Production:V1": their sub values look the same because GitHub writes ":" as "%3A" there, and the environment claim tells them apart.',
    );
  });

  test('nothing to say when the environment is the trusted one, or when its sub is refused already', () => {
    expect(environmentName(inputFor(claimsOf({ trigger: inEnvironment('Production:V1') }), PRODUCTION_V1))).toEqual([]);
    expect(environmentName(inputFor(claimsOf({ trigger: inEnvironment('staging') }), PRODUCTION_V1))).toEqual([]);
  });
});

describe('environment-pull-request', () => {
  const PRODUCTION = { allowedEnvironments: ['production'] };

  test.each([
    ['with the workflow pin (job_workflow_ref)', {}],
    ['without it (the ref claim)', { workflowFile: '' }],
  ])(
    'an environment job started from a pull request, %s: one cause, and not "add the ref to allowedBranches"',
    (_how, pin) => {
      const claims = claimsOf({ trigger: inEnvironment('production', 'refs/pull/5/merge') });
      const { decision, causes } = diagnosed(claims, { ...PRODUCTION, ...pin });
      expect(decision.decision).toBe('Deny');
      expect(causes.map((c) => c.id)).toEqual(['environment-pull-request']);
      expect(causes[0].fix[1]).toContain('-c allowPullRequests=true');
    },
  );

  test('the same job on a branch is allowed; with allowPullRequests it is allowed from the pull request too', () => {
    expect(
      diagnosed(claimsOf({ trigger: inEnvironment('production', 'refs/heads/main') }), PRODUCTION).decision.decision,
    ).toBe('Allow');
    const fromPr = claimsOf({ trigger: inEnvironment('production', 'refs/pull/5/merge') });
    expect(diagnosed(fromPr, { ...PRODUCTION, allowPullRequests: true }).decision.decision).toBe('Allow');
    expect(environmentPullRequest(inputFor(fromPr, { ...PRODUCTION, allowPullRequests: true }))).toEqual([]);
  });
});
