/**
 * Every cause the doctor recognises, with the message and the fix it prints: the doctor runs
 * in-process against the synthesized template (each setting synthesized once).
 */
import * as fs from 'fs';
import * as path from 'path';
import { diagnose } from '../../../lib/cli/doctor/diagnose';
import { configFor } from '../../../lib/cli/settings';
import { githubClaims, onBranch, stsRequestForToken } from '../../../lib/iam/github-token';
import { evaluatePolicy } from '../../../lib/iam/policy-evaluator';
import { CDK_JSON_CONTEXT } from '../../support/cdk-json';
import { doctorRunner, Outcome, REPO_ROOT, tempDir } from './helpers';

const doctor = doctorRunner();
const IDS = ['-c', 'githubOwnerId=1001', '-c', 'githubRepositoryId=2002'];

/** The causes of a JSON run, by id. */
function causesOf(out: Outcome): Array<{ id: string; message: string; fix: string[] }> {
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout).causes;
}

describe('allowed runs', () => {
  it.each([
    [['--branch', 'develop']],
    [['--ref', 'refs/heads/develop']],
    [['--sub', 'repo:mycompany-inc/my-repo:ref:refs/heads/develop']],
    [['--branch', 'develop', ...IDS]],
    [['--environment', 'production', '-c', 'allowedEnvironments=["production"]']],
    [['--tag', 'v1.2.0', '-c', 'allowedTags=["v*"]']],
    [['--pull-request', '-c', 'allowPullRequests=true']],
    // IDs configured: the name form is accepted too (tied to the ID claims)
    [['--branch', 'develop', '--sub-format', 'name', ...IDS]],
    [['--sub', 'repo:mycompany-inc/my-repo:ref:refs/heads/develop', ...IDS]],
    [['--environment', 'eu:prod', '-c', 'allowedEnvironments=["eu:prod"]']],
    // Pinning turned off: any workflow file on a trusted branch
    [['--branch', 'develop', '--workflow-file', '.github/workflows/other.yml', '-c', 'workflowFile=']],
  ])('%j → ALLOW, exit 0, no cause', (args) => {
    const out = doctor(args);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ALLOW: the trust policy lets this run assume dev-github-actions/m);
    expect(out.stdout).not.toMatch(/Cause \[/);
  });
});

