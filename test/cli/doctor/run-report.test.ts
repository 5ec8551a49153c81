/**
 * The doctor's report for one run, text and --json, from what examineRun finds: the first failing
 * check, what the token has and the role accepts, the causes with their fixes, and with several
 * statements (workflowFile pinned, an environment trusted) which statement a decision is explained
 * against. Tokens are generated as the doctor generates them for --branch, --environment, ….
 */
import { parseDoctorArgs } from '../../../lib/cli/doctor/args';
import { runExitCode, runJsonReport } from '../../../lib/cli/doctor/json-report';
import { runReport } from '../../../lib/cli/doctor/run-report';
import { doctorToken } from '../../../lib/cli/doctor/token';
import { fixtureConfig, findingsFor, FULL_NAME, HEADER, IDS } from './fixtures';

/** The doctor's report for a command line (run and -c settings), under the fixture settings. */
function doctor(argv: string[]) {
  const options = parseDoctorArgs(argv);
  const token = doctorToken(options.run!, options.modifiers, fixtureConfig(options.context));
  const findings = findingsFor(token, options.context);
  return { code: runExitCode(findings), stdout: runReport(findings, HEADER), json: runJsonReport(findings, HEADER) };
}

const IDS_FLAGS = ['-c', `githubOwnerId=${IDS.githubOwnerId}`, '-c', `githubRepositoryId=${IDS.githubRepositoryId}`];

describe('runs given by their sub', () => {
  it.each([
    [['--sub', `repo:${FULL_NAME}:ref:refs/heads/main`]],
    // IDs configured: the name form is accepted too (tied to the ID claims the doctor fills in)
    [['--sub', `repo:${FULL_NAME}:ref:refs/heads/main`, ...IDS_FLAGS]],
  ])('%j → ALLOW, exit 0, no cause', (argv) => {
    const out = doctor(argv);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ALLOW: the trust policy lets this run assume test-github-actions/m);
    expect(out.stdout).not.toMatch(/Cause \[/);
  });
});

