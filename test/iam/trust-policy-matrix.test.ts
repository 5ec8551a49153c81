/**
 * What the synthesized trust policy means: GitHub tokens, built the way GitHub builds them, are
 * evaluated against the role's AssumeRolePolicyDocument (as CloudFormation would deploy it in
 * account 123456789012) by an evaluator that shares no code with the one that renders the policy.
 *
 * Longer than ~300 lines on purpose: it is the who-may-assume matrix, one table per kind of run.
 *
 * Each table reads as a spec: the run, then whether STS lets it assume the role, and for a deny
 * which check refuses it: the claim whose condition fails first, or the principal, in the Allow
 * statement that comes closest (statements are ORed; with workflowFile set there is one per kind
 * of subject, so a run is refused by the statement for its kind when its sub matches one).
 *
 * Tokens are built as GitHub builds them (lib/iam/github-token.ts), including reusable-workflow
 * calls, where job_workflow_ref names the called file and its ref while sub and ref describe the
 * calling run. `forged` tokens are ones GitHub would not issue, to probe one condition at a time.
 *
 * Built on the fixture settings (test/support/fixture-settings.ts), not cdk.json's sample. Longer
 * than ~300 lines on purpose: one table per setting, all read with the same few helpers.
 */
import { resourcesOfType, trustPolicyOf } from '../../lib/iam/cfn-template';
import {
  githubClaims,
  GitHubOidcClaims,
  GitHubRunSpec,
  GitHubTrigger,
  inEnvironment,
  onBranch,
  onPullRequest,
  onRef,
  onTag,
} from '../../lib/iam/github-token';
import { PolicyDocument } from '../../lib/iam/policy-evaluator';
import { ACCOUNT, assumeRole, synthesize, SynthesizedStack } from './stack-fixture';

