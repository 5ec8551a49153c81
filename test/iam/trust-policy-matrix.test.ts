/**
 * What the synthesized trust policy means: GitHub tokens, built the way GitHub builds them, are
 * evaluated against the role's AssumeRolePolicyDocument (as CloudFormation would deploy it in
 * account 123456789012) by an evaluator that shares no code with the one that renders the policy.
 *
 * Each table reads as a spec: the run, then whether STS lets it assume the role, and for a deny
 * which check refuses it: the claim whose condition fails first, or the principal, in the Allow
 * statement that comes closest (statements are ORed; with workflowFile set there is one per kind
 * of subject, so a run is refused by the statement for its kind when its sub matches one).
 *
 * Tokens are built as GitHub builds them (lib/iam/github-token.ts), including reusable-workflow
 * calls, where job_workflow_ref names the called file and its ref while sub and ref describe the
 * calling run. `forged` tokens are ones GitHub would not issue, to probe one condition at a time.
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
  STS_CONDITION_CLAIMS,
} from '../../lib/iam/github-token';
import { PolicyDocument } from '../../lib/iam/policy-evaluator';
import { ACCOUNT, assumeRole, synthesize, SynthesizedStack } from './stack-fixture';

const OWNER = 'mycompany-inc';
const REPO = 'my-repo';
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

/** `allow`, or the check that refuses the run: a claim name (its condition fails first) or 'Principal'. */
type Expect = 'allow' | 'Principal' | (typeof STS_CONDITION_CLAIMS)[number];
type Row = [run: string, claims: GitHubOidcClaims, expected: Expect];

/** Puts the expectation second so that test titles read "run → expected". */
function spec(rows: Row[]): Array<[string, Expect, GitHubOidcClaims]> {
  return rows.map(([name, claims, expected]) => [name, expected, claims]);
}