describe('the first failing check, as printed', () => {
  it('an untrusted branch: DENY, the sub the token has and the ones the role accepts, the cause', () => {
    const out = doctor(['--branch', 'feature-x']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('DENY: STS would refuse sts:AssumeRoleWithWebIdentity');
    expect(out.stdout).toContain('First failing condition: StringEquals token.actions.githubusercontent.com:sub');
    expect(out.stdout).toContain(`  token has:       repo:${FULL_NAME}:ref:refs/heads/feature-x\n`);
    expect(out.stdout).toContain(`  role accepts:    repo:${FULL_NAME}:ref:refs/heads/main\n`);
    expect(out.stdout).toContain(
      '\nCause [branch-not-allowed]: Branch "feature-x" is not in allowedBranches (["main"])',
    );
    expect(out.stdout).toContain(
      `\nFix:\n  - Add "feature-x" to allowedBranches: -c 'allowedBranches=["main","feature-x"]' (or in cdk.json)`,
    );
  });

  it('an environment job: the token has environment:NAME in sub', () => {
    const out = doctor(['--environment', 'production', '--branch', 'main']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/token has: +repo:Octo-Org\/octo-service:environment:production/);
    expect(out.stdout).toContain('Cause [environment-subject]');
  });

  it('a pull request: the token has pull_request in sub', () => {
    const out = doctor(['--pull-request', '42']);
    expect(out.stdout).toMatch(/token has: +repo:Octo-Org\/octo-service:pull_request/);
    expect(out.stdout).toContain('Cause [pull-request]: This is a pull-request run');
  });

  it('a recycled name with a name-format sub: repository_id fails, one cause, no note about the name form', () => {
    const out = doctor([
      '--branch',
      'main',
      '--sub-format',
      'name',
      '--owner-id',
      '7777',
      '--repository-id',
      '9999',
      ...IDS_FLAGS,
    ]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'First failing condition: StringEquals token.actions.githubusercontent.com:repository_id',
    );
    expect(out.stdout.match(/Cause \[/g)).toHaveLength(1);
    expect(out.stdout).not.toContain('The role accepts both forms');
  });

  it('a name-format sub with IDs configured: ALLOW with the note, and no cause', () => {
    const out = doctor(['--branch', 'main', '--sub-format', 'name', ...IDS_FLAGS]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ {2}sub +repo:Octo-Org\/octo-service:ref:refs\/heads\/main$/m);
    expect(out.stdout).toMatch(
      /^Notes:\n( {2}- .*\n)* {2}- The token's sub is in the name form \(repo:Octo-Org\/octo-service:…\)/m,
    );
    expect(out.stdout).not.toContain('Cause [');
  });

  it('a wrong audience: the aud condition', () => {
    const out = doctor(['--branch', 'main', '--audience', 'https://github.com/Octo-Org']);
    expect(out.stdout).toContain('First failing condition: StringEquals token.actions.githubusercontent.com:aud');
    expect(out.stdout).toContain('Cause [wrong-audience]');
  });

  it('another issuer: the Principal check, and only the issuer as cause', () => {
    const out = doctor(['--branch', 'main', '--issuer', 'https://token.actions.acme.ghe.com']);
    expect(out.stdout).toContain("First failing check: Principal (the OIDC provider STS finds for the token's issuer)");
    expect(out.stdout).toContain(
      "  token's provider: arn:aws:iam::123456789012:oidc-provider/token.actions.acme.ghe.com",
    );
    expect(out.stdout.match(/Cause \[/g)).toHaveLength(1);
  });

  it('another workflow file: job_workflow_ref, with each fix on its own line', () => {
    const out = doctor(['--branch', 'main', '--workflow-file', '.github/workflows/other.yml']);
    expect(out.stdout).toContain(
      'First failing condition: StringEquals token.actions.githubusercontent.com:job_workflow_ref',
    );
    expect(out.stdout).toMatch(/token has: +Octo-Org\/octo-service\/\.github\/workflows\/other\.yml@refs\/heads\/main/);
    expect(out.stdout).toMatch(
      /role accepts: +Octo-Org\/octo-service\/\.github\/workflows\/deploy-ecr\.yml@refs\/heads\/main/,
    );
    expect(out.stdout).toContain(
      '\n  - or pin the file that runs instead: -c workflowFile=.github/workflows/other.yml',
    );
    expect(out.stdout.match(/Cause \[/g)).toHaveLength(1);
  });
});

describe('several statements (workflowFile pinned, an environment trusted)', () => {
  const ENV = ['-c', 'allowedEnvironments=["production"]'];

  it('ALLOW names the statement that allows', () => {
    const out = doctor(['--environment', 'production', ...ENV]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      'ALLOW: the trust policy lets this run assume test-github-actions (statement 2 of 2, the one for environment "production": every condition holds).',
    );
    expect(out.json.statement).toEqual({ index: 1, of: 2, trusts: 'environment "production"', choice: 'allows' });
  });

  it('a deny is explained against the statement whose sub matches', () => {
    const out = doctor(['--environment', 'production', '--workflow-file', '.github/workflows/other.yml', ...ENV]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'None of the trust policy\'s 2 statements applies (one would be enough). Explained against statement 2 (environment "production"): its sub matches this run, so what fails there is why.',
    );
    expect(out.stdout).toContain(
      'First failing condition: StringLike token.actions.githubusercontent.com:job_workflow_ref',
    );
    // An environment job runs on a branch or a tag (pull requests are not trusted); the second
    // value stands under the first.
    expect(out.stdout).toContain(
      [
        '  role accepts:    Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/*',
        '                   Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/tags/*',
      ].join('\n'),
    );
    expect(out.json.statement).toEqual({ index: 1, of: 2, trusts: 'environment "production"', choice: 'sub-matches' });
    expect(out.json.causes.map((c) => c.id)).toEqual(['workflow-file']);
  });

  it('no sub matches: the statement for the same kind of run, and every trusted run in the cause', () => {
    const out = doctor(['--environment', 'staging', ...ENV]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Explained against statement 2 (environment "production"): no statement\'s sub matches this run; this one trusts the same kind of run.',
    );
    expect(out.stdout).toContain(
      'Cause [environment-subject]: Environment "staging" is not in allowedEnvironments (["production"]); the role trusts branch "main", environment "production".',
    );
  });

  it('no sub matches and no statement of that kind: the closest statement, and the cause by the run', () => {
    const { json } = doctor(['--pull-request', ...ENV]);
    expect(json.statement?.choice).toBe('closest');
    expect(json.causes.map((c) => c.id)).toEqual(['pull-request']);
    expect(json.causes[0].message).toContain('it trusts branch "main", environment "production".');
  });

  it('a branch run on an untrusted branch is explained against the branch statement', () => {
    const out = doctor(['--branch', 'develop', ...ENV]);
    expect(out.stdout).toContain(
      'Explained against statement 1 (branch "main"): no statement\'s sub matches this run; this one trusts the same kind of run.',
    );
    expect(out.stdout).toContain('Cause [branch-not-allowed]');
    expect(out.stdout.match(/Cause \[/g)).toHaveLength(1);
  });
});

describe('--json', () => {
  it('has the decision, the first failure, every failure and the causes', () => {
    const { json } = doctor(['--branch', 'main', '--repository-id', '9999', '--owner-id', '1001', ...IDS_FLAGS]);
    expect(json).toMatchObject({
      decision: 'DENY',
      exitCode: 1,
      firstFailure: { element: 'Condition', operator: 'StringEquals', key: 'token.actions.githubusercontent.com:sub' },
      token: { source: 'generated', claims: { repository_id: '9999' } },
    });
    expect(json.failures.map((f) => (f.element === 'Condition' ? f.key : f.element))).toEqual([
      'token.actions.githubusercontent.com:sub',
      'token.actions.githubusercontent.com:repository_id',
    ]);
    expect(json.causes.map((c) => c.id)).toEqual(['repository-ids-differ']);
  });
});

describe('a token with several values in a claim STS checks (issue 12)', () => {
  it('is a token problem, with advice about the token, not about policy operators', () => {
    const token = doctorToken(parseDoctorArgs(['--branch', 'main']).run!, {}, fixtureConfig());
    const twoAudiences = {
      ...token,
      claims: { ...token.claims, aud: ['sts.amazonaws.com', 'https://github.com/Octo-Org'] },
    };
    expect(() => findingsFor(twoAudiences)).toThrow(
      'the token\'s aud has 2 values ("sts.amazonaws.com", "https://github.com/Octo-Org"), where GitHub\'s tokens for AWS have one: request the token for one audience, sts.amazonaws.com (configure-aws-credentials does by default; core.getIDToken(\'sts.amazonaws.com\') otherwise)',
    );
    expect(() => findingsFor(twoAudiences)).not.toThrow(/ForAnyValue/);
  });
});

describe('an imported provider of another account (issue 12)', () => {
  it("says the verdict holds for a role in the provider's account, which the template enforces", () => {
    const out = doctor([
      '--branch',
      'main',
      '-c',
      'oidcProviderArn=arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
    ]);
    expect(out.stdout).toContain(
      "oidcProviderArn names a provider in account 111122223333, and STS looks the provider up in the role's own account: this verdict is for a role in account 111122223333.",
    );
    expect(out.stdout).toContain('The template refuses to deploy anywhere else (a CloudFormation rule)');
  });
});

describe('the whole list of causes, for runs of a repository the role does not trust (issue 11)', () => {
  it.each([
    [['--branch', 'main', '--repository', 'octo-org/octo-service'], ['repository-case-mismatch']],
    [['--branch', 'main', '--repository', 'someone/else'], ['other-repository']],
    [
      ['--branch', 'release/1', '--repository', 'someone/else', '-c', 'allowedBranches=["release/*"]'],
      ['other-repository'],
    ],
  ])('%j → %j (the job ran its own workflow: not "a reusable workflow of another repository")', (argv, causes) => {
    const out = doctor(argv);
    expect(out.code).toBe(1);
    expect(out.json.causes.map((c) => c.id)).toEqual(causes);
  });

  it('a job of the trusted repository that calls a reusable workflow of another one still gets that cause', () => {
    const token = doctorToken(parseDoctorArgs(['--branch', 'main']).run!, {}, fixtureConfig());
    const reusable = {
      ...token,
      claims: { ...token.claims, job_workflow_ref: 'someone/else/.github/workflows/deploy-ecr.yml@refs/heads/main' },
    };
    const causes = findingsFor(reusable).causes;
    expect(causes.map((c) => c.id)).toEqual(['workflow-file']);
    expect(causes[0].message).toContain('a reusable workflow of another repository');
  });
});