const OWNER = 'Octo-Org';
const REPO = 'octo-service';
const HOST = 'token.actions.githubusercontent.com';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`;

/** A run of the configured repository (or, with `spec`, of another one or in another form). */
function run(trigger: GitHubTrigger, spec: Partial<GitHubRunSpec> = {}): GitHubOidcClaims {
  return githubClaims({ owner: OWNER, repository: REPO, trigger, ...spec });
}

/** Same as `run`, with some claims replaced: tokens GitHub would not issue, to probe one condition at a time. */
function forged(base: GitHubOidcClaims, claims: Partial<GitHubOidcClaims>): GitHubOidcClaims {
  return { ...base, ...claims };
}

/**
 * Condition keys STS accepts for GitHub's issuer (`HOST:claim`), as the AWS Service Authorization
 * Reference lists them in 2026: written here, not taken from lib/iam, so that the test holds the
 * stack to AWS's list rather than to the project's own.
 */
const STS_GITHUB_CLAIMS = [
  'aud',
  'sub',
  'actor',
  'actor_id',
  'enterprise_id',
  'environment',
  'job_workflow_ref',
  'ref',
  'repository',
  'repository_id',
  'repository_owner_id',
  'workflow',
];

/** Which check refuses a run: the claim whose condition fails first, or the principal. */
type Refusal = 'Principal' | 'aud' | 'sub' | 'job_workflow_ref' | 'repository_id' | 'repository_owner_id';
/** `allow`: STS lets the run assume the role; otherwise it denies it, refused by that check. */
type Expect = 'allow' | Refusal;
type Row = [run: string, claims: GitHubOidcClaims, expected: Expect];

/** Puts the expectation second, spelt as the decision, so that test titles read "run → Allow" or "run → Deny (sub)". */
function spec(rows: Row[]): Array<[string, string, GitHubOidcClaims, Expect]> {
  return rows.map(([name, claims, expected]) => [
    name,
    expected === 'allow' ? 'Allow' : `Deny (${expected})`,
    claims,
    expected,
  ]);
}

/**
 * Asserts STS's decision for the run: Allow, or an implicit Deny; for a deny, also the check that
 * refuses it (in the Allow statement that comes closest), so a row cannot pass for the wrong reason.
 */
function check(stack: () => SynthesizedStack, claims: GitHubOidcClaims, expected: Expect): void {
  const d = assumeRole(stack(), claims);
  const f = d.firstFailure;
  const refusedBy = f && (f.element === 'Condition' ? f.key.slice(f.key.lastIndexOf(':') + 1) : f.element);
  if (expected === 'allow') {
    expect({ decision: d.decision, refusedBy }).toEqual({ decision: 'Allow', refusedBy: undefined });
  } else {
    expect({ decision: d.decision, reason: d.reason, refusedBy }).toEqual({
      decision: 'Deny',
      reason: 'implicit-deny',
      refusedBy: expected,
    });
  }
}

/** The sub values a policy accepts, over all its statements, for readable assertions. */
function acceptedSubs(policy: PolicyDocument): string[] {
  return statementsOf(policy).flatMap((statement) =>
    Object.values(statement.Condition).flatMap((block) => [block[`${HOST}:sub`] ?? []].flat()),
  );
}

type TrustStatement = { Condition: Record<string, Record<string, string | string[]>> };
function statementsOf(policy: PolicyDocument): TrustStatement[] {
  return policy.Statement as TrustStatement[];
}

/** Whether any statement names the claim in a condition. */
function pinsClaim(policy: PolicyDocument, claim: string): boolean {
  return statementsOf(policy).some((s) => Object.values(s.Condition).some((block) => `${HOST}:${claim}` in block));
}

/** The fixture's workflowFile (the default): the only workflow file that may assume the role. */
const FILE = '.github/workflows/deploy-ecr.yml';
/** `job_workflow_ref` of a job that calls this repository's deploy-ecr.yml as a reusable workflow at `ref`. */
const called = (ref: string, repository = `${OWNER}/${REPO}`) => ({ calledWorkflow: `${repository}/${FILE}@${ref}` });

describe('the fixture settings: pushes to main, from .github/workflows/deploy-ecr.yml only', () => {
  const stack = () => synthesize();
  const main = run(onBranch('main'));

  it.each(
    spec([
      ['deploy-ecr.yml, push to main', main, 'allow'],
      ['deploy-ecr.yml, workflow_dispatch on main', run(onRef('refs/heads/main', 'workflow_dispatch')), 'allow'],
      // Other runs of the repository
      ['push to develop', run(onBranch('develop')), 'sub'],
      ['push to "mainline" (main is not a prefix)', run(onBranch('mainline')), 'sub'],
      ['push to feature/main', run(onBranch('feature/main')), 'sub'],
      ['push to Main (case)', run(onBranch('Main')), 'sub'],
      ['tag named main', run(onTag('main')), 'sub'],
      ['tag v1.0.0', run(onTag('v1.0.0')), 'sub'],
      ['pull request from a branch', run(onPullRequest(7, 'feature-x')), 'sub'],
      ['pull request whose head is main', run(onPullRequest(8, 'main', 'develop')), 'sub'],
      ['job with environment production on main', run(inEnvironment('production', 'refs/heads/main')), 'sub'],
      ['job with an environment named main', run(inEnvironment('main', 'refs/heads/main')), 'sub'],
      // Other workflows of the repository on main (workflowFile pins deploy-ecr.yml)
      ['other.yml, push to main', run(onBranch('main'), { workflowFile: 'other.yml' }), 'job_workflow_ref'],
      [
        'deploy-ecr.yaml (other extension), push to main',
        run(onBranch('main'), { workflowFile: 'deploy-ecr.yaml' }),
        'job_workflow_ref',
      ],
      [
        'scheduled.yml on main (schedule runs on the default branch)',
        run(onRef('refs/heads/main', 'schedule'), { workflowFile: 'scheduled.yml' }),
        'job_workflow_ref',
      ],
      // Reusable-workflow calls: job_workflow_ref names the called file and its ref; sub the caller's run
      [
        'ci.yml on main calling ./deploy-ecr.yml (same ref)',
        run(onBranch('main'), { workflowFile: 'ci.yml', ...called('refs/heads/main') }),
        'allow',
      ],
      [
        'a run on main calling deploy-ecr.yml@develop',
        run(onBranch('main'), called('refs/heads/develop')),
        'job_workflow_ref',
      ],
      [
        'a run on main calling deploy-ecr.yml@v1 (a tag)',
        run(onBranch('main'), called('refs/tags/v1')),
        'job_workflow_ref',
      ],
      [
        "a run on main calling another repository's deploy-ecr.yml",
        run(onBranch('main'), called('refs/heads/main', 'someone/other')),
        'job_workflow_ref',
      ],
      [
        'a run on main calling deploy-ecr.yml of octo-service-evil',
        run(onBranch('main'), called('refs/heads/main', `${OWNER}/octo-service-evil`)),
        'job_workflow_ref',
      ],
      // Look-alike repositories and organisations
      ['octo-service-evil on main', run(onBranch('main'), { repository: 'octo-service-evil' }), 'sub'],
      ['octo-service2 on main', run(onBranch('main'), { repository: 'octo-service2' }), 'sub'],
      ['octo-servic on main', run(onBranch('main'), { repository: 'octo-servic' }), 'sub'],
      ['Octo-Service (case) on main', run(onBranch('main'), { repository: 'Octo-Service' }), 'sub'],
      ['Octo-Org-evil/octo-service on main', run(onBranch('main'), { owner: 'Octo-Org-evil' }), 'sub'],
      ['octo-org/octo-service (case) on main', run(onBranch('main'), { owner: 'octo-org' }), 'sub'],
      ['another repository on main', run(onBranch('main'), { owner: 'someone', repository: 'other' }), 'sub'],
      // Token problems
      [
        "GitHub's default audience (no audience: input)",
        run(onBranch('main'), { audience: `https://github.com/${OWNER}` }),
        'aud',
      ],
      ['a token with no sub', forged(main, { sub: undefined }), 'sub'],
      ['a token with no aud', forged(main, { aud: undefined }), 'aud'],
      ['a token with no job_workflow_ref', forged(main, { job_workflow_ref: undefined }), 'job_workflow_ref'],
      ['a sub with text appended', forged(main, { sub: `${main.sub}:x` }), 'sub'],
      [
        'another issuer (no provider in the account for it)',
        run(onBranch('main'), { issuer: 'https://token.actions.evil.example' }),
        'Principal',
      ],
      [
        'a GitHub Enterprise data-residency issuer',
        run(onBranch('main'), { issuer: 'https://token.actions.acme.ghe.com' }),
        'Principal',
      ],
      // The July 2026 format: without configured IDs the role does not match it.
      ['immutable-ID sub for this repository', run(onBranch('main'), { subjectFormat: 'immutable' }), 'sub'],
    ]),
  )('%s → %s', (_name, _title, claims, expected) => check(stack, claims, expected));

  it('trusts the provider the stack creates, in the account it is deployed to, in one statement', () => {
    const { template, trustPolicy } = stack();
    expect(resourcesOfType(template, 'AWS::IAM::OIDCProvider')).toHaveLength(1);
    expect(trustPolicy.Statement).toEqual([expect.objectContaining({ Principal: { Federated: PROVIDER_ARN } })]);
  });
});