function check(stack: () => SynthesizedStack, claims: GitHubOidcClaims, expected: Expect): void {
  const d = assumeRole(stack(), claims);
  if (expected === 'allow') {
    expect({ decision: d.decision, failure: d.firstFailure }).toEqual({ decision: 'Allow', failure: undefined });
    return;
  }
  expect(d.decision).toBe('Deny');
  expect(d.reason).toBe('implicit-deny');
  const f = d.firstFailure!;
  const refusedBy = f.element === 'Condition' ? f.key.slice(f.key.lastIndexOf(':') + 1) : f.element;
  expect(refusedBy).toBe(expected);
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

/** cdk.json's workflowFile: the only workflow file that may assume the role by default. */
const FILE = '.github/workflows/deploy-ecr.yml';
/** `job_workflow_ref` of a job that calls this repository's deploy-ecr.yml as a reusable workflow at `ref`. */
const called = (ref: string, repository = `${OWNER}/${REPO}`) => ({ calledWorkflow: `${repository}/${FILE}@${ref}` });

describe('defaults (cdk.json): pushes to develop, from .github/workflows/deploy-ecr.yml only', () => {
  const stack = () => synthesize();
  const develop = run(onBranch('develop'));

  it.each(
    spec([
      ['deploy-ecr.yml, push to develop', develop, 'allow'],
      ['deploy-ecr.yml, workflow_dispatch on develop', run(onRef('refs/heads/develop', 'workflow_dispatch')), 'allow'],
      // Other runs of the repository
      ['push to main', run(onBranch('main')), 'sub'],
      ['push to "developer" (develop is not a prefix)', run(onBranch('developer')), 'sub'],
      ['push to feature/develop', run(onBranch('feature/develop')), 'sub'],
      ['push to Develop (case)', run(onBranch('Develop')), 'sub'],
      ['tag named develop', run(onTag('develop')), 'sub'],
      ['tag v1.0.0', run(onTag('v1.0.0')), 'sub'],
      ['pull request from a branch', run(onPullRequest(7, 'feature-x')), 'sub'],
      ['pull request whose head is develop', run(onPullRequest(8, 'develop', 'main')), 'sub'],
      ['job with environment production on develop', run(inEnvironment('production', 'refs/heads/develop')), 'sub'],
      ['job with an environment named develop', run(inEnvironment('develop', 'refs/heads/develop')), 'sub'],
      // Other workflows of the repository on develop (workflowFile pins deploy-ecr.yml)
      ['other.yml, push to develop', run(onBranch('develop'), { workflowFile: 'other.yml' }), 'job_workflow_ref'],
      [
        'deploy-ecr.yaml (other extension), push to develop',
        run(onBranch('develop'), { workflowFile: 'deploy-ecr.yaml' }),
        'job_workflow_ref',
      ],
      [
        'scheduled.yml on develop (schedule runs on the default branch)',
        run(onRef('refs/heads/develop', 'schedule'), { workflowFile: 'scheduled.yml' }),
        'job_workflow_ref',
      ],
      // Reusable-workflow calls: job_workflow_ref names the called file and its ref; sub the caller's run
      [
        'ci.yml on develop calling ./deploy-ecr.yml (same ref)',
        run(onBranch('develop'), { workflowFile: 'ci.yml', ...called('refs/heads/develop') }),
        'allow',
      ],
      [
        'a run on develop calling deploy-ecr.yml@main',
        run(onBranch('develop'), called('refs/heads/main')),
        'job_workflow_ref',
      ],
      [
        'a run on develop calling deploy-ecr.yml@v1 (a tag)',
        run(onBranch('develop'), called('refs/tags/v1')),
        'job_workflow_ref',
      ],
      [
        "a run on develop calling another repository's deploy-ecr.yml",
        run(onBranch('develop'), called('refs/heads/develop', 'someone/other')),
        'job_workflow_ref',
      ],
      [
        'a run on develop calling deploy-ecr.yml of my-repo-evil',
        run(onBranch('develop'), called('refs/heads/develop', `${OWNER}/my-repo-evil`)),
        'job_workflow_ref',
      ],
      // Look-alike repositories and organisations
      ['my-repo-evil on develop', run(onBranch('develop'), { repository: 'my-repo-evil' }), 'sub'],
      ['my-repo2 on develop', run(onBranch('develop'), { repository: 'my-repo2' }), 'sub'],
      ['my-rep on develop', run(onBranch('develop'), { repository: 'my-rep' }), 'sub'],
      ['My-Repo (case) on develop', run(onBranch('develop'), { repository: 'My-Repo' }), 'sub'],
      ['mycompany-inc-evil/my-repo on develop', run(onBranch('develop'), { owner: 'mycompany-inc-evil' }), 'sub'],
      ['MyCompany-Inc/my-repo (case) on develop', run(onBranch('develop'), { owner: 'MyCompany-Inc' }), 'sub'],
      ['another repository on develop', run(onBranch('develop'), { owner: 'someone', repository: 'other' }), 'sub'],
      // Token problems
      [
        "GitHub's default audience (no audience: input)",
        run(onBranch('develop'), { audience: `https://github.com/${OWNER}` }),
        'aud',
      ],
      ['a token with no sub', forged(develop, { sub: undefined }), 'sub'],
      ['a token with no aud', forged(develop, { aud: undefined }), 'aud'],
      ['a token with no job_workflow_ref', forged(develop, { job_workflow_ref: undefined }), 'job_workflow_ref'],
      ['a sub with text appended', forged(develop, { sub: `${develop.sub}:x` }), 'sub'],
      [
        'another issuer (no provider in the account for it)',
        run(onBranch('develop'), { issuer: 'https://token.actions.evil.example' }),
        'Principal',
      ],
      [
        'a GitHub Enterprise data-residency issuer',
        run(onBranch('develop'), { issuer: 'https://token.actions.acme.ghe.com' }),
        'Principal',
      ],
      // The July 2026 format: without configured IDs the role does not match it.
      ['immutable-ID sub for this repository', run(onBranch('develop'), { subjectFormat: 'immutable' }), 'sub'],
    ]),
  )('%s → %s', (_, expected, claims) => check(stack, claims, expected));

  it('trusts the provider the stack creates, in the account it is deployed to, in one statement', () => {
    const { template, trustPolicy } = stack();
    expect(resourcesOfType(template, 'AWS::IAM::OIDCProvider')).toHaveLength(1);
    expect(trustPolicy.Statement).toEqual([expect.objectContaining({ Principal: { Federated: PROVIDER_ARN } })]);
  });

  it('uses only condition keys STS supports for GitHub tokens', () => {
    const keys = statementsOf(stack().trustPolicy).flatMap((s) =>
      Object.values(s.Condition).flatMap((block) => Object.keys(block)),
    );
    expect(keys).toContain(`${HOST}:job_workflow_ref`);
    for (const key of keys) {
      expect(STS_CONDITION_CLAIMS.map((c) => `${HOST}:${c}`)).toContain(key);
    }
  });
});

describe('workflowFile= (pinning turned off)', () => {
  const stack = () => synthesize({ workflowFile: '' });

  it('pins no job_workflow_ref', () => {
    expect(pinsClaim(stack().trustPolicy, 'job_workflow_ref')).toBe(false);
  });

  it.each(
    spec([
      ['deploy-ecr.yml, push to develop', run(onBranch('develop')), 'allow'],
      // What the pin prevents: any workflow file on a trusted branch may assume the role.
      ['other.yml, push to develop', run(onBranch('develop'), { workflowFile: 'other.yml' }), 'allow'],
      [
        "a run on develop calling another repository's reusable workflow",
        run(onBranch('develop'), called('refs/heads/main', 'someone/other')),
        'allow',
      ],
      ['other.yml, push to main', run(onBranch('main'), { workflowFile: 'other.yml' }), 'sub'],
      ['my-repo-evil on develop', run(onBranch('develop'), { repository: 'my-repo-evil' }), 'sub'],
    ]),
  )('%s → %s', (_, expected, claims) => check(stack, claims, expected));
});

describe('branches, tags and an environment: develop, release/*, v*, production (deploy-ecr.yml pinned)', () => {
  const stack = () =>
    synthesize({
      allowedBranches: '["develop","release/*"]',
      allowedTags: '["v*"]',
      allowedEnvironments: '["production"]',
    });

  it('has one statement for branches and tags and one for the environment', () => {
    const subs = statementsOf(stack().trustPolicy).map((s) =>
      Object.values(s.Condition).flatMap((block) => [block[`${HOST}:sub`] ?? []].flat()),
    );
    expect(subs).toEqual([
      [
        `repo:${OWNER}/${REPO}:ref:refs/heads/develop`,
        `repo:${OWNER}/${REPO}:ref:refs/heads/release/*`,
        `repo:${OWNER}/${REPO}:ref:refs/tags/v*`,
      ],
      [`repo:${OWNER}/${REPO}:environment:production`],
    ]);
  });

  it.each(
    spec([
      ['push to develop', run(onBranch('develop')), 'allow'],
      ['push to release/1.2', run(onBranch('release/1.2')), 'allow'],
      // IAM's "*" spans "/": a nested release branch is trusted too (documented behaviour).
      ['push to release/1.2/hotfix', run(onBranch('release/1.2/hotfix')), 'allow'],
      ['tag v1.2.0', run(onTag('v1.2.0')), 'allow'],
      ['tag v2', run(onTag('v2')), 'allow'],
      ['job with environment production (on main)', run(inEnvironment('production')), 'allow'],
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
      ['push to main', run(onBranch('main')), 'sub'],
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
      ['my-repo-evil on release/1', run(onBranch('release/1'), { repository: 'my-repo-evil' }), 'sub'],
      ['my-repo2 with tag v1', run(onTag('v1'), { repository: 'my-repo2' }), 'sub'],
      [
        'mycompany-inc-evil with environment production',
        run(inEnvironment('production'), { owner: 'mycompany-inc-evil' }),
        'sub',
      ],
      ['MyCompany-Inc on release/1 (case)', run(onBranch('release/1'), { owner: 'MyCompany-Inc' }), 'sub'],
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
        'a run on develop calling deploy-ecr.yml@main',
        run(onBranch('develop'), called('refs/heads/main')),
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
        'a run on develop calling deploy-ecr.yml@release/2 (both trusted)',
        run(onBranch('develop'), called('refs/heads/release/2')),
        'allow',
      ],
      [
        'a job in environment production calling deploy-ecr.yml@main',
        run(inEnvironment('production'), called('refs/heads/main')),
        'allow',
      ],
    ]),
  )('%s → %s', (_, expected, claims) => check(stack, claims, expected));

  it('keeps every wildcard inside the ref: each accepted sub names this repository literally', () => {
    for (const sub of acceptedSubs(stack().trustPolicy)) {
      expect(sub.startsWith(`repo:${OWNER}/${REPO}:`)).toBe(true);
    }
  });
});

