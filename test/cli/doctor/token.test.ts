/**
 * The token the doctor checks: claims files evaluated exactly as they are (a missing claim stays
 * missing), tokens built around a given sub, and generated tokens.
 */
import * as fs from 'fs';
import * as path from 'path';
import { configFor } from '../../../lib/cli/settings';
import { doctorToken } from '../../../lib/cli/doctor/token';
import { githubClaims, onBranch } from '../../../lib/iam/github-token';
import { fixtureSettings } from '../../support/fixture-settings';
import { doctorRunner, tempDir } from './helpers';

const doctor = doctorRunner();

const nameFormat = githubClaims({
  owner: 'Octo-Org',
  repository: 'octo-service',
  ownerId: '1001',
  repositoryId: '2002',
  trigger: onBranch('main'),
});

describe('--sub (the contrast to --jwt and --claims)', () => {
  it('marks the claims it filled in around the given sub, and not the sub', () => {
    const out = doctor(['--sub', 'repo:Octo-Org/octo-service:ref:refs/heads/main']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ {2}aud +sts\.amazonaws\.com {3}\(filled in\)$/m);
    expect(out.stdout).toMatch(/^ {2}sub +repo:Octo-Org\/octo-service:ref:refs\/heads\/main$/m);
  });
});

describe('--claims', () => {
  const config = configFor(fixtureSettings());
  const read = (content: object) => () => JSON.stringify(content);

  it('takes the claims as they are: nothing is filled in', () => {
    const given = {
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:Octo-Org/octo-service:environment:production',
    };
    const token = doctorToken({ kind: 'claims', file: 'c.json' }, {}, config, { readFile: read(given) });
    expect(token.claims).toEqual(given);
    expect(token.filledIn).toEqual([]);
  });

  it('keeps every claim it is given', () => {
    const given = { ...nameFormat, aud: 'something-else', ref: 'refs/heads/x' };
    const token = doctorToken({ kind: 'claims', file: 'c.json' }, {}, config, { readFile: read(given) });
    expect(token.claims).toEqual(given);
    expect(token.filledIn).toEqual([]);
  });

  it('a partial claims file is denied on what it lacks, and says which claims are missing', () => {
    const file = path.join(tempDir('claims'), 'c.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        iss: 'https://token.actions.githubusercontent.com',
        sub: 'repo:Octo-Org/octo-service:ref:refs/heads/main',
      }),
    );
    const out = doctor(['--claims', file]);
    expect(out.code).toBe(1);
    expect(out.stdout).not.toContain('(filled in)');
    expect(out.stdout).toContain('First failing condition: StringEquals token.actions.githubusercontent.com:aud');
    expect(out.stdout).toContain(
      'The token has no aud, job_workflow_ref claims: the trust policy checks them, and STS sees them as absent (the doctor fills in nothing for --jwt and --claims).',
    );
  });

  it('a claims file without iss is a usage error', () => {
    expect(() =>
      doctorToken({ kind: 'claims', file: 'c.json' }, {}, config, {
        readFile: read({ sub: 'repo:Octo-Org/octo-service:ref:refs/heads/main' }),
      }),
    ).toThrow(/^the claims file has no "iss" claim/);
  });

  it.each([
    [
      'a missing file',
      ['--claims', '/nonexistent/claims.json'],
      'doctor: --claims: cannot read /nonexistent/claims.json (ENOENT)\n',
    ],
  ])('%s is a usage error', (_, args, stderr) => {
    expect(doctor(args)).toEqual({ code: 2, stdout: '', stderr });
  });

  it('refuses a file that is not a JSON object', () => {
    expect(() => doctorToken({ kind: 'claims', file: 'c.json' }, {}, config, { readFile: () => '[]' })).toThrow(
      /expected a JSON object/,
    );
    expect(() => doctorToken({ kind: 'claims', file: 'c.json' }, {}, config, { readFile: () => 'sub=x' })).toThrow(
      /is not JSON/,
    );
  });
});