describe('workflowFile= (pinning turned off)', () => {
  const stack = () => synthesize({ workflowFile: '' });

  it('pins no job_workflow_ref', () => {
    expect(pinsClaim(stack().trustPolicy, 'job_workflow_ref')).toBe(false);
  });

  it.each(
    spec([
      ['deploy-ecr.yml, push to main', run(onBranch('main')), 'allow'],
      // What the pin prevents: any workflow file on a trusted branch may assume the role.
      ['other.yml, push to main', run(onBranch('main'), { workflowFile: 'other.yml' }), 'allow'],
      [
        "a run on main calling another repository's reusable workflow",
        run(onBranch('main'), called('refs/heads/develop', 'someone/other')),
        'allow',
      ],
      ['other.yml, push to develop', run(onBranch('develop'), { workflowFile: 'other.yml' }), 'sub'],
      ['octo-service-evil on main', run(onBranch('main'), { repository: 'octo-service-evil' }), 'sub'],
    ]),
  )('%s → %s', (_name, _title, claims, expected) => check(stack, claims, expected));
});

describe('branches, tags and an environment: main, release/*, v*, production (deploy-ecr.yml pinned)', () => {
  const stack = () =>
    synthesize({
      allowedBranches: '["main","release/*"]',
      allowedTags: '["v*"]',
      allowedEnvironments: '["production"]',
    });

  it('has one statement for branches and tags and one for the environment', () => {
    const subs = statementsOf(stack().trustPolicy).map((s) =>
      Object.values(s.Condition).flatMap((block) => [block[`${HOST}:sub`] ?? []].flat()),
    );
    expect(subs).toEqual([
      [
        `repo:${OWNER}/${REPO}:ref:refs/heads/main`,
        `repo:${OWNER}/${REPO}:ref:refs/heads/release/*`,
        `repo:${OWNER}/${REPO}:ref:refs/tags/v*`,
      ],
      [`repo:${OWNER}/${REPO}:environment:production`],
    ]);
  });

  it.each(
    spec([
      ['push to main', run(onBranch('main')), 'allow'],
      ['push to release/1.2', run(onBranch('release/1.2')), 'allow'],
      // IAM's "*" spans "/": a nested release branch is trusted too (documented behaviour).
      ['push to release/1.2/hotfix', run(onBranch('release/1.2/hotfix')), 'allow'],
      ['tag v1.2.0', run(onTag('v1.2.0')), 'allow'],
      ['tag v2', run(onTag('v2')), 'allow'],
      ['job with environment production (on develop)', run(inEnvironment('production', 'refs/heads/develop')), 'allow'],
      // The environment's own deployment-branch rules decide which refs may use it.
      [
        'job with environment production on feature-x',
        run(inEnvironment('production', 'refs/heads/feature-x')),
        'allow',
      ],
      ['push to releasex', run(onBranch('releasex')), 'sub'],
      ['push to release (no slash)', run(onBranch('release')), 'sub'],
      ['push to hotfix/release/1', run(onBranch('hotfix/release/1')), 'sub'],
      ['push to Release/1.2 (case)', run(onBranch('Release/1.2')), 'sub'],
      ['push to develop', run(onBranch('develop')), 'sub'],
      ['tag 1.0.0', run(onTag('1.0.0')), 'sub'],
      ['tag rc-v1', run(onTag('rc-v1')), 'sub'],
      ['tag V1 (case)', run(onTag('V1')), 'sub'],
      ['branch named v1 (a tag pattern)', run(onBranch('v1')), 'sub'],
      ['tag named release/1 (a branch pattern)', run(onTag('release/1')), 'sub'],
      ['job with environment staging', run(inEnvironment('staging')), 'sub'],
      ['job with environment production-evil', run(inEnvironment('production-evil')), 'sub'],
      ['job with environment Production (case)', run(inEnvironment('Production')), 'sub'],
      ['job with environment "production:x" (":" arrives as %3A)', run(inEnvironment('production:x')), 'sub'],
      ['pull request', run(onPullRequest(3, 'release/9')), 'sub'],
      ['octo-service-evil on release/1', run(onBranch('release/1'), { repository: 'octo-service-evil' }), 'sub'],
      ['octo-service2 with tag v1', run(onTag('v1'), { repository: 'octo-service2' }), 'sub'],
      [
        'Octo-Org-evil with environment production',
        run(inEnvironment('production'), { owner: 'Octo-Org-evil' }),
        'sub',
      ],
      ['octo-org on release/1 (case)', run(onBranch('release/1'), { owner: 'octo-org' }), 'sub'],
      ['wrong audience on release/1', run(onBranch('release/1'), { audience: 'sts.amazonaws.com.evil' }), 'aud'],
      // Other workflow files, for each kind of subject
      ['other.yml on release/1.2', run(onBranch('release/1.2'), { workflowFile: 'other.yml' }), 'job_workflow_ref'],
      ['other.yml for tag v3', run(onTag('v3'), { workflowFile: 'other.yml' }), 'job_workflow_ref'],
      [
        'other.yml in environment production',
        run(inEnvironment('production'), { workflowFile: 'other.yml' }),
        'job_workflow_ref',
      ],
      // Reusable calls: the branch/tag statement takes deploy-ecr.yml only as it is on a trusted ref.
      [
        'a run on main calling deploy-ecr.yml@develop',
        run(onBranch('main'), called('refs/heads/develop')),
        'job_workflow_ref',
      ],
      [
        'a run on release/1 calling deploy-ecr.yml@feature-x',
        run(onBranch('release/1'), called('refs/heads/feature-x')),
        'job_workflow_ref',
      ],
      // sub and job_workflow_ref are matched independently within a statement: the file as it is on
      // one trusted ref may run for another trusted ref.
      [
        'a run on main calling deploy-ecr.yml@release/2 (both trusted)',
        run(onBranch('main'), called('refs/heads/release/2')),
        'allow',
      ],
      [
        'a job in environment production calling deploy-ecr.yml@develop',
        run(inEnvironment('production'), called('refs/heads/develop')),
        'allow',
      ],
    ]),
  )('%s → %s', (_name, _title, claims, expected) => check(stack, claims, expected));

  it('keeps every wildcard inside the ref: each accepted sub names this repository literally', () => {
    for (const sub of acceptedSubs(stack().trustPolicy)) {
      expect(sub.startsWith(`repo:${OWNER}/${REPO}:`)).toBe(true);
    }
  });
});

