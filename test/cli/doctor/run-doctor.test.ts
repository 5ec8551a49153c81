/**
 * The doctor end to end in-process, with its own synthesizer (the app's `buildApp`, as `cdk synth`
 * runs it): the README's example and the repository's workflow against cdk.json's settings (the
 * user's own configuration), and a run against the fixture settings. Everything else about the
 * doctor is tested on its parts, without synthesis.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthesizeInProcess } from '../../../lib/cli/doctor/synth';
import { fixtureSettings } from '../../support/fixture-settings';
import { doctorRunner, REPO_ROOT, tempRoot } from './helpers';

const cdkJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8'));
const userDoctor = doctorRunner(tempRoot(cdkJson), synthesizeInProcess);

describe('README "Why can\'t my workflow assume the role?"', () => {
  it("shows the doctor's real output for --branch feature-x", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- section: doctor'), readme.indexOf('<!-- end: doctor -->'));
    const printed = userDoctor(['--branch', 'feature-x']).stdout;
    const fromDeny = printed.slice(printed.indexOf('DENY:'), printed.indexOf('\nNotes:')).trimEnd();
    expect(fromDeny).toContain('Cause [branch-not-allowed]');
    expect(section).toContain(fromDeny);
  });
});

describe('npm run doctor -- --workflow (in-process)', () => {
  it('the repository workflow: exit 0 and OK', () => {
    const out = userDoctor(['--workflow']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('  ALLOW  on.push.branches "develop": e.g. refs/heads/develop');
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
