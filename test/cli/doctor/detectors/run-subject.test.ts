/**
 * Causes about the run itself: a branch, tag, environment or pull request the role does not trust,
 * or a subject GitHub does not send. diagnose and the detectors are called directly, on claims as
 * GitHub builds them and the trust policy the fixture settings render.
 */
import { environmentSubject } from '../../../../lib/cli/doctor/detectors/environment-subject';
import { otherSubject } from '../../../../lib/cli/doctor/detectors/other-subject';
import { pullRequest } from '../../../../lib/cli/doctor/detectors/pull-request';
import { refNotAllowed } from '../../../../lib/cli/doctor/detectors/ref-not-allowed';
import { runExitCode } from '../../../../lib/cli/doctor/json-report';
import { runReport } from '../../../../lib/cli/doctor/run-report';
import {
  GitHubOidcClaims,
  inEnvironment,
  onBranch,
  onPullRequest,
  onRef,
  onTag,
} from '../../../../lib/iam/github-token';
import { asToken, claimsOf, diagnosed, findingsFor, FULL_NAME, HEADER, IDS, inputFor } from '../fixtures';

const WITH_IDS = { ownerId: IDS.githubOwnerId, repositoryId: IDS.githubRepositoryId };

describe('allowed runs', () => {
  it.each<[string, GitHubOidcClaims, Record<string, unknown>]>([
    ['a trusted branch', claimsOf({ trigger: onBranch('main') }), {}],
    ['the same branch as a full ref', claimsOf({ trigger: onRef('refs/heads/main') }), {}],
    [
      'IDs configured, immutable sub',
      claimsOf({ trigger: onBranch('main'), ...WITH_IDS, subjectFormat: 'immutable' }),
      IDS,
    ],
    [
      'a trusted environment',
      claimsOf({ trigger: inEnvironment('production') }),
      { allowedEnvironments: '["production"]' },
    ],
    ['a tag matching allowedTags', claimsOf({ trigger: onTag('v1.2.0') }), { allowedTags: '["v*"]' }],
    ['a pull request with allowPullRequests', claimsOf({ trigger: onPullRequest(1) }), { allowPullRequests: 'true' }],
    // IDs configured: the name form is accepted too (tied to the ID claims)
    ['IDs configured, name-form sub', claimsOf({ trigger: onBranch('main'), ...WITH_IDS, subjectFormat: 'name' }), IDS],
    [
      'an environment with ":" in its name',
      claimsOf({ trigger: inEnvironment('eu:prod') }),
      { allowedEnvironments: '["eu:prod"]' },
    ],
    // Pinning turned off: any workflow file on a trusted branch
    [
      'another workflow file with the pin off',
      claimsOf({ trigger: onBranch('main'), workflowFile: '.github/workflows/other.yml' }),
      { workflowFile: '' },
    ],
  ])('%s → ALLOW, exit 0, no cause', (_, claims, overrides) => {
    const { decision, causes } = diagnosed(claims, overrides);
    expect(decision.decision).toBe('Allow');
    expect(causes).toEqual([]);
    const findings = findingsFor(asToken(claims), overrides);
    expect(runExitCode(findings)).toBe(0);
    const printed = runReport(findings, HEADER);
    expect(printed).toMatch(/^ALLOW: the trust policy lets this run assume test-github-actions/m);
    expect(printed).not.toMatch(/Cause \[/);
  });
});

describe('branch-not-allowed', () => {
  it('names the branch, the list, and the -c to add it', () => {
    const { causes } = diagnosed(claimsOf({ trigger: onBranch('feature-x') }));
    expect(causes).toHaveLength(1);
    expect(causes[0].id).toBe('branch-not-allowed');
    expect(causes[0].message).toContain('Branch "feature-x" is not in allowedBranches (["main"])');
    expect(causes[0].fix[0]).toContain(
      `Add "feature-x" to allowedBranches: -c 'allowedBranches=["main","feature-x"]' (or in cdk.json)`,
    );
  });

  it('keeps the configured list, wildcards included', () => {
    const { causes } = diagnosed(claimsOf({ trigger: onBranch('hotfix/1') }), {
      allowedBranches: '["main","release/*"]',
    });
    expect(causes[0].id).toBe('branch-not-allowed');
    expect(causes[0].fix[0]).toContain(`-c 'allowedBranches=["main","release/*","hotfix/1"]'`);
  });

  it('a role that trusts only an environment: the fix is to run the job in it, not to trust the branch', () => {
    const { causes } = diagnosed(claimsOf({ trigger: onBranch('main') }), {
      allowedBranches: '[]',
      allowedEnvironments: '["prod"]',
    });
    expect(causes.map((c) => c.id)).toEqual(['branch-not-allowed']);
    expect(causes[0].fix[0]).toBe(
      'Run the job in environment "prod" (environment: prod on the job that assumes the role): its token then names the environment, which the role trusts, and the environment\'s protection rules decide which branches deploy;',
    );
    expect(causes[0].fix[1]).toMatch(
      /^or add "main" to allowedBranches, which lets runs on it skip the environment's protection: -c 'allowedBranches=\["main"\]'/,
    );
    expect(causes[0].fix.join(' ')).not.toContain('trusted branch');
    // The last option ends the list.
    expect(causes[0].fix).toHaveLength(2);
    expect(causes[0].fix[1]).toMatch(/\)\.$/);
  });

  it('a new trusted branch must also start the workflow', () => {
    const { causes } = diagnosed(claimsOf({ trigger: onBranch('feature-x') }));
    expect(causes[0].fix[0]).toMatch(/, then deploy .*; the workflow must also run on it \(on\.push\.branches; /);
  });

  it('the detector finds nothing for a trusted branch, and names only branches', () => {
    expect(refNotAllowed(inputFor(claimsOf({ trigger: onBranch('main') })))).toEqual([]);
    expect(refNotAllowed(inputFor(claimsOf({ trigger: onPullRequest(3) })))).toEqual([]);
    expect(refNotAllowed(inputFor(claimsOf({ trigger: onBranch('x') })))).toEqual([
      expect.objectContaining({ id: 'branch-not-allowed' }),
    ]);
  });
});

describe('tag-not-allowed', () => {
  it('suggests the tag or a pattern for allowedTags', () => {
    const { causes } = diagnosed(claimsOf({ trigger: onTag('v1.0.0') }));
    expect(causes.map((c) => c.id)).toEqual(['tag-not-allowed']);
    expect(causes[0].message).toContain('Tag "v1.0.0" is not in allowedTags ([])');
    expect(causes[0].fix[0]).toContain(
      `Add "v1.0.0" (or a pattern such as "v*") to allowedTags: -c 'allowedTags=["v1.0.0"]'`,
    );
  });

  it('another kind of ref is not trusted, in words', () => {
    const [cause] = refNotAllowed(inputFor(claimsOf({ trigger: onRef('refs/notes/x') })));
    expect(cause).toEqual({
      id: 'unrecognised',
      message: 'Runs on refs/notes/x are not trusted; the role trusts branch "main".',
      fix: [],
    });
  });
});

describe('environment-subject', () => {
  it('explains that the environment replaces the branch in sub', () => {
    const claims = claimsOf({ trigger: inEnvironment('production', 'refs/heads/main') });
    expect(claims.sub).toBe(`repo:${FULL_NAME}:environment:production`);
    const { causes } = diagnosed(claims);
    expect(causes.map((c) => c.id)).toEqual(['environment-subject']);
    expect(causes[0].message).toBe(
      'The job names environment "production", so GitHub puts "environment:production" in sub instead of the branch (an environment replaces the ref in sub); the role trusts branch "main", and no environment.',
    );
    expect(causes[0].fix[0]).toContain('Remove "environment:" from the job that assumes the role');
    expect(causes[0].fix[1]).toContain(`-c 'allowedEnvironments=["production"]'`);
  });

  it('with other environments trusted: add this one', () => {
    const { causes } = diagnosed(claimsOf({ trigger: inEnvironment('staging') }), {
      allowedEnvironments: '["production"]',
    });
    expect(causes[0]).toMatchObject({
      id: 'environment-subject',
      message: expect.stringContaining('Environment "staging" is not in allowedEnvironments (["production"])'),
    });
    expect(causes[0].fix[0]).toContain(`-c 'allowedEnvironments=["production","staging"]'`);
  });

  it('the detector finds nothing for a branch run', () => {
    expect(environmentSubject(inputFor(claimsOf({ trigger: onBranch('feature-x') })))).toEqual([]);
  });
});

describe('pull-request', () => {
  it('names the PR subject and both fixes', () => {
    const claims = claimsOf({ trigger: onPullRequest(42) });
    expect(claims.sub).toBe(`repo:${FULL_NAME}:pull_request`);
    const { causes } = diagnosed(claims);
    expect(causes.map((c) => c.id)).toEqual(['pull-request']);
    expect(causes[0].message).toContain('This is a pull-request run');
    expect(causes[0].fix[0]).toContain("if: github.event_name == 'push'");
    expect(causes[0].fix[1]).toContain('-c allowPullRequests=true');
  });

  it('the detector finds nothing when pull requests are trusted', () => {
    expect(pullRequest(inputFor(claimsOf({ trigger: onPullRequest(42) }), { allowPullRequests: 'true' }))).toEqual([]);
  });
});

describe('unrecognised subjects', () => {
  it('a sub GitHub does not send still reports the failing condition', () => {
    const claims = { ...claimsOf({ trigger: onBranch('main') }), sub: `repo:${FULL_NAME}:job_workflow_ref:x` };
    const { causes } = diagnosed(claims);
    expect(causes[0]).toMatchObject({
      id: 'unrecognised',
      message: expect.stringContaining(
        'The token\'s sub ends in "job_workflow_ref:x", which is not a branch, tag, environment or pull request',
      ),
    });
    expect(otherSubject(inputFor(claims))).toEqual([causes[0]]);
  });

  it('a token without sub says so', () => {
    const { sub: _, ...claims } = claimsOf({ trigger: onBranch('main') });
    expect(diagnosed(claims).causes).toEqual([{ id: 'unrecognised', message: 'The token has no sub claim.', fix: [] }]);
  });
});