describe('an environment whose name holds ":" (allowedEnvironments=["eu:prod"])', () => {
  const stack = () => synthesize({ allowedEnvironments: '["eu:prod"]' });
  const euProd = run(inEnvironment('eu:prod', 'refs/heads/main'));

  it('trusts the escaped form GitHub sends', () => {
    expect(acceptedSubs(stack().trustPolicy)).toContain(`repo:${OWNER}/${REPO}:environment:eu%3Aprod`);
    expect(acceptedSubs(stack().trustPolicy)).not.toContain(`repo:${OWNER}/${REPO}:environment:eu:prod`);
  });

  it.each(
    spec([
      ['job in environment eu:prod (sub environment:eu%3Aprod)', euProd, 'allow'],
      [
        'a sub with environment:eu:prod unescaped',
        forged(euProd, { sub: `repo:${OWNER}/${REPO}:environment:eu:prod` }),
        'sub',
      ],
      ['job in environment eu', run(inEnvironment('eu', 'refs/heads/main')), 'sub'],
      ['job in environment eu:prod-x', run(inEnvironment('eu:prod-x', 'refs/heads/main')), 'sub'],
      [
        'other.yml in environment eu:prod',
        run(inEnvironment('eu:prod', 'refs/heads/main'), { workflowFile: 'other.yml' }),
        'job_workflow_ref',
      ],
      ['push to main (still trusted)', run(onBranch('main')), 'allow'],
    ]),
  )('%s → %s', (_name, _title, claims, expected) => check(stack, claims, expected));
});

