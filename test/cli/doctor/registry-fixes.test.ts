/**
 * With `repositories`, every fix the doctor prints changes the checked repository's own entry,
 * and works: each fix is applied as it is printed (the keys written into that entry, or the entry
 * added), the doctor runs again on the same run and allows it, and every other entry's validated
 * settings are exactly what they were (nothing widened behind the user's back).
 */
import * as fs from 'fs';
import * as path from 'path';
import { registryFor } from '../../../lib/cli/settings';
import { githubClaims, onBranch } from '../../../lib/iam/github-token';
import { REPOSITORY_KEYS } from '../../../lib/stack/config/repository-entries';
import { registrySettings } from '../../support/registry-settings';
import { ASSUMES_ROLE, renderedRegistrySynthesizer } from './fixtures';
import { doctorRunner, tempDir, tempRoot } from './helpers';

/** The adopter's trial: a top-level branch list, an entry with its own, an entry of another owner with none. */
const TRIAL = registrySettings(
  [
    { githubRepository: 'billing-api', githubRepositoryId: '1001' },
    {
      githubRepository: 'checkout-web',
      githubRepositoryId: '1002',
      allowedBranches: ['main', 'release/*'],
      allowedEnvironments: ['production'],
    },
    {
      githubOwner: 'acme-data',
      githubOwnerId: '5151',
      githubRepository: 'ingest',
      githubRepositoryId: '2001',
      allowedBranches: [],
      allowedTags: ['v*'],
    },
  ],
  { githubOwner: 'acme-platform', githubOwnerId: '4242', allowedBranches: ['main'] },
);

/** Entries without IDs (the role matches the name form of sub). */
const WITHOUT_IDS = registrySettings(
  [{ githubRepository: 'billing-api' }, { githubRepository: 'checkout-web', allowedBranches: ['release/*'] }],
  { githubOwner: 'acme-platform', allowedBranches: ['main'] },
);

type Settings = Record<string, unknown>;
type Entry = Record<string, unknown>;

/** A fix as printed: keys to set in entry `index`, or (index undefined) an entry to add. */
interface PrintedFix {
  readonly index?: number;
  readonly values: Entry;
  /** Why the settings would be refused, when the fix says they would. */
  readonly refused?: string;
}

const SET =
  /repositories\[(\d+)\] \([^)]*\): ("[^"]+": .+?)(?: \([^()]*\))?(?:, then deploy| — refused as it stands: (.+))/;
const ADD = /add an entry to repositories: (\{.+?\})(?: \([^()]*\))?(?:, then deploy| — refused as it stands: (.+))/;

/** The fixes (one a line, as the report lists them) that change an entry of repositories, or add one. */
function printedFixes(fixes: readonly string[]): PrintedFix[] {
  return fixes.flatMap((line): PrintedFix[] => {
    const set = SET.exec(line);
    if (set) return [{ index: Number(set[1]), values: JSON.parse(`{${set[2]}}`) as Entry, refused: set[3] }];
    const added = ADD.exec(line);
    return added ? [{ values: JSON.parse(added[1]) as Entry, refused: added[2] }] : [];
  });
}

/** The settings with one fix applied, as the user would write it into cdk.json. */
function applied(settings: Settings, fix: PrintedFix): Settings {
  const entries = (settings.repositories as Entry[]).map((e) => ({ ...e }));
  if (fix.index === undefined) entries.push(fix.values);
  else entries[fix.index] = { ...entries[fix.index], ...fix.values };
  return { ...settings, repositories: entries };
}

/** The doctor with `settings` as cdk.json's context (each call: a project of its own). */
function doctorWith(settings: Settings) {
  return doctorRunner(tempRoot({ context: settings }), renderedRegistrySynthesizer);
}

/** A `-c KEY=…` for a setting an entry can hold: never a fix with repositories (it would change the top level). */
const TOP_LEVEL_FLAG = new RegExp(`-c '?(${REPOSITORY_KEYS.join('|')})=`);

/** Claims of a run on main of billing-api whose job calls the pinned workflow as it is on another branch. */
function callAtOtherRef(): string {
  const claims = githubClaims({
    owner: 'acme-platform',
    ownerId: '4242',
    repository: 'billing-api',
    repositoryId: '1001',
    subjectFormat: 'immutable',
    trigger: onBranch('main'),
    workflowFile: '.github/workflows/deploy-ecr.yml',
  });
  const file = path.join(tempDir('claims'), 'claims.json');
  const jobWorkflowRef = 'acme-platform/billing-api/.github/workflows/deploy-ecr.yml@refs/heads/release';
  fs.writeFileSync(file, JSON.stringify({ ...claims, job_workflow_ref: jobWorkflowRef }));
  return file;
}

