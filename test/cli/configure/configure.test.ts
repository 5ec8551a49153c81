/**
 * `npm run configure` in-process, on a throwaway project: fixture settings in cdk.json (not the
 * user's) and the project's own deploy workflow, the file configure edits.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runConfigure } from '../../../lib/cli/configure';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { checkWorkflowAgainstStack } from '../../../lib/cli/doctor/workflow-check';
import { parseSettings } from '../../../lib/stack/config';
import { trustPolicyDocument } from '../../../lib/stack/trust/trust-policy';
import { FIXTURE_SETTINGS } from '../../support/fixture-settings';

const REPO_ROOT = path.join(__dirname, '..', '..', '..');
const WORKFLOW = fs.readFileSync(path.join(REPO_ROOT, DEPLOY_WORKFLOW_PATH), 'utf8');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'configure-test-'));
  dirs.push(dir);
  return dir;
}

/** Writes `context` as the project's cdk.json context. */
function writeCdkJson(root: string, context: Record<string, unknown>): void {
  fs.writeFileSync(path.join(root, 'cdk.json'), `${JSON.stringify({ app: 'node bin/app.js', context }, null, 2)}\n`);
}

/** A project whose cdk.json holds the fixture settings and whose workflow is the project's own. */
function project(context: Record<string, unknown> = FIXTURE_SETTINGS): string {
  const root = tempDir();
  writeCdkJson(root, context);
  fs.mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
  fs.writeFileSync(path.join(root, DEPLOY_WORKFLOW_PATH), WORKFLOW);
  return root;
}

function run(root: string, argv: string[], envPath = '/nonexistent') {
  let stdout = '';
  let stderr = '';
  const code = runConfigure(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), root, path: envPath });
  return { code, stdout, stderr };
}

const files = (root: string) => ({
  cdkJson: fs.readFileSync(path.join(root, 'cdk.json'), 'utf8'),
  workflow: fs.readFileSync(path.join(root, DEPLOY_WORKFLOW_PATH), 'utf8'),
});
const context = (root: string) => JSON.parse(files(root).cdkJson).context as Record<string, unknown>;
const workflowOf = (root: string) => parseDeployWorkflow(files(root).workflow, DEPLOY_WORKFLOW_PATH);