describe('allowPullRequests=true (deploy-ecr.yml pinned)', () => {
  const stack = () => synthesize({ allowPullRequests: 'true' });

  it.each(
    spec([
      ['pull request running deploy-ecr.yml', run(onPullRequest(12)), 'allow'],
      ['push to main', run(onBranch('main')), 'allow'],
      ['pull request running other.yml', run(onPullRequest(12), { workflowFile: 'other.yml' }), 'job_workflow_ref'],
      [
        'pull request calling deploy-ecr.yml@develop',
        run(onPullRequest(12), called('refs/heads/develop')),
        'job_workflow_ref',
      ],
      ['push to develop', run(onBranch('develop')), 'sub'],
      ['pull request in octo-service-evil', run(onPullRequest(12), { repository: 'octo-service-evil' }), 'sub'],
      ['pull request in Octo-Org-evil/octo-service', run(onPullRequest(12), { owner: 'Octo-Org-evil' }), 'sub'],
    ]),
  )('%s → %s', (_name, _title, claims, expected) => check(stack, claims, expected));
});

describe('immutable IDs configured (githubOwnerId=1001, githubRepositoryId=2002)', () => {
  const stack = () => synthesize({ githubOwnerId: '1001', githubRepositoryId: '2002' });
  const ids = { ownerId: '1001', repositoryId: '2002', subjectFormat: 'immutable' } as const;
  const byName = { ...ids, subjectFormat: 'name' } as const;
  const main = run(onBranch('main'), ids);

  it.each(
    spec([
      ['ID-format sub, push to main', main, 'allow'],
      // Repositories from before 2026-07-15 keep the name form until they opt in: still tied to the IDs.
      ['name-format sub with the right ID claims, push to main', run(onBranch('main'), byName), 'allow'],
      ['ID-format sub, push to develop', run(onBranch('develop'), ids), 'sub'],
      ['name-format sub, push to develop', run(onBranch('develop'), byName), 'sub'],
      // Recycled names: same names, other IDs (a deleted repository or organisation re-created)
      ['recycled repository name, ID-format sub', run(onBranch('main'), { ...ids, repositoryId: '9999' }), 'sub'],
      ['recycled organisation name, ID-format sub', run(onBranch('main'), { ...ids, ownerId: '7777' }), 'sub'],
      [
        'recycled names, ID-format sub',
        run(onBranch('main'), { ...ids, ownerId: '7777', repositoryId: '9999' }),
        'sub',
      ],
      [
        'recycled repository name, name-format sub',
        run(onBranch('main'), { ...byName, repositoryId: '9999' }),
        'repository_id',
      ],
      [
        'recycled organisation name, name-format sub',
        run(onBranch('main'), { ...byName, ownerId: '7777' }),
        'repository_owner_id',
      ],
      [
        'recycled names, name-format sub',
        run(onBranch('main'), { ...byName, ownerId: '7777', repositoryId: '9999' }),
        'repository_id',
      ],
      // Hand-made tokens probing one condition at a time
      ['right sub, wrong repository_id claim', forged(main, { repository_id: '9999' }), 'repository_id'],
      [
        'right sub, wrong repository_owner_id claim',
        forged(main, { repository_owner_id: '7777' }),
        'repository_owner_id',
      ],
      ['right sub, no repository_id claim', forged(main, { repository_id: undefined }), 'repository_id'],
      [
        'name-format sub, no repository_owner_id claim',
        forged(run(onBranch('main'), byName), { repository_owner_id: undefined }),
        'repository_owner_id',
      ],
      // Look-alikes
      [
        'octo-service-evil with its own IDs',
        run(onBranch('main'), { ...ids, repository: 'octo-service-evil', repositoryId: '3003' }),
        'sub',
      ],
      [
        'octo-service-evil with its own IDs, name-format sub',
        run(onBranch('main'), { ...byName, repository: 'octo-service-evil', repositoryId: '3003' }),
        'sub',
      ],
      ['octo-org (case) with the right IDs', run(onBranch('main'), { ...ids, owner: 'octo-org' }), 'sub'],
      [
        'octo-org (case) with the right IDs, name-format sub',
        run(onBranch('main'), { ...byName, owner: 'octo-org' }),
        'sub',
      ],
      ['pull request', run(onPullRequest(4), ids), 'sub'],
      ['other.yml on main', run(onBranch('main'), { ...ids, workflowFile: 'other.yml' }), 'job_workflow_ref'],
    ]),
  )('%s → %s', (_name, _title, claims, expected) => check(stack, claims, expected));

  it('accepts both sub forms and pins both ID claims with StringEquals', () => {
    const [statement] = statementsOf(stack().trustPolicy);
    expect(acceptedSubs(stack().trustPolicy)).toEqual([
      `repo:${OWNER}@1001/${REPO}@2002:ref:refs/heads/main`,
      `repo:${OWNER}/${REPO}:ref:refs/heads/main`,
    ]);
    expect(statement.Condition.StringEquals).toMatchObject({
      [`${HOST}:repository_id`]: '2002',
      [`${HOST}:repository_owner_id`]: '1001',
    });
  });

  it('refuses a recycled name on the ID claims, in either sub form', () => {
    const failedKeys = (claims: GitHubOidcClaims) =>
      assumeRole(stack(), claims).statement!.mismatches.map((m) => (m.element === 'Condition' ? m.key : m.element));
    expect(failedKeys(run(onBranch('main'), { ...ids, repositoryId: '9999' }))).toEqual([
      `${HOST}:sub`,
      `${HOST}:repository_id`,
    ]);
    expect(failedKeys(run(onBranch('main'), { ...byName, ownerId: '7777', repositoryId: '9999' }))).toEqual([
      `${HOST}:repository_id`,
      `${HOST}:repository_owner_id`,
    ]);
  });
});

