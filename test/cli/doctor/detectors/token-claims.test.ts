/**
 * Causes about the rest of the token: its audience, its issuer, the workflow file that ran, a Deny
 * statement; several causes at once, in order; and what no detector explains.
 */
import { diagnose } from '../../../../lib/cli/doctor/diagnose';
import { DETECTORS } from '../../../../lib/cli/doctor/detectors';
import { explicitDeny } from '../../../../lib/cli/doctor/detectors/explicit-deny';
import { noKnownCause, otherFailures } from '../../../../lib/cli/doctor/detectors/unexplained';
import { workflowFile } from '../../../../lib/cli/doctor/detectors/workflow-file';
import { wrongAudience } from '../../../../lib/cli/doctor/detectors/wrong-audience';
import { wrongIssuer } from '../../../../lib/cli/doctor/detectors/wrong-issuer';
import { explainedStatement } from '../../../../lib/cli/doctor/explained-statement';
import { onBranch } from '../../../../lib/iam/github-token';
import { claimsOf, decide, diagnosed, fixtureConfig, FULL_NAME, inputFor, trustPolicyFor } from '../fixtures';

const PINNED = '.github/workflows/deploy-ecr.yml';

describe('wrong-audience', () => {
  it('the token audience and the configure-aws-credentials fix', () => {
    const { causes } = diagnosed(claimsOf({ trigger: onBranch('main'), audience: 'https://github.com/Octo-Org' }));
    expect(causes.map((c) => c.id)).toEqual(['wrong-audience']);
    expect(causes[0].message).toBe(
      'The token has audience "https://github.com/Octo-Org"; the role accepts only "sts.amazonaws.com" (AWS says "Incorrect token audience").',
    );
    expect(causes[0].fix[0]).toContain('remove "audience:" from its "with:"');
  });

  it('the detector finds nothing for the right audience', () => {
    expect(wrongAudience(inputFor(claimsOf({ trigger: onBranch('feature-x') })))).toEqual([]);
  });
});

describe('wrong-issuer', () => {
  it('another issuer, with githubOidcHost as the fix for GHE.com; everything else follows from it', () => {
    const claims = claimsOf({ trigger: onBranch('main'), issuer: 'https://token.actions.acme.ghe.com' });
    const { causes } = diagnosed(claims);
    expect(causes).toHaveLength(1);
    expect(causes[0].id).toBe('wrong-issuer');
    expect(causes[0].message).toContain(
      'The token was issued by https://token.actions.acme.ghe.com, but the role trusts the OIDC provider for token.actions.githubusercontent.com',
    );
    expect(causes[0].fix[0]).toContain('-c githubOidcHost=token.actions.acme.ghe.com');
  });

  it('the detector finds nothing for the trusted issuer', () => {
    expect(wrongIssuer(inputFor(claimsOf({ trigger: onBranch('feature-x') })))).toEqual([]);
  });
});