describe('generated tokens', () => {
  const config = configFor(fixtureSettings());
  const ids = configFor(fixtureSettings({ githubOwnerId: '1001', githubRepositoryId: '2002' }));

  it('uses the format matching the settings, and the configured IDs for this repository', () => {
    expect(doctorToken({ kind: 'ref', ref: 'refs/heads/x' }, {}, config).claims.sub).toBe(
      'repo:Octo-Org/octo-service:ref:refs/heads/x',
    );
    const t = doctorToken({ kind: 'ref', ref: 'refs/heads/x' }, {}, ids);
    expect(t.claims).toMatchObject({
      sub: 'repo:Octo-Org@1001/octo-service@2002:ref:refs/heads/x',
      repository_id: '2002',
      repository_owner_id: '1001',
    });
  });

  it("names the workflow as GitHub does: its name:, or the file's path when it has none", () => {
    const named = doctorToken({ kind: 'ref', ref: 'refs/heads/main' }, {}, config, {
      workflowName: (file) => (file === '.github/workflows/deploy-ecr.yml' ? 'Ship it' : undefined),
    });
    expect(named.claims.workflow).toBe('Ship it');
    const unnamed = doctorToken(
      { kind: 'ref', ref: 'refs/heads/main' },
      { workflowFile: '.github/workflows/x.yml' },
      config,
      {
        workflowName: () => undefined,
      },
    );
    expect(unnamed.claims.workflow).toBe('.github/workflows/x.yml');
  });

  it('gives another repository other IDs than the configured ones', () => {
    const t = doctorToken({ kind: 'ref', ref: 'refs/heads/main' }, { repository: 'Octo-Org/octo-service-evil' }, ids);
    // Numeric IDs, as GitHub sends, but not this repository's (a look-alike cannot have them).
    expect(t.claims.repository_id).toMatch(/^[1-9][0-9]*$/);
    expect(t.claims.repository_owner_id).toMatch(/^[1-9][0-9]*$/);
    expect(t.claims.repository_id).not.toBe('2002');
    expect(t.claims.repository_owner_id).not.toBe('1001');
  });

  it('an environment job runs for the first trusted branch unless told otherwise', () => {
    const releases = configFor(fixtureSettings({ allowedBranches: ['release/*', 'release'] }));
    const t = doctorToken({ kind: 'environment', environment: 'prod:eu' }, {}, releases);
    expect(t.claims).toMatchObject({
      sub: 'repo:Octo-Org/octo-service:environment:prod%3Aeu',
      environment: 'prod:eu',
      ref: 'refs/heads/release',
    });
  });

  it('a pull request has the merge ref and the pull_request subject', () => {
    const t = doctorToken({ kind: 'pull-request', number: 7 }, {}, config);
    expect(t.claims).toMatchObject({
      sub: 'repo:Octo-Org/octo-service:pull_request',
      ref: 'refs/pull/7/merge',
      event_name: 'pull_request',
    });
  });

  it('with IDs configured, a generated run says how to check the name form, and that its IDs are the configured ones', () => {
    expect(doctorToken({ kind: 'ref', ref: 'refs/heads/main' }, {}, ids).notes).toEqual([
      expect.stringContaining('check that case with --sub-format name'),
      "The token's repository_owner_id 1001 (githubOwnerId) and repository_id 2002 (githubRepositoryId) are taken from the settings: the doctor cannot know the IDs GitHub sends, so it does not catch a wrong one. Compare with gh api repos/Octo-Org/octo-service --jq '.owner.id, .id', or give them with --owner-id and --repository-id.",
    ]);
  });

  it('IDs given on the command line, or taken from an immutable sub, are not called configured', () => {
    const given = doctorToken({ kind: 'ref', ref: 'refs/heads/main' }, { ownerId: '7', repositoryId: '8' }, ids);
    expect(given.notes.join('\n')).not.toContain('taken from the settings');
    const partly = doctorToken({ kind: 'ref', ref: 'refs/heads/main' }, { repositoryId: '8' }, ids);
    expect(partly.notes).toContainEqual(
      expect.stringMatching(/^The token's repository_owner_id 1001 \(githubOwnerId\) is taken/),
    );
    const sub = 'repo:Octo-Org@1001/octo-service@2002:ref:refs/heads/main';
    expect(doctorToken({ kind: 'sub', sub }, {}, ids).notes.join('\n')).not.toContain('taken from the settings');
    const nameSub = doctorToken({ kind: 'sub', sub: 'repo:Octo-Org/octo-service:ref:refs/heads/main' }, {}, ids);
    expect(nameSub.notes).toContainEqual(expect.stringContaining('taken from the settings'));
  });

  it('--sub: every other claim is made up, and says so', () => {
    const t = doctorToken({ kind: 'sub', sub: 'repo:Octo-Org/octo-service:ref:refs/heads/main' }, {}, config);
    expect(t.filledIn).toEqual(expect.arrayContaining(['iss', 'aud', 'job_workflow_ref', 'repository_id']));
    expect(t.filledIn).not.toContain('sub');
  });

  it('--sub: the other claims follow the sub', () => {
    const t = doctorToken({ kind: 'sub', sub: 'repo:Other@5/thing@6:ref:refs/tags/v2' }, {}, config);
    expect(t.claims).toMatchObject({
      sub: 'repo:Other@5/thing@6:ref:refs/tags/v2',
      repository: 'Other/thing',
      repository_owner_id: '5',
      repository_id: '6',
      ref: 'refs/tags/v2',
      job_workflow_ref: 'Other/thing/.github/workflows/deploy-ecr.yml@refs/tags/v2',
    });
  });
});