describe("createOidcProvider=false: import the account's existing provider", () => {
  const stack = () => synthesize({ createOidcProvider: 'false' });

  it('creates no provider', () => {
    expect(resourcesOfType(stack().template, 'AWS::IAM::OIDCProvider')).toEqual([]);
  });

  it("trusts the account's provider for the GitHub issuer", () => {
    expect(stack().trustPolicy.Statement).toEqual([
      expect.objectContaining({ Principal: { Federated: PROVIDER_ARN } }),
    ]);
  });

  it('builds that ARN from the deployment partition and account, not from values fixed at synth', () => {
    const { template, roleId } = stack();
    const elsewhere = trustPolicyOf(template, roleId, {
      account: '210987654321',
      region: 'cn-north-1',
      partition: 'aws-cn',
    });
    expect(elsewhere.Statement).toEqual([
      expect.objectContaining({ Principal: { Federated: `arn:aws-cn:iam::210987654321:oidc-provider/${HOST}` } }),
    ]);
  });

  it.each(
    spec([
      ['push to main', run(onBranch('main')), 'allow'],
      ['push to develop', run(onBranch('develop')), 'sub'],
      ['another issuer', run(onBranch('main'), { issuer: 'https://token.actions.evil.example' }), 'Principal'],
    ]),
  )('%s → %s', (_name, _title, claims, expected) => check(stack, claims, expected));
});

