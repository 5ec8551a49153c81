/**
 * The doctor end to end in-process, with its own synthesizer (the app's `buildApp`, as `cdk synth`
 * runs it): the example of docs/doctor.md with the settings it is written for, the user's workflow against
 * the user's cdk.json (their own configuration: expectations come from their files), and a run
 * against the fixture settings. Everything else about the doctor is tested on its parts, without
 * synthesis.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeInProcess } from '../../../lib/cli/doctor/synth';
import { readDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { fixtureSettings } from '../../support/fixture-settings';
import { featureFlags } from '../../support/fixture-project';
import { doctorRunner, REPO_ROOT, tempRoot } from './helpers';

const cdkJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8'));
const userDoctor = doctorRunner(tempRoot(cdkJson), synthesizeInProcess);

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
  it("the user's workflow with the user's settings: ALLOW for every push filter, exit 0 and OK", () => {
    const push = readDeployWorkflow(REPO_ROOT).push;
    const filters = [
      ...(push?.branches ?? []).map((b) => `on.push.branches "${b}"`),
      ...(push?.tags ?? []).map((t) => `on.push.tags "${t}"`),
    ];
    expect(filters.length).toBeGreaterThan(0);
    const out = userDoctor(['--workflow']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    for (const filter of filters) expect(out.stdout).toContain(`  ALLOW  ${filter}: e.g. `);
    expect(out.stdout).toContain(
      'OK: every deploy the workflow starts can assume the role, and the role trusts nothing else.',
    );
  });

  it('a missing workflow file is a one-line error', () => {
    const out = userDoctor(['--workflow', '.github/workflows/nope.yml']);
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