describe('workflow-file', () => {
  it('another workflow file than the pinned one, with three ways out and the risk of the last', () => {
    const claims = claimsOf({ trigger: onBranch('main'), workflowFile: '.github/workflows/other.yml' });
    const { causes } = diagnosed(claims);
    expect(causes).toHaveLength(1);
    expect(causes[0].id).toBe('workflow-file');
    expect(causes[0].message).toBe(
      `The job runs from .github/workflows/other.yml, but the role trusts only ${PINNED} (workflowFile), so that no other workflow of the repository can push images.`,
    );
    expect(causes[0].fix[0]).toContain(
      `Run the deploy from ${PINNED}: move the job there, or have .github/workflows/other.yml call it as a reusable workflow`,
    );
    expect(causes[0].fix[1]).toContain(
      'or pin the file that runs instead: -c workflowFile=.github/workflows/other.yml (or in cdk.json)',
    );
    expect(causes[0].fix[2]).toContain(
      // Not "remove workflowFile from cdk.json": without the key the default file is pinned.
      'or turn the pin off: -c workflowFile= (or "workflowFile": "" in cdk.json), then deploy (npx cdk deploy with the same settings). Then every workflow file of the repository that runs on a trusted branch, tag or environment can assume the role and push images',
    );
  });

  it('the pinned file called as a reusable workflow at another ref', () => {
    const claims = claimsOf({
      workflowFile: 'ci.yml',
      calledWorkflow: `${FULL_NAME}/${PINNED}@refs/heads/release`,
      trigger: onBranch('main'),
    });
    const [cause, ...others] = diagnosed(claims).causes;
    expect(others).toEqual([]);
    expect(cause.id).toBe('workflow-file');
    expect(cause.message).toBe(
      `The job runs ${PINNED} as it is at refs/heads/release, but for this run the role accepts that file only at refs/heads/main: for branches and tags it trusts the workflow as it is on a trusted ref, not a copy from another ref (a reusable-workflow call such as uses: ${FULL_NAME}/${PINNED}@release).`,
    );
    expect(cause.fix).toEqual([
      `Call the workflow at the run's own ref: jobs.<id>.uses: ./${PINNED},`,
      `or, if ${PINNED} as it is on refs/heads/release should be trusted, add "release" to allowedBranches: -c 'allowedBranches=["main","release"]' (or in cdk.json; that also lets runs on refs/heads/release assume the role), then deploy (npx cdk deploy with the same settings).`,
    ]);
  });

  it("another repository's reusable workflow", () => {
    const claims = claimsOf({
      calledWorkflow: `someone/shared/${PINNED}@refs/heads/main`,
      trigger: onBranch('main'),
    });
    expect(diagnosed(claims).causes[0]).toMatchObject({
      id: 'workflow-file',
      message: `The job runs someone/shared/${PINNED}, a reusable workflow of another repository; the role trusts only ${FULL_NAME}'s own ${PINNED} (workflowFile).`,
    });
  });

  it('an untrusted branch of the pinned file: the branch is the cause, job_workflow_ref only follows from it', () => {
    const claims = claimsOf({ trigger: onBranch('feature-x') });
    const decision = decide(trustPolicyFor(fixtureConfig()), claims);
    const failures = explainedStatement(decision, claims)?.statement.mismatches ?? [];
    expect(failures.map((f) => (f.element === 'Condition' ? f.key : f.element))).toEqual([
      'token.actions.githubusercontent.com:sub',
      'token.actions.githubusercontent.com:job_workflow_ref',
    ]);
    expect(workflowFile(inputFor(claims))).toEqual([]);
    expect(diagnose(decision, claims, fixtureConfig()).map((c) => c.id)).toEqual(['branch-not-allowed']);
  });
});

describe('several causes, and the order of the detectors', () => {
  it('two causes at once: a wrong audience on an untrusted branch', () => {
    const claims = claimsOf({ trigger: onBranch('develop'), audience: 'https://github.com/Octo-Org' });
    expect(diagnosed(claims).causes.map((c) => c.id)).toEqual(['wrong-audience', 'branch-not-allowed']);
  });

  it('the issuer first, then the audience, the repository, the run, the workflow file, the rest', () => {
    const names = DETECTORS.map((d) => d.name);
    expect(names.slice(0, 3)).toEqual(['explicitDeny', 'wrongIssuer', 'wrongAudience']);
    expect(names.indexOf('otherRepository')).toBeLessThan(names.indexOf('refNotAllowed'));
    expect(names.indexOf('refNotAllowed')).toBeLessThan(names.indexOf('workflowFile'));
    expect(names.slice(-2)).toEqual(['otherFailures', 'noKnownCause']);
  });
});

describe('explicit-deny', () => {
  it('a Deny statement is named as such, and is the only cause', () => {
    const config = fixtureConfig();
    const claims = claimsOf({ trigger: onBranch('main') });
    const decision = decide({ Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:*' }] }, claims);
    expect(diagnose(decision, claims, config)).toEqual([
      { id: 'explicit-deny', message: 'Statement 0 of the trust policy explicitly denies this token.', fix: [] },
    ]);
    expect(explicitDeny(inputFor(claimsOf({ trigger: onBranch('feature-x') })))).toEqual([]);
  });
});

describe('what no detector explains', () => {
  it('another failing condition is described as the evaluator sees it', () => {
    const claims = claimsOf({ trigger: onBranch('main') });
    const config = fixtureConfig();
    const policy = trustPolicyFor(config);
    const [statement] = policy.Statement as Array<{ Condition: Record<string, Record<string, string>> }>;
    statement.Condition.StringEquals['token.actions.githubusercontent.com:actor'] = 'someone';
    const decision = decide(policy, claims);
    expect(diagnose(decision, claims, config)).toEqual([
      {
        id: 'unrecognised',
        message: expect.stringMatching(/^The trust policy refuses it: .*token\.actions\.githubusercontent\.com:actor/),
        fix: [],
      },
    ]);
  });

  it('a deny with nothing found says so, and only then', () => {
    const input = inputFor(claimsOf({ trigger: onBranch('feature-x') }));
    expect(noKnownCause(input)).toEqual([
      { id: 'unrecognised', message: 'No condition of the trust policy names a cause this doctor knows.', fix: [] },
    ]);
    expect(noKnownCause({ ...input, found: [{ id: 'pull-request', message: 'x', fix: [] }] })).toEqual([]);
    expect(otherFailures(input)).toEqual([]);
  });
});