describe('oidcProviderArn naming a provider', () => {
  it('trusts exactly that provider: a run in this account is allowed', () => {
    const stack = () => synthesize({ oidcProviderArn: PROVIDER_ARN });
    expect(resourcesOfType(stack().template, 'AWS::IAM::OIDCProvider')).toEqual([]);
    check(stack, run(onBranch('main')), 'allow');
  });

  it("a provider of another account is not the one STS finds for this account's role", () => {
    const stack = () => synthesize({ oidcProviderArn: `arn:aws:iam::210987654321:oidc-provider/${HOST}` });
    check(stack, run(onBranch('main')), 'Principal');
  });
});

describe('GitHub Enterprise Cloud with data residency (githubOidcHost=token.actions.acme.ghe.com)', () => {
  const stack = () => synthesize({ githubOidcHost: 'token.actions.acme.ghe.com' });
  const ghe = { issuer: 'https://token.actions.acme.ghe.com' };

  it.each(
    spec([
      ['push to main, GHE.com token', run(onBranch('main'), ghe), 'allow'],
      ['push to develop, GHE.com token', run(onBranch('develop'), ghe), 'sub'],
      ['push to main, github.com token', run(onBranch('main')), 'Principal'],
      [
        'push to main, another GHE.com tenant',
        run(onBranch('main'), { issuer: 'https://token.actions.other.ghe.com' }),
        'Principal',
      ],
    ]),
  )('%s → %s', (_name, _title, claims, expected) => check(stack, claims, expected));
});

describe('condition keys', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['the fixture settings', {}, ['aud', 'sub', 'job_workflow_ref']],
    [
      'immutable IDs and an environment',
      { githubOwnerId: '1001', githubRepositoryId: '2002', allowedEnvironments: '["production"]' },
      ['aud', 'sub', 'job_workflow_ref', 'repository_id', 'repository_owner_id', 'environment'],
    ],
  ])('%s: only keys STS supports for GitHub tokens', (_, overrides, claims) => {
    const keys = statementsOf(synthesize(overrides).trustPolicy).flatMap((s) =>
      Object.values(s.Condition).flatMap((block) => Object.keys(block)),
    );
    expect([...new Set(keys)].sort()).toEqual(claims.map((c) => `${HOST}:${c}`).sort());
    expect(keys.filter((key) => !STS_GITHUB_CLAIMS.some((c) => key === `${HOST}:${c}`))).toEqual([]);
  });
});