describe.each([
  // [settings, --repository, the run, the cause, fixes that change settings, of which refused]
  ['trial', 'acme-platform/checkout-web', ['--branch', 'feature/x'], 'branch-not-allowed', 1, 0],
  ['trial', 'acme-platform/billing-api', ['--branch', 'feature/x'], 'branch-not-allowed', 1, 0],
  ['trial', 'acme-data/ingest', ['--branch', 'main'], 'branch-not-allowed', 1, 0],
  ['trial', 'acme-data/ingest', ['--tag', 'release-1'], 'tag-not-allowed', 1, 0],
  [
    'trial',
    'acme-platform/checkout-web',
    ['--environment', 'staging', '--branch', 'main'],
    'environment-subject',
    1,
    0,
  ],
  [
    'trial',
    'acme-platform/billing-api',
    ['--environment', 'production', '--branch', 'main'],
    'environment-subject',
    1,
    0,
  ],
  ['trial', 'acme-platform/billing-api', ['--pull-request'], 'pull-request', 1, 0],
  [
    'trial',
    'acme-platform/checkout-web',
    ['--environment', 'production', '--ref', 'refs/pull/1/merge'],
    'environment-pull-request',
    1,
    1,
  ],
  ['trial', 'acme-data/Ingest', ['--tag', 'v1'], 'repository-case-mismatch', 1, 0],
  ['trial', 'acme-platform/billing-api', ['--branch', 'main', '--repository-id', '999'], 'repository-ids-differ', 1, 0],
  [
    'trial',
    'acme-platform/checkout-web',
    ['--branch', 'main', '--workflow-file', '.github/workflows/other.yml'],
    'workflow-file',
    2,
    0,
  ],
  ['trial', 'acme-platform/billing-api', ['--claims', callAtOtherRef()], 'workflow-file', 1, 0],
  [
    'trial',
    'acme-platform/billing-api',
    ['--sub', 'repo:acme-platform@4242/billing-apl@777:ref:refs/heads/main'],
    'other-repository',
    1,
    0,
  ],
  [
    'without IDs',
    'acme-platform/billing-api',
    ['--branch', 'main', '--sub-format', 'immutable', '--owner-id', '4242', '--repository-id', '1001'],
    'immutable-sub-without-ids',
    1,
    0,
  ],
] as const)('%s settings, --repository %s %j', (name, repository, run, cause, count, refused) => {
  const settings = name === 'trial' ? TRIAL : WITHOUT_IDS;
  const argv = ['--repository', repository, ...run];
  const denied = doctorWith(settings)([...argv, '--json']);
  const report = JSON.parse(denied.stdout) as { causes: Array<{ id: string; fix: string[] }> };
  const fixLines = report.causes.flatMap((c) => c.fix);
  const fixText = fixLines.join('\n');
  const fixes = printedFixes(fixLines);

  test(`denied with ${cause}, and ${count} fix(es) naming the entry (${refused} refused), none a top-level -c`, () => {
    expect(denied.code).toBe(1);
    expect(report.causes.map((c) => c.id)).toContain(cause);
    expect(fixes).toHaveLength(count);
    expect(fixes.filter((f) => f.refused !== undefined)).toHaveLength(refused);
    expect(fixText).not.toMatch(TOP_LEVEL_FLAG);
  });

  test('each fix, applied as printed, allows the run and leaves every other entry as it was (or is refused as it says)', () => {
    expect(fixes).toHaveLength(count);
    const before = registryFor(settings).repositories;
    for (const fix of fixes) {
      const fixed = applied(settings, fix);
      if (fix.refused !== undefined) {
        expect(() => registryFor(fixed)).toThrow(`${fix.refused.replace(/\.$/, '')}.`);
        continue;
      }
      const after = registryFor(fixed).repositories;
      before.forEach((config, i) => {
        if (i !== fix.index) expect(after[i]).toEqual(config);
      });
      // An added entry is checked as its own repository.
      const served = fix.index === undefined ? `${fix.values.githubOwner}/${fix.values.githubRepository}` : repository;
      const rerun = doctorWith(fixed)(['--repository', served, ...run]);
      expect({ fix, code: rerun.code, stderr: rerun.stderr }).toEqual({ fix, code: 0, stderr: '' });
    }
  });
});