describe('an environment whose name holds ":" (allowedEnvironments=["eu:prod"])', () => {
  const stack = () => synthesize({ allowedEnvironments: '["eu:prod"]' });
  const euProd = run(inEnvironment('eu:prod', 'refs/heads/develop'));

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
      ['job in environment eu', run(inEnvironment('eu', 'refs/heads/develop')), 'sub'],
      ['job in environment eu:prod-x', run(inEnvironment('eu:prod-x', 'refs/heads/develop')), 'sub'],
      [
        'other.yml in environment eu:prod',
        run(inEnvironment('eu:prod', 'refs/heads/develop'), { workflowFile: 'other.yml' }),
        'job_workflow_ref',
      ],
      ['push to develop (still trusted)', run(onBranch('develop')), 'allow'],
    ]),
  )('%s → %s', (_, expected, claims) => check(stack, claims, expected));
});

describe('allowPullRequests=true (deploy-ecr.yml pinned)', () => {
  const stack = () => synthesize({ allowPullRequests: 'true' });

  it.each(
    spec([
      ['pull request running deploy-ecr.yml', run(onPullRequest(12)), 'allow'],
      ['push to develop', run(onBranch('develop')), 'allow'],
      ['pull request running other.yml', run(onPullRequest(12), { workflowFile: 'other.yml' }), 'job_workflow_ref'],
      [
        'pull request calling deploy-ecr.yml@main',
        run(onPullRequest(12), called('refs/heads/main')),
        'job_workflow_ref',
      ],
      ['push to main', run(onBranch('main')), 'sub'],
      ['pull request in my-repo-evil', run(onPullRequest(12), { repository: 'my-repo-evil' }), 'sub'],
      ['pull request in mycompany-inc-evil/my-repo', run(onPullRequest(12), { owner: 'mycompany-inc-evil' }), 'sub'],
    ]),
  )('%s → %s', (_, expected, claims) => check(stack, claims, expected));
});

