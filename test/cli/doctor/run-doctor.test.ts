/**
 * The doctor end to end in-process, with its own synthesizer (the app's `buildApp`, as `cdk synth`
 * runs it): the example of docs/doctor.md with the settings it is written for, and runs against the
 * fixture settings (a token, and --workflow on the fixture workflow that agrees with them). Everything
 * else about the doctor is tested on its parts, without synthesis; the user's own workflow against
 * their own settings is checked in test/user-configuration/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeInProcess } from '../../../lib/cli/doctor/synth';
import { DEPLOY_WORKFLOW_PATH } from '../../../lib/workflow/deploy-workflow';
import { fixtureSettings } from '../../support/fixture-settings';
import { featureFlags } from '../../support/fixture-project';
import { FIXTURE_WORKFLOW } from '../../workflow/checks/fixture';
import { doctorRunner, REPO_ROOT, tempDir, tempRoot } from './helpers';

/** The doctor on the fixture settings, for --workflow (it synthesizes once for both tests). */
const workflowDoctor = doctorRunner(tempRoot({ context: fixtureSettings() }), synthesizeInProcess);

/** A repository checkout holding only the fixture workflow, as the doctor's working directory. */
function checkoutWithFixtureWorkflow(): string {
  const dir = tempDir('doctor-checkout');
  fs.mkdirSync(path.join(dir, path.dirname(DEPLOY_WORKFLOW_PATH)), { recursive: true });
  fs.writeFileSync(path.join(dir, DEPLOY_WORKFLOW_PATH), FIXTURE_WORKFLOW);
  return dir;
}

/** The settings the docs' example is written for (the project's sample), whatever cdk.json now holds. */
const DOCS_EXAMPLE_SETTINGS = {
  env: 'dev',
  region: 'ap-northeast-1',
  githubOwner: 'mycompany-inc',
  githubRepository: 'my-repo',
  allowedBranches: ['develop'],
  ecrRepositoryName: 'my-ecr-repo',
  ...featureFlags(),
};

describe('docs/doctor.md "Why can\'t my workflow assume the role?"', () => {
  it("shows the doctor's real output for --branch feature-x", () => {
    const page = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'doctor.md'), 'utf8');
    const docsDoctor = doctorRunner(tempRoot({ context: DOCS_EXAMPLE_SETTINGS }), synthesizeInProcess);
    const printed = docsDoctor(['--branch', 'feature-x']).stdout;
    const fromDeny = printed.slice(printed.indexOf('DENY:'), printed.indexOf('\nNotes:')).trimEnd();
    expect(fromDeny).toContain('Cause [branch-not-allowed]');
    expect(page).toContain(`\n${fromDeny}\n\`\`\``);
  });
});

describe('npm run doctor -- --workflow (in-process)', () => {
  it('the fixture workflow with the settings it agrees with: ALLOW for its push filter, exit 0 and OK', () => {
    const out = workflowDoctor(['--workflow'], { cwd: checkoutWithFixtureWorkflow() });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('  ALLOW  on.push.branches "main": e.g. ');
    expect(out.stdout).toContain(
      'OK: every deploy the workflow starts can assume the role, and the role trusts nothing else.',
    );
  });

  it('a missing workflow file is a one-line error', () => {
    const out = workflowDoctor(['--workflow', '.github/workflows/nope.yml'], { cwd: checkoutWithFixtureWorkflow() });
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr: 'doctor: --workflow: cannot read .github/workflows/nope.yml (ENOENT)\n',
    });
  });
});

describe('a run against the fixture settings', () => {
  it('--json: the stack and role from the synthesized template, the decision and its cause', () => {
    const doctor = doctorRunner(tempRoot({ context: fixtureSettings() }), synthesizeInProcess);
    const out = doctor(['--branch', 'feature-x', '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({
      decision: 'DENY',
      exitCode: 1,
      stack: 'test-github-oidc-ecr',
      role: { name: 'test-github-actions' },
      template: { synthesized: true },
      firstFailure: { element: 'Condition', operator: 'StringEquals', key: 'token.actions.githubusercontent.com:sub' },
      causes: [{ id: 'branch-not-allowed' }],
    });
    expect(report.causes[0].fix[0]).toContain(`-c 'allowedBranches=["main","feature-x"]'`);
  });
});