describe('a fix for a setting every repository shares', () => {
  test('names the top-level setting and says it applies to every repository', () => {
    const out = doctorWith(TRIAL)([
      '--repository',
      'acme-platform/billing-api',
      '--branch',
      'main',
      '--issuer',
      'https://token.actions.acme.ghe.com',
    ]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      '-c githubOidcHost=token.actions.acme.ghe.com (or in cdk.json; githubOidcHost applies to every repository of repositories), then deploy every stack (npx cdk deploy --all).',
    );
  });
});

describe('a token of another entry', () => {
  test('points at that entry and its own role, not at changing this one', () => {
    const out = doctorWith(TRIAL)([
      '--repository',
      'acme-platform/billing-api',
      '--sub',
      'repo:acme-platform/checkout-web:ref:refs/heads/main',
    ]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      'since acme-platform/checkout-web has a role of its own (repositories[1]), assume that role in its jobs',
    );
    expect(printedFixes(out.stdout.split('\n'))).toEqual([]);
  });
});

describe('--workflow with repositories', () => {
  // A job in environment staging, started by pushes to main.
  const cwd = tempDir('workflow');
  fs.mkdirSync(path.join(cwd, '.github', 'workflows'), { recursive: true });
  fs.writeFileSync(
    path.join(cwd, '.github', 'workflows', 'deploy-ecr.yml'),
    [
      'name: Deploy',
      'on:',
      '  push:',
      '    branches: [main]',
      'permissions:',
      '  contents: read',
      'jobs:',
      '  push-image:',
      '    runs-on: ubuntu-24.04',
      '    environment: staging',
      ...ASSUMES_ROLE,
      '',
    ].join('\n'),
  );
  const argv = ['--repository', 'acme-platform/checkout-web', '--workflow', '--json'];
  const decisions = (stdout: string) =>
    (JSON.parse(stdout) as { workflow: { triggers: Array<{ decision: string }> } }).workflow.triggers.map(
      (t) => t.decision,
    );

  test("the denied run's fix names the entry, and applied as printed lets the run through", () => {
    const out = doctorWith(TRIAL)(argv, { cwd });
    expect(decisions(out.stdout)).toEqual(['Deny']);
    const report = JSON.parse(out.stdout) as { workflow: { triggers: Array<{ causes: Array<{ fix: string[] }> }> } };
    const fixes = printedFixes(report.workflow.triggers.flatMap((t) => t.causes.flatMap((c) => c.fix)));
    expect(fixes).toEqual([{ index: 1, values: { allowedEnvironments: ['production', 'staging'] } }]);
    expect(out.stdout).not.toMatch(TOP_LEVEL_FLAG);
    expect(decisions(doctorWith(applied(TRIAL, fixes[0]))(argv, { cwd }).stdout)).toEqual(['Allow']);
  });
});

describe('--workflow FILE --workflow-file PATH: a copy kept outside the checkout, checked as the repository would run it', () => {
  // ingest's copy: pushes of tags v*, which its entry trusts; kept in a directory of copies.
  const copy = path.join(tempDir('copies'), 'ingest.yml');
  fs.writeFileSync(
    copy,
    [
      'name: Deploy',
      'on:',
      '  push:',
      "    tags: ['v*']",
      'permissions:',
      '  contents: read',
      'jobs:',
      '  push-image:',
      '    runs-on: ubuntu-24.04',
      ...ASSUMES_ROLE,
      '',
    ].join('\n'),
  );
  const decisions = (stdout: string) =>
    (JSON.parse(stdout) as { workflow: { triggers: Array<{ decision: string }> } }).workflow.triggers.map(
      (t) => t.decision,
    );
  const ingest = ['--repository', 'acme-data/ingest', '--workflow', copy, '--json'];

  test('as the pinned path: every run it starts is allowed', () => {
    const out = doctorWith(TRIAL)([...ingest, '--workflow-file', '.github/workflows/deploy-ecr.yml']);
    expect(out.stderr).toBe('');
    expect(decisions(out.stdout)).toEqual(['Allow']);
    // The minimal copy breaks other workflow rules (no build steps); none is about its path or triggers.
    const { problems } = (JSON.parse(out.stdout) as { workflow: { problems: Array<{ check: string }> } }).workflow;
    expect(problems.map((p) => p.check)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(workflow-file|push-tags|push-branches|triggers)$/)]),
    );
  });

  test('as its own path (no --workflow-file): the pin refuses it, as it would refuse a workflow there', () => {
    const out = doctorWith(TRIAL)(ingest);
    expect(decisions(out.stdout)).toEqual(['Deny']);
    expect(out.code).toBe(1);
  });
});