describe('immutable IDs configured (githubOwnerId=1001, githubRepositoryId=2002)', () => {
  const stack = () => synthesize({ githubOwnerId: '1001', githubRepositoryId: '2002' });
  const ids = { ownerId: '1001', repositoryId: '2002', subjectFormat: 'immutable' } as const;
  const byName = { ...ids, subjectFormat: 'name' } as const;
  const develop = run(onBranch('develop'), ids);

  it.each(
    spec([
      ['ID-format sub, push to develop', develop, 'allow'],
      // Repositories from before 2026-07-15 keep the name form until they opt in: still tied to the IDs.
      ['name-format sub with the right ID claims, push to develop', run(onBranch('develop'), byName), 'allow'],
      ['ID-format sub, push to main', run(onBranch('main'), ids), 'sub'],
      ['name-format sub, push to main', run(onBranch('main'), byName), 'sub'],
      // Recycled names: same names, other IDs (a deleted repository or organisation re-created)
      ['recycled repository name, ID-format sub', run(onBranch('develop'), { ...ids, repositoryId: '9999' }), 'sub'],
      ['recycled organisation name, ID-format sub', run(onBranch('develop'), { ...ids, ownerId: '7777' }), 'sub'],
      [
        'recycled names, ID-format sub',
        run(onBranch('develop'), { ...ids, ownerId: '7777', repositoryId: '9999' }),
        'sub',
      ],
      [
        'recycled repository name, name-format sub',
        run(onBranch('develop'), { ...byName, repositoryId: '9999' }),
        'repository_id',
      ],
      [
        'recycled organisation name, name-format sub',
        run(onBranch('develop'), { ...byName, ownerId: '7777' }),
        'repository_owner_id',
      ],
      [
        'recycled names, name-format sub',
        run(onBranch('develop'), { ...byName, ownerId: '7777', repositoryId: '9999' }),
        'repository_id',
      ],
      // Hand-made tokens probing one condition at a time
      ['right sub, wrong repository_id claim', forged(develop, { repository_id: '9999' }), 'repository_id'],
      [
        'right sub, wrong repository_owner_id claim',
        forged(develop, { repository_owner_id: '7777' }),
        'repository_owner_id',
      ],
      ['right sub, no repository_id claim', forged(develop, { repository_id: undefined }), 'repository_id'],
      [
        'name-format sub, no repository_owner_id claim',
        forged(run(onBranch('develop'), byName), { repository_owner_id: undefined }),
        'repository_owner_id',
      ],
      // Look-alikes
      [
        'my-repo-evil with its own IDs',
        run(onBranch('develop'), { ...ids, repository: 'my-repo-evil', repositoryId: '3003' }),
        'sub',
      ],
      [
        'my-repo-evil with its own IDs, name-format sub',
        run(onBranch('develop'), { ...byName, repository: 'my-repo-evil', repositoryId: '3003' }),
        'sub',
      ],
      ['MyCompany-Inc (case) with the right IDs', run(onBranch('develop'), { ...ids, owner: 'MyCompany-Inc' }), 'sub'],
      [
        'MyCompany-Inc (case) with the right IDs, name-format sub',
        run(onBranch('develop'), { ...byName, owner: 'MyCompany-Inc' }),
        'sub',
      ],
      ['pull request', run(onPullRequest(4), ids), 'sub'],
      ['other.yml on develop', run(onBranch('develop'), { ...ids, workflowFile: 'other.yml' }), 'job_workflow_ref'],
    ]),
  )('%s → %s', (_, expected, claims) => check(stack, claims, expected));

  it('accepts both sub forms and pins both ID claims with StringEquals', () => {
    const [statement] = statementsOf(stack().trustPolicy);
    expect(acceptedSubs(stack().trustPolicy)).toEqual([
      `repo:${OWNER}@1001/${REPO}@2002:ref:refs/heads/develop`,
      `repo:${OWNER}/${REPO}:ref:refs/heads/develop`,
    ]);
    expect(statement.Condition.StringEquals).toMatchObject({
      [`${HOST}:repository_id`]: '2002',
      [`${HOST}:repository_owner_id`]: '1001',
    });
  });

  it('refuses a recycled name on the ID claims, in either sub form', () => {
    const failedKeys = (claims: GitHubOidcClaims) =>
      assumeRole(stack(), claims).statement!.mismatches.map((m) => (m.element === 'Condition' ? m.key : m.element));
    expect(failedKeys(run(onBranch('develop'), { ...ids, repositoryId: '9999' }))).toEqual([
      `${HOST}:sub`,
      `${HOST}:repository_id`,
    ]);
    expect(failedKeys(run(onBranch('develop'), { ...byName, ownerId: '7777', repositoryId: '9999' }))).toEqual([
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
      ['push to develop', run(onBranch('develop')), 'allow'],
      ['push to main', run(onBranch('main')), 'sub'],
      ['another issuer', run(onBranch('develop'), { issuer: 'https://token.actions.evil.example' }), 'Principal'],
    ]),
  )('%s → %s', (_, expected, claims) => check(stack, claims, expected));
});

describe('oidcProviderArn naming a provider', () => {
  it('trusts exactly that provider: a run in this account is allowed', () => {
    const stack = () => synthesize({ oidcProviderArn: PROVIDER_ARN });
    expect(resourcesOfType(stack().template, 'AWS::IAM::OIDCProvider')).toEqual([]);
    check(stack, run(onBranch('develop')), 'allow');
  });

  it("a provider of another account is not the one STS finds for this account's role", () => {
    const stack = () => synthesize({ oidcProviderArn: `arn:aws:iam::210987654321:oidc-provider/${HOST}` });
    check(stack, run(onBranch('develop')), 'Principal');
  });
});

describe('GitHub Enterprise Cloud with data residency (githubOidcHost=token.actions.acme.ghe.com)', () => {
  const stack = () => synthesize({ githubOidcHost: 'token.actions.acme.ghe.com' });
  const ghe = { issuer: 'https://token.actions.acme.ghe.com' };

  it.each(
    spec([
      ['push to develop, GHE.com token', run(onBranch('develop'), ghe), 'allow'],
      ['push to main, GHE.com token', run(onBranch('main'), ghe), 'sub'],
      ['push to develop, github.com token', run(onBranch('develop')), 'Principal'],
      [
        'push to develop, another GHE.com tenant',
        run(onBranch('develop'), { issuer: 'https://token.actions.other.ghe.com' }),
        'Principal',
      ],
    ]),
  )('%s → %s', (_, expected, claims) => check(stack, claims, expected));
});