describe('each recognised cause, as printed', () => {
  it('branch-not-allowed: names the branch, the list, and the -c to add it', () => {
    const out = doctor(['--branch', 'feature-x']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('DENY: STS would refuse sts:AssumeRoleWithWebIdentity');
    expect(out.stdout).toContain('First failing condition: StringEquals token.actions.githubusercontent.com:sub');
    expect(out.stdout).toMatch(/token has: +repo:mycompany-inc\/my-repo:ref:refs\/heads\/feature-x/);
    expect(out.stdout).toMatch(/role accepts: +repo:mycompany-inc\/my-repo:ref:refs\/heads\/develop/);
    expect(out.stdout).toContain(
      'Cause [branch-not-allowed]: Branch "feature-x" is not in allowedBranches (["develop"])',
    );
    expect(out.stdout).toContain(
      `Add "feature-x" to allowedBranches: -c 'allowedBranches=["develop","feature-x"]' (or in cdk.json)`,
    );
  });

  it('branch-not-allowed keeps the configured list, wildcards included', () => {
    const [cause] = causesOf(
      doctor(['--branch', 'hotfix/1', '-c', 'allowedBranches=["develop","release/*"]', '--json']),
    );
    expect(cause.id).toBe('branch-not-allowed');
    expect(cause.fix[0]).toContain(`-c 'allowedBranches=["develop","release/*","hotfix/1"]'`);
  });

  it('tag-not-allowed: suggests the tag or a pattern for allowedTags', () => {
    const out = doctor(['--tag', 'v1.0.0']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('Cause [tag-not-allowed]: Tag "v1.0.0" is not in allowedTags ([])');
    expect(out.stdout).toContain(
      `Add "v1.0.0" (or a pattern such as "v*") to allowedTags: -c 'allowedTags=["v1.0.0"]'`,
    );
  });

  it('environment-subject: explains that the environment replaces the branch in sub', () => {
    const out = doctor(['--environment', 'production', '--branch', 'develop']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/token has: +repo:mycompany-inc\/my-repo:environment:production/);
    expect(out.stdout).toContain(
      'Cause [environment-subject]: The job names environment "production", so GitHub puts "environment:production" in sub instead of the branch (an environment replaces the ref in sub); the role trusts branch "develop", and no environment.',
    );
    expect(out.stdout).toContain('Remove "environment:" from the job that assumes the role');
    expect(out.stdout).toContain(`-c 'allowedEnvironments=["production"]'`);
  });

  it('environment-subject with other environments trusted: add this one', () => {
    const [cause] = causesOf(
      doctor(['--environment', 'staging', '-c', 'allowedEnvironments=["production"]', '--json']),
    );
    expect(cause).toMatchObject({
      id: 'environment-subject',
      message: expect.stringContaining('Environment "staging" is not in allowedEnvironments (["production"])'),
    });
    expect(cause.fix[0]).toContain(`-c 'allowedEnvironments=["production","staging"]'`);
  });

  it('pull-request: names the PR subject and both fixes', () => {
    const out = doctor(['--pull-request', '42']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/token has: +repo:mycompany-inc\/my-repo:pull_request/);
    expect(out.stdout).toContain('Cause [pull-request]: This is a pull-request run');
    expect(out.stdout).toContain("if: github.event_name == 'push'");
    expect(out.stdout).toContain('-c allowPullRequests=true');
  });

  it('repository-case-mismatch (owner): the exact -c to write the name as GitHub spells it', () => {
    const out = doctor(['--branch', 'develop', '--repository', 'MyCompany-Inc/my-repo']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Cause [repository-case-mismatch]: The token comes from "MyCompany-Inc/my-repo" but the role is set up for "mycompany-inc/my-repo": GitHub sends the names exactly as spelt on GitHub, and sub matching is case-sensitive.',
    );
    expect(out.stdout).toContain(
      'Write the names exactly as GitHub shows them: -c githubOwner=MyCompany-Inc (or in cdk.json)',
    );
    expect(out.stdout).not.toContain('githubRepository=');
  });

  it('repository-case-mismatch (repository name)', () => {
    const [cause] = causesOf(doctor(['--branch', 'develop', '--repository', 'mycompany-inc/My-Repo', '--json']));
    expect(cause.id).toBe('repository-case-mismatch');
    expect(cause.fix[0]).toContain('-c githubRepository=My-Repo');
  });

  it.each([
    ['mycompany-inc/my-repo-evil'],
    ['mycompany-inc/my-repo2'],
    ['mycompany-inc-evil/my-repo'],
    ['someone/else'],
  ])('other-repository: %s', (repository) => {
    const out = doctor(['--branch', 'develop', '--repository', repository]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      `Cause [other-repository]: The token is from another repository, ${repository}; the role trusts only runs of mycompany-inc/my-repo.`,
    );
    // A look-alike on an allowed branch is a repository problem, not a branch problem.
    expect(out.stdout).not.toContain('branch-not-allowed');
  });

  it('immutable-sub-without-ids: the IDs to set come from the token itself', () => {
    const out = doctor(['--sub', 'repo:mycompany-inc@1001/my-repo@2002:ref:refs/heads/develop']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      "Cause [immutable-sub-without-ids]: The token's sub is in GitHub's immutable-ID format",
    );
    expect(out.stdout).toContain('Set the IDs this token carries: -c githubOwnerId=1001 -c githubRepositoryId=2002');
    expect(out.stdout).toContain("gh api repos/mycompany-inc/my-repo --jq '.owner.id, .id'");
  });

  it('a name-format sub with IDs configured is allowed, with a note that the ID claims protect it', () => {
    const out = doctor(['--branch', 'develop', '--sub-format', 'name', ...IDS]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/sub +repo:mycompany-inc\/my-repo:ref:refs\/heads\/develop/);
    expect(out.stdout).toContain(
      "The token's sub is in the name form (repo:mycompany-inc/my-repo:…): the repository has not switched to GitHub's immutable subject claims (repo:OWNER@ID/REPO@ID:…). The role accepts both forms because it also requires repository_id 2002 and repository_owner_id 1001, which a repository or organisation re-created under the same name cannot carry.",
    );
    expect(out.stdout).not.toContain('Cause [');
  });

  it('repository-ids-differ: a recycled name (same names, other IDs)', () => {
    const out = doctor(['--branch', 'develop', '--owner-id', '7777', '--repository-id', '9999', ...IDS]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Cause [repository-ids-differ]: The token is from a repository named mycompany-inc/my-repo, but its sub names owner ID 7777 and repository ID 9999 and its repository_owner_id claim is 7777 and its repository_id claim is 9999, while the role requires owner ID 1001 and repository ID 2002.',
    );
    expect(out.stdout).toContain('a deleted repository or organisation whose name was taken again');
    expect(out.stdout).toContain("Check the IDs: gh api repos/mycompany-inc/my-repo --jq '.owner.id, .id'");
    expect(out.stdout).toContain('-c githubOwnerId=7777 -c githubRepositoryId=9999');
  });

  it('repository-ids-differ: a recycled name sending the name-format sub', () => {
    const out = doctor([
      '--branch',
      'develop',
      '--sub-format',
      'name',
      '--owner-id',
      '7777',
      '--repository-id',
      '9999',
      ...IDS,
    ]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'First failing condition: StringEquals token.actions.githubusercontent.com:repository_id',
    );
    expect(out.stdout).toContain(
      'Cause [repository-ids-differ]: The token is from a repository named mycompany-inc/my-repo, but its repository_owner_id claim is 7777 and its repository_id claim is 9999, while the role requires owner ID 1001 and repository ID 2002.',
    );
    expect(out.stdout.match(/Cause \[/g)).toHaveLength(1);
    // The note about the name form is for the configured repository's own IDs only.
    expect(out.stdout).not.toContain('The role accepts both forms');
  });

  it('repository-ids-differ when only the repository_id claim is wrong', () => {
    const claims = {
      ...githubClaims({
        owner: 'mycompany-inc',
        repository: 'my-repo',
        ownerId: '1001',
        repositoryId: '2002',
        subjectFormat: 'immutable',
        trigger: onBranch('develop'),
      }),
      repository_id: '9999',
    };
    const [cause] = causesOf(doctor(['--claims', writeTemp(claims), ...IDS, '--json']));
    expect(cause.id).toBe('repository-ids-differ');
    expect(cause.message).toContain(
      'but its repository_id claim is 9999, while the role requires owner ID 1001 and repository ID 2002',
    );
    expect(cause.fix[0]).toContain('-c githubOwnerId=1001 -c githubRepositoryId=9999');
  });

  it('wrong-audience: the token audience and the configure-aws-credentials fix', () => {
    const out = doctor(['--branch', 'develop', '--audience', 'https://github.com/mycompany-inc']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('First failing condition: StringEquals token.actions.githubusercontent.com:aud');
    expect(out.stdout).toContain(
      'Cause [wrong-audience]: The token has audience "https://github.com/mycompany-inc"; the role accepts only "sts.amazonaws.com" (AWS says "Incorrect token audience").',
    );
    expect(out.stdout).toContain('remove "audience:" from its "with:"');
  });

  it('wrong-issuer: another issuer, with githubOidcHost as the fix for GHE.com', () => {
    const out = doctor(['--branch', 'develop', '--issuer', 'https://token.actions.acme.ghe.com']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain("First failing check: Principal (the OIDC provider STS finds for the token's issuer)");
    expect(out.stdout).toContain(
      'Cause [wrong-issuer]: The token was issued by https://token.actions.acme.ghe.com, but the role trusts the OIDC provider for token.actions.githubusercontent.com',
    );
    expect(out.stdout).toContain('-c githubOidcHost=token.actions.acme.ghe.com');
    // Everything else follows from the issuer: it is the only cause.
    expect(out.stdout.match(/Cause \[/g)).toHaveLength(1);
  });

  it('workflow-file: another workflow file than the pinned one (the default pin), with three ways out and the risk of the last', () => {
    const out = doctor(['--branch', 'develop', '--workflow-file', '.github/workflows/other.yml']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'First failing condition: StringEquals token.actions.githubusercontent.com:job_workflow_ref',
    );
    expect(out.stdout).toMatch(
      /token has: +mycompany-inc\/my-repo\/\.github\/workflows\/other\.yml@refs\/heads\/develop/,
    );
    expect(out.stdout).toMatch(
      /role accepts: +mycompany-inc\/my-repo\/\.github\/workflows\/deploy-ecr\.yml@refs\/heads\/develop/,
    );
    expect(out.stdout).toContain(
      'Cause [workflow-file]: The job runs from .github/workflows/other.yml, but the role trusts only .github/workflows/deploy-ecr.yml (workflowFile), so that no other workflow of the repository can push images.',
    );
    expect(out.stdout).toContain(
      '  - Run the deploy from .github/workflows/deploy-ecr.yml: move the job there, or have .github/workflows/other.yml call it as a reusable workflow',
    );
    expect(out.stdout).toContain(
      '  - or pin the file that runs instead: -c workflowFile=.github/workflows/other.yml (or in cdk.json)',
    );
    expect(out.stdout).toContain(
      '  - or turn the pin off: -c workflowFile= (or remove workflowFile from cdk.json), then deploy (npx cdk deploy with the same settings). Then every workflow file of the repository that runs on a trusted branch, tag or environment can assume the role and push images',
    );
    expect(out.stdout.match(/Cause \[/g)).toHaveLength(1);
  });

  it('workflow-file: the pinned file called as a reusable workflow at another ref', () => {
    const claims = githubClaims({
      owner: 'mycompany-inc',
      repository: 'my-repo',
      workflowFile: 'ci.yml',
      calledWorkflow: 'mycompany-inc/my-repo/.github/workflows/deploy-ecr.yml@refs/heads/main',
      trigger: onBranch('develop'),
    });
    const [cause, ...others] = causesOf(doctor(['--claims', writeTemp(claims), '--json']));
    expect(others).toEqual([]);
    expect(cause.id).toBe('workflow-file');
    expect(cause.message).toBe(
      'The job runs .github/workflows/deploy-ecr.yml as it is at refs/heads/main, but for this run the role accepts that file only at refs/heads/develop: for branches and tags it trusts the workflow as it is on a trusted ref, not a copy from another ref (a reusable-workflow call such as uses: mycompany-inc/my-repo/.github/workflows/deploy-ecr.yml@main).',
    );
    expect(cause.fix).toEqual([
      "Call the workflow at the run's own ref: jobs.<id>.uses: ./.github/workflows/deploy-ecr.yml,",
      'or, if .github/workflows/deploy-ecr.yml as it is on refs/heads/main should be trusted, add "main" to allowedBranches (which also lets runs on refs/heads/main assume the role), then deploy (npx cdk deploy with the same settings).',
    ]);
  });

  it("workflow-file: another repository's reusable workflow", () => {
    const claims = githubClaims({
      owner: 'mycompany-inc',
      repository: 'my-repo',
      calledWorkflow: 'someone/shared/.github/workflows/deploy-ecr.yml@refs/heads/develop',
      trigger: onBranch('develop'),
    });
    const [cause] = causesOf(doctor(['--claims', writeTemp(claims), '--json']));
    expect(cause).toMatchObject({
      id: 'workflow-file',
      message:
        "The job runs someone/shared/.github/workflows/deploy-ecr.yml, a reusable workflow of another repository; the role trusts only mycompany-inc/my-repo's own .github/workflows/deploy-ecr.yml (workflowFile).",
    });
  });

  it('an untrusted branch of the pinned file: the branch is the cause, job_workflow_ref only follows from it', () => {
    const out = doctor(['--branch', 'feature-x', '--json']);
    const report = JSON.parse(out.stdout);
    expect(report.failures.map((f: { key: string }) => f.key)).toEqual([
      'token.actions.githubusercontent.com:sub',
      'token.actions.githubusercontent.com:job_workflow_ref',
    ]);
    expect(report.causes.map((c: { id: string }) => c.id)).toEqual(['branch-not-allowed']);
  });

  it('two causes at once: a wrong audience on an untrusted branch', () => {
    const causes = causesOf(doctor(['--branch', 'main', '--audience', 'https://github.com/mycompany-inc', '--json']));
    expect(causes.map((c) => c.id)).toEqual(['wrong-audience', 'branch-not-allowed']);
  });

  it('a name-format sub on an untrusted branch with IDs configured: only the branch', () => {
    const causes = causesOf(doctor(['--sub', 'repo:mycompany-inc/my-repo:ref:refs/heads/main', ...IDS, '--json']));
    expect(causes.map((c) => c.id)).toEqual(['branch-not-allowed']);
  });

  it('unrecognised: a sub GitHub does not send still reports the failing condition', () => {
    const out = doctor(['--sub', 'repo:mycompany-inc/my-repo:job_workflow_ref:x']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Cause [unrecognised]: The token\'s sub ends in "job_workflow_ref:x", which is not a branch, tag, environment or pull request',
    );
  });

  it('explicit-deny: a Deny statement is named as such', () => {
    const config = configFor(CDK_JSON_CONTEXT);
    const claims = githubClaims({ owner: 'mycompany-inc', repository: 'my-repo', trigger: onBranch('develop') });
    const decision = evaluatePolicy(
      { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sts:*' }] },
      stsRequestForToken(claims, { account: '123456789012' }),
    );
    expect(diagnose(decision, claims, config)).toEqual([
      { id: 'explicit-deny', message: 'Statement 0 of the trust policy explicitly denies this token.', fix: [] },
    ]);
  });
});

describe('several statements (workflowFile pinned, an environment trusted)', () => {
  const ENV = ['-c', 'allowedEnvironments=["production"]'];

  it('ALLOW names the statement that allows', () => {
    const out = doctor(['--environment', 'production', ...ENV]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      'ALLOW: the trust policy lets this run assume dev-github-actions (statement 1 of 2, the one for environment "production": every condition holds).',
    );
    const report = JSON.parse(doctor(['--environment', 'production', ...ENV, '--json']).stdout);
    expect(report.statement).toEqual({ index: 1, of: 2, trusts: 'environment "production"', choice: 'allows' });
  });

  it('a deny is explained against the statement whose sub matches', () => {
    const args = ['--environment', 'production', '--workflow-file', '.github/workflows/other.yml', ...ENV];
    const out = doctor(args);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'None of the trust policy\'s 2 statements applies (one would be enough). Explained against statement 1 (environment "production"): its sub matches this run, so what fails there is why.',
    );
    expect(out.stdout).toContain(
      'First failing condition: StringLike token.actions.githubusercontent.com:job_workflow_ref',
    );
    expect(out.stdout).toMatch(/role accepts: +mycompany-inc\/my-repo\/\.github\/workflows\/deploy-ecr\.yml@refs\/\*/);
    const report = JSON.parse(doctor([...args, '--json']).stdout);
    expect(report.statement).toEqual({ index: 1, of: 2, trusts: 'environment "production"', choice: 'sub-matches' });
    expect(report.causes.map((c: { id: string }) => c.id)).toEqual(['workflow-file']);
  });

  it('no sub matches: the statement for the same kind of run, and every trusted run in the cause', () => {
    const out = doctor(['--environment', 'staging', ...ENV]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'Explained against statement 1 (environment "production"): no statement\'s sub matches this run; this one trusts the same kind of run.',
    );
    expect(out.stdout).toContain(
      'Cause [environment-subject]: Environment "staging" is not in allowedEnvironments (["production"]); the role trusts branch "develop", environment "production".',
    );
  });

  it('no sub matches and no statement of that kind: the closest statement, and the cause by the run', () => {
    const report = JSON.parse(doctor(['--pull-request', ...ENV, '--json']).stdout);
    expect(report.statement.choice).toBe('closest');
    expect(report.causes.map((c: { id: string }) => c.id)).toEqual(['pull-request']);
    expect(report.causes[0].message).toContain('it trusts branch "develop", environment "production".');
  });

  it('a branch run on an untrusted branch is explained against the branch statement', () => {
    const out = doctor(['--branch', 'main', ...ENV]);
    expect(out.stdout).toContain(
      'Explained against statement 0 (branch "develop"): no statement\'s sub matches this run; this one trusts the same kind of run.',
    );
    expect(out.stdout).toContain('Cause [branch-not-allowed]');
    expect(out.stdout.match(/Cause \[/g)).toHaveLength(1);
  });
});

describe('settings the doctor refuses before evaluating anything', () => {
  it('an environment pattern ("*" in allowedEnvironments) is a configuration error: exit 2, one line', () => {
    const out = doctor(['--environment', 'prod-eu', '-c', 'allowedEnvironments=["prod*"]']);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /^doctor: Invalid setting "allowedEnvironments" = "prod\*": expected an exact environment name, no "\*"[^\n]*\n$/,
    );
  });
});

describe('README "Why can\'t my workflow assume the role?"', () => {
  it("shows the doctor's real output for --branch feature-x", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- section: doctor'), readme.indexOf('<!-- end: doctor -->'));
    const printed = doctor(['--branch', 'feature-x']).stdout;
    const fromDeny = printed.slice(printed.indexOf('DENY:'), printed.indexOf('\nNotes:')).trimEnd();
    expect(fromDeny).toContain('Cause [branch-not-allowed]');
    expect(section).toContain(fromDeny);
  });
});

describe('--json', () => {
  it('has the decision, the first failure, every failure and the causes', () => {
    const out = doctor(['--branch', 'develop', '--repository-id', '9999', '--owner-id', '1001', ...IDS, '--json']);
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({
      decision: 'DENY',
      exitCode: 1,
      stack: 'dev-github-oidc-ecr',
      role: { name: 'dev-github-actions' },
      firstFailure: { element: 'Condition', operator: 'StringEquals', key: 'token.actions.githubusercontent.com:sub' },
      token: { source: 'generated', claims: { repository_id: '9999' } },
    });
    expect(report.failures.map((f: { key: string }) => f.key)).toEqual([
      'token.actions.githubusercontent.com:sub',
      'token.actions.githubusercontent.com:repository_id',
    ]);
  });
});

function writeTemp(content: object): string {
  const file = path.join(tempDir('claims'), 'claims.json');
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}
