/**
 * The three entry points as a user runs them (`npm run --silent doctor -- …`, the CDK app as cdk.json
 * names it): exit codes, output streams, the package.json wiring. Few on purpose (each process
 * costs about a second); they start together in beforeAll and the tests read their results.
 *
 * Each runs package.json's script line exactly as npm does (`sh -c '<script> "$@"'` in the package
 * root with node_modules/.bin first on PATH) but without starting npm itself, which costs about
 * half a second of CPU per run and checks nothing of ours.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURE_SETTINGS } from '../../support/fixture-settings';
import { featureFlags, fixtureProject } from '../../support/fixture-project';
import { fakeGh, tempDir } from './helpers';

/** A copy of the project with the fixture settings in its cdk.json: the commands run there. */
const PROJECT = fixtureProject();
afterAll(() => fs.rmSync(PROJECT, { recursive: true, force: true }));

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Each process takes about a second alone, a few seconds beside the rest of the suite. */
const NPM_RUN_LIMIT_MS = 60_000;

const SCRIPTS: Record<string, string> = JSON.parse(fs.readFileSync(path.join(PROJECT, 'package.json'), 'utf8')).scripts;

/** `npm run --silent <script> -- <args>`, as npm runs it: the script line through sh, args appended. */
function npmRun([script, separator, ...args]: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  if (!SCRIPTS[script]) throw new Error(`package.json has no script "${script}"`);
  if (separator !== '--') throw new Error(`expected "--" after the script name, got ${separator}`);
  return run(SCRIPTS[script], args, env);
}

/** A command line through sh in the package root, as npm and the CDK CLI run them. */
function run(commandLine: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const merged = { ...process.env, ...env };
    const bin = path.join(PROJECT, 'node_modules', '.bin');
    const child = spawn('sh', ['-c', `${commandLine} "$@"`, 'sh', ...args], {
      cwd: PROJECT,
      env: { ...merged, PATH: `${bin}${path.delimiter}${merged.PATH ?? ''}` },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // Its own limit (beforeAll waits a little longer): a run that hangs is killed, and the
    // message names the command, which jest's own timeout would not.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${commandLine} ${args.join(' ')}: still running after ${NPM_RUN_LIMIT_MS} ms; stderr: ${stderr}`),
      );
    }, NPM_RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const out = tempDir('doctor-process');
const gh = fakeGh();
const outputsFile = path.join(tempDir('outputs'), 'outputs.json');
fs.writeFileSync(
  outputsFile,
  JSON.stringify({
    'test-github-oidc-ecr': {
      AwsRoleArn: 'arn:aws:iam::123456789012:role/test-github-actions',
      AwsRegion: 'eu-west-1',
      EcrRepositoryName: 'octo-service',
      EcrMovingTags: 'latest',
    },
  }),
);

/** The CDK app, as cdk.json tells the CDK CLI to run it. */
const CDK_APP: string = JSON.parse(fs.readFileSync(path.join(PROJECT, 'cdk.json'), 'utf8')).app;

let allow: Result;
let deny: Result;
let usage: Result;
let setup: Result;
let badSetting: Result;

beforeAll(async () => {
  // The allowed run synthesizes in its own process, as a first run does; the denied run, after it
  // and with the same output directory, finds that template current.
  const doctorRuns = async () => {
    const first = await npmRun(['doctor', '--', '--branch', 'main', '-o', path.join(out, 'a')]);
    return [first, await npmRun(['doctor', '--', '--branch', 'feature-x', '--json', '-o', path.join(out, 'a')])];
  };
  [[allow, deny], usage, setup, badSetting] = await Promise.all([
    doctorRuns(),
    npmRun(['doctor', '--', '--branch', 'main', '--tag', 'v1']),
    npmRun(['github-setup', '--', '--outputs', outputsFile, '--apply'], {
      PATH: `${gh.dir}${path.delimiter}${process.env.PATH}`,
    }),
    run(CDK_APP, [], {
      CDK_CONTEXT_JSON: JSON.stringify({ ...FIXTURE_SETTINGS, ...featureFlags(), githubOwner: '-bad' }),
      CDK_OUTDIR: tempDir('cdk-app-out'),
    }),
  ]);
}, NPM_RUN_LIMIT_MS + 10_000);

it('npm run doctor: an allowed run exits 0 with ALLOW on stdout', () => {
  expect(allow.stderr).toBe('');
  expect(allow.code).toBe(0);
  expect(allow.stdout).toMatch(/^ALLOW: the trust policy lets this run assume test-github-actions/m);
  expect(allow.stdout).toMatch(
    /^Role: .*test-github-oidc-ecr\.template\.json \(synthesized now: .* does not exist\)$/m,
  );
  expect(fs.existsSync(path.join(out, 'a', 'test-github-oidc-ecr.template.json'))).toBe(true);
});

it('npm run doctor --json: a denied run exits 1 with a JSON report naming the cause', () => {
  expect(deny.stderr).toBe('');
  expect(deny.code).toBe(1);
  const report = JSON.parse(deny.stdout);
  expect(report).toMatchObject({
    decision: 'DENY',
    exitCode: 1,
    template: { synthesized: false, reason: 'the template is current for these settings' },
    causes: [{ id: 'branch-not-allowed' }],
  });
  expect(report.causes[0].fix[0]).toContain(`-c 'allowedBranches=["main","feature-x"]'`);
});

it('the CDK app: a bad setting exits 1 with one line on stderr, no stack trace', () => {
  expect(badSetting.stdout).toBe('');
  expect(badSetting.code).toBe(1);
  expect(badSetting.stderr).toMatch(/^Invalid setting "githubOwner" = "-bad": expected [^\n]*\n$/);
});

it('npm run doctor: bad arguments exit 2 with one line on stderr', () => {
  expect(usage).toEqual({ code: 2, stdout: '', stderr: 'doctor: give one run to check, not --branch and --tag\n' });
});

it('npm run github-setup --apply: runs gh with each variable and exits 0', () => {
  expect(setup.stderr).toBe('');
  expect(setup.code).toBe(0);
  expect(fs.readFileSync(gh.log, 'utf8')).toBe(
    [
      'auth status',
      'variable set AWS_ROLE_ARN --body arn:aws:iam::123456789012:role/test-github-actions --repo Octo-Org/octo-service',
      'variable set AWS_REGION --body eu-west-1 --repo Octo-Org/octo-service',
      'variable set ECR_REPOSITORY --body octo-service --repo Octo-Org/octo-service',
      'variable set ECR_MOVING_TAGS --body latest --repo Octo-Org/octo-service',
      '',
    ].join('\n'),
  );
});