describe('npm run configure', () => {
  test('points cdk.json and the workflow at another repository, together; a second run changes nothing', () => {
    const root = project();
    const argv = ['--repository', 'Acme-Labs/payments-api', '--owner-id', '101', '--repository-id', '202'];
    const first = run(root, [...argv, '--branch', 'main', '--tag', 'v*', '--region', 'eu-central-1']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(context(root)).toMatchObject({
      githubOwner: 'Acme-Labs',
      githubRepository: 'payments-api',
      githubOwnerId: '101',
      githubRepositoryId: '202',
      region: 'eu-central-1',
      allowedBranches: ['main'],
      allowedTags: ['v*'],
      allowedEnvironments: [],
    });
    const wf = workflowOf(root);
    expect(wf.push).toMatchObject({ branches: ['main'], tags: ['v*'] });
    expect(wf.job?.if).toBe("github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/tags/v')");
    expect(first.stdout).toContain('The deploy role will trust Acme-Labs/payments-api: branch main, tag v*.');
    expect(first.stdout).toContain('npx cdk bootstrap aws://ACCOUNT_ID/eu-central-1');

    const before = files(root);
    const second = run(root, [...argv, '--branch', 'main', '--tag', 'v*', '--region', 'eu-central-1']);
    expect(second).toEqual({ code: 0, stdout: expect.stringContaining('Already configured'), stderr: '' });
    expect(files(root)).toEqual(before);
  });

  test('--environment: the job names it and the role trusts it, and no branch', () => {
    const root = project();
    expect(run(root, ['--branch', 'main', '--environment', 'production']).code).toBe(0);
    expect(context(root)).toMatchObject({ allowedBranches: [], allowedTags: [], allowedEnvironments: ['production'] });
    expect(workflowOf(root).job).toMatchObject({ environment: 'production', if: "github.ref == 'refs/heads/main'" });
    expect(workflowOf(root).push?.branches).toEqual(['main']);
    // And back to a branch deploy: the environment goes from both sides.
    expect(run(root, ['--branch', 'develop', '--environment', '']).code).toBe(0);
    expect(context(root)).toMatchObject({ allowedBranches: ['develop'], allowedEnvironments: [] });
    expect(workflowOf(root).job?.environment).toBeUndefined();
  });

  test('with no flags it brings the workflow in step with a hand-edited cdk.json', () => {
    // First in step with the fixture settings (branch main), whatever the project's own workflow runs on.
    const root = project();
    expect(run(root, []).code).toBe(0);
    expect(workflowOf(root).push?.branches).toEqual(['main']);
    writeCdkJson(root, { ...FIXTURE_SETTINGS, allowedBranches: ['trunk', 'release/*'] });
    const result = run(root, []);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${DEPLOY_WORKFLOW_PATH}: set on.push.branches`);
    expect(result.stdout).not.toContain('cdk.json: set');
    expect(workflowOf(root).push?.branches).toEqual(['trunk', 'release/*']);
    expect(run(root, []).stdout).toContain('Already configured');
  });

  test('turning the workflow pin off is said where it is written', () => {
    const root = project();
    const result = run(root, ['-c', 'workflowFile=']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('warning: workflowFile is "": any workflow file of the repository');
  });

  test('a new repository without IDs drops the IDs of the old one, and says so', () => {
    const root = project({ ...FIXTURE_SETTINGS, githubOwnerId: '1', githubRepositoryId: '2' });
    const result = run(root, ['--repository', 'other-org/other-repo']);
    expect(result.code).toBe(0);
    expect(context(root)).not.toHaveProperty('githubOwnerId');
    expect(context(root)).not.toHaveProperty('githubRepositoryId');
    expect(result.stdout).toContain('removed githubOwnerId/githubRepositoryId');
  });

  test.each([
    [['--repository', 'not a repo'], '--repository takes OWNER/REPO'],
    [['--repository', 'bad_owner!/x'], 'configure: --repository: Invalid setting "githubOwner" = "bad_owner!"'],
    [['--region', 'mars-1'], 'configure: --region: Invalid setting "region" = "mars-1"'],
    [['--branch', 'a*b'], 'configure: --branch: "a*b" cannot be written'],
    [['--owner-id', '1'], '--owner-id and --repository-id go together'],
    [['--owner-id', 'x', '--repository-id', '2'], 'configure: --owner-id: Invalid setting "githubOwnerId" = "x"'],
    [['-c', 'allowedBranche=x'], 'configure: -c allowedBranche: Unknown setting "allowedBranche"'],
    [['--nope'], 'unknown option "--nope"'],
    [['--lookup-ids', '--owner-id', '1', '--repository-id', '2'], '--lookup-ids asks gh for the IDs'],
  ])('%j: one line, exit 2, nothing written', (argv, message) => {
    const root = project();
    const before = files(root);
    const result = run(root, argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(files(root)).toEqual(before);
  });

  test('a result the role and the workflow would not agree on is refused, exit 1, nothing written', () => {
    const root = project();
    const before = files(root);
    const result = run(root, ['-c', 'workflowFile=.github/workflows/other.yml']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('would not agree, so nothing was written');
    expect(result.stderr).toContain('other.yml');
    expect(files(root)).toEqual(before);
  });
});

describe("npm run configure with repositories in cdk.json: one repository's workflow", () => {
  const registry: Record<string, unknown> = {
    ...FIXTURE_SETTINGS,
    repositories: [
      { githubRepository: 'svc-a' },
      { githubRepository: 'svc-tags', allowedBranches: [], allowedTags: ['v*'] },
      { githubRepository: 'svc-env', allowedBranches: [], allowedEnvironments: ['production'] },
    ],
  };
  delete registry.githubRepository;
  delete registry.ecrRepositoryName;
  const config = (name: string) =>
    parseSettings((key) => registry[key], Object.keys(registry)).repositories.find((r) => r.repository.name === name)!;

  /** Writes svc's workflow with `extra` flags; returns the run, the copy (if any) and whether the project changed. */
  function writeCopy(name: string, extra: string[] = []) {
    const root = project(registry);
    const before = files(root);
    const out = path.join(root, 'out', `${name}.yml`);
    const result = run(root, ['--repository', `Octo-Org/${name}`, '--workflow-out', out, ...extra]);
    return {
      result,
      copy: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : undefined,
      unchanged: files(root) === before || JSON.stringify(files(root)) === JSON.stringify(before),
    };
  }

  /** The copy checked, independently of configure, against the entry's own trust policy. */
  function checkCopy(name: string, copy: string) {
    const entry = config(name);
    return checkWorkflowAgainstStack(
      parseDeployWorkflow(copy, DEPLOY_WORKFLOW_PATH),
      entry,
      trustPolicyDocument(entry, entry.partition, '123456789012'),
      { account: '123456789012', partition: entry.partition },
    );
  }

  test('an entry trusting tags: the copy runs on those tags only; cdk.json and the checked-in workflow are untouched', () => {
    const { result, copy, unchanged } = writeCopy('svc-tags');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('the deploy workflow of Octo-Org/svc-tags, for the runs its role trusts: tag v*.');
    expect(unchanged).toBe(true);
    const wf = parseDeployWorkflow(copy!, DEPLOY_WORKFLOW_PATH);
    expect(wf.push?.branches ?? []).toEqual([]);
    expect(wf.push?.tags).toEqual(['v*']);
    expect(checkCopy('svc-tags', copy!)).toMatchObject({ ok: true, unreachable: [] });
    // The same copy would not fit another entry's role: the check above can fail.
    expect(checkCopy('svc-a', copy!).ok).toBe(false);
  });

  test('an entry trusting an environment: the job names it; --branch chooses the pushes that start it', () => {
    const { result, copy } = writeCopy('svc-env', ['--branch', 'main']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(copy).toContain('environment: production');
    expect(parseDeployWorkflow(copy!, DEPLOY_WORKFLOW_PATH).push).toMatchObject({ branches: ['main'] });
    expect(checkCopy('svc-env', copy!).ok).toBe(true);
  });

  test.each([
    [
      [],
      /^configure: cdk\.json lists repositories: configure writes one repository's copy of the deploy workflow, with --repository OWNER\/REPO --workflow-out FILE/,
    ],
    [['--repository', 'Octo-Org/svc-a'], /--workflow-out FILE/],
    [
      ['--repository', 'Octo-Org/nope', '--workflow-out', 'x.yml'],
      /^configure: --repository Octo-Org\/nope is not one of repositories/,
    ],
    [
      ['--repository', 'Octo-Org/svc-a', '--workflow-out', 'x.yml', '--branch', 'release'],
      /would change allowedBranches of Octo-Org\/svc-a to \["release"\] \(it trusts \["main"\]\): edit its entry in cdk\.json/,
    ],
    [
      ['--repository', 'Octo-Org/svc-a', '--workflow-out', 'x.yml', '--region', 'eu-west-1'],
      /^configure: --region: with repositories, an entry's settings are edited in cdk\.json/,
    ],
    [
      ['--repository', 'Octo-Org/svc-a', '--workflow-out', 'x.yml', '-c', 'env=prod'],
      /^configure: -c: with repositories/,
    ],
  ])('%j: exit 2, one line, nothing written', (argv, message) => {
    const root = project(registry);
    const before = files(root);
    const result = run(
      root,
      argv.map((a) => (a === 'x.yml' ? path.join(root, 'x.yml') : a)),
    );
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(files(root)).toEqual(before);
    expect(fs.existsSync(path.join(root, 'x.yml'))).toBe(false);
  });

  test('--workflow-out without repositories is refused', () => {
    const root = project();
    const result = run(root, ['--workflow-out', path.join(root, 'x.yml')]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain("--workflow-out writes one repository's workflow when cdk.json lists repositories");
  });
});

describe('npm run configure --lookup-ids', () => {
  /** A gh that answers `gh api repos/…` with the given lines (or fails), logging its arguments. */
  function fakeGh(script: string): { dir: string; log: string } {
    const dir = tempDir();
    const log = path.join(dir, 'argv.log');
    fs.writeFileSync(
      path.join(dir, 'gh'),
      `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a"; done >> '${log}'\n${script}\n`,
      {
        mode: 0o755,
      },
    );
    return { dir, log };
  }

  test('takes the IDs and the exact spelling from gh', () => {
    const gh = fakeGh("printf 'Acme-Labs\\n101\\nPayments-API\\n202\\n'");
    const root = project();
    const result = run(root, ['--repository', 'acme-labs/payments-api', '--lookup-ids'], gh.dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(fs.readFileSync(gh.log, 'utf8')).toBe(
      '[api][repos/acme-labs/payments-api][--jq][.owner.login, .owner.id, .name, .id]',
    );
    expect(context(root)).toMatchObject({
      githubOwner: 'Acme-Labs',
      githubRepository: 'Payments-API',
      githubOwnerId: '101',
      githubRepositoryId: '202',
    });
  });

  test('gh failing (offline, not logged in): one line with the command to run by hand, nothing written', () => {
    const gh = fakeGh("echo 'error connecting to api.github.com' >&2; exit 1");
    const root = project();
    const before = files(root);
    const result = run(root, ['--repository', 'acme-labs/payments-api', '--lookup-ids'], gh.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "configure: --lookup-ids: gh could not read acme-labs/payments-api (error connecting to api.github.com): run `gh api repos/acme-labs/payments-api --jq '.owner.login, .owner.id, .name, .id'` and pass --owner-id and --repository-id\n",
    );
    expect(files(root)).toEqual(before);
  });

  test('no gh on PATH: one line that says so', () => {
    const result = run(project(), ['--repository', 'acme-labs/payments-api', '--lookup-ids'], tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--lookup-ids needs the GitHub CLI (gh), which is not on PATH: run `gh api repos/acme-labs/payments-api',
    );
  });
});
