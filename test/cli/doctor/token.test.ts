/**
 * The token the doctor checks: real JWTs built here (both sub formats) and claims files, both
 * evaluated exactly as they are (a missing claim stays missing), and generated tokens.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../../../lib/cli/argv';
import { configFor } from '../../../lib/cli/settings';
import { decodeJwtPayload, doctorToken } from '../../../lib/cli/doctor/token';
import { githubClaims, onBranch } from '../../../lib/iam/github-token';
import { CDK_JSON_CONTEXT } from '../../support/cdk-json';
import { doctorRunner, makeJwt, tempDir } from './helpers';

const doctor = doctorRunner();
const NOW = Date.parse('2026-11-25T12:00:00Z');
const times = { iat: NOW / 1000 - 60, nbf: NOW / 1000 - 60, exp: NOW / 1000 + 240 };

const nameFormat = {
  ...githubClaims({
    owner: 'mycompany-inc',
    repository: 'my-repo',
    ownerId: '1001',
    repositoryId: '2002',
    trigger: onBranch('develop'),
  }),
  ...times,
};
const idFormat = {
  ...githubClaims({
    owner: 'mycompany-inc',
    repository: 'my-repo',
    ownerId: '1001',
    repositoryId: '2002',
    subjectFormat: 'immutable',
    trigger: onBranch('develop'),
  }),
  ...times,
};
const IDS = ['-c', 'githubOwnerId=1001', '-c', 'githubRepositoryId=2002'];

describe('--jwt', () => {
  it('decodes the payload of a JWT without checking anything else', () => {
    expect(decodeJwtPayload(makeJwt(nameFormat))).toEqual(nameFormat);
  });

  it.each([
    ['not a JWT at all', 'hello'],
    ['two parts', 'a.b'],
    [
      'a payload that is not JSON',
      `${Buffer.from('{}').toString('base64url')}.${Buffer.from('nope').toString('base64url')}.sig`,
    ],
    ['a payload that is a list', `e30.${Buffer.from('[1]').toString('base64url')}.sig`],
  ])('refuses %s with a usage error', (_, token) => {
    expect(() => decodeJwtPayload(token)).toThrow(UsageError);
  });

  it('name-format token, IDs not configured → ALLOW, and says the JWT was only decoded locally', () => {
    const out = doctor(['--jwt', makeJwt(nameFormat)], { now: NOW });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('(claims from a JWT)');
    expect(out.stdout).toContain(
      'JWT payload decoded locally and evaluated as it is (nothing is filled in): the signature was not verified and nothing was sent over the network.',
    );
    expect(out.stdout).not.toContain('(filled in)');
  });

  it('ID-format token, IDs not configured → DENY immutable-sub-without-ids with the IDs to set', () => {
    const out = doctor(['--jwt', makeJwt(idFormat)], { now: NOW });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/token has: +repo:mycompany-inc@1001\/my-repo@2002:ref:refs\/heads\/develop/);
    expect(out.stdout).toContain('Cause [immutable-sub-without-ids]');
    expect(out.stdout).toContain('-c githubOwnerId=1001 -c githubRepositoryId=2002');
  });

  it('IDs configured: an ID-format token → ALLOW; a name-format token with the right ID claims → ALLOW too, with a note', () => {
    expect(doctor(['--jwt', makeJwt(idFormat), ...IDS], { now: NOW }).code).toBe(0);
    const out = doctor(['--jwt', makeJwt(nameFormat), ...IDS, '--json'], { now: NOW });
    expect(out.code).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ decision: 'ALLOW', causes: [] });
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringContaining("The token's sub is in the name form")]),
    );
  });

  it('a real token without aud is evaluated as it is: DENY, aud absent', () => {
    const { aud, ...withoutAud } = nameFormat;
    expect(aud).toBe('sts.amazonaws.com');
    const out = doctor(['--jwt', makeJwt(withoutAud)], { now: NOW });
    expect(out.code).toBe(1);
    expect(out.stdout).not.toMatch(/^ +aud /m);
    expect(out.stdout).toContain('First failing condition: StringEquals token.actions.githubusercontent.com:aud');
    expect(out.stdout).toMatch(/token has: +\(no such claim\)/);
    expect(out.stdout).toContain(
      'Cause [wrong-audience]: The token has no audience; the role accepts only "sts.amazonaws.com"',
    );
    expect(out.stdout).toContain(
      'The token has no aud claim: the trust policy checks it, and STS sees it as absent (the doctor fills in nothing for --jwt and --claims).',
    );
    const report = JSON.parse(doctor(['--jwt', makeJwt(withoutAud), '--json'], { now: NOW }).stdout);
    expect(report.token).toMatchObject({ source: 'jwt', filledIn: [] });
    expect(report.token.claims).not.toHaveProperty('aud');
    expect(report.firstFailure).toMatchObject({
      key: 'token.actions.githubusercontent.com:aud',
      requestValue: 'absent',
    });
  });

  it('a real token without repository_id, IDs configured: DENY, repository_id absent', () => {
    const { repository_id: _, ...withoutRepositoryId } = idFormat;
    const out = doctor(['--jwt', makeJwt(withoutRepositoryId), ...IDS, '--json'], { now: NOW });
    expect(out.code).toBe(1);
    const report = JSON.parse(out.stdout);
    expect(report.token.claims).not.toHaveProperty('repository_id');
    expect(report.request.context).not.toHaveProperty(['token.actions.githubusercontent.com:repository_id']);
    expect(report.failures).toEqual([
      expect.objectContaining({
        key: 'token.actions.githubusercontent.com:repository_id',
        requestValue: 'absent',
        policyValues: ['2002'],
      }),
    ]);
    expect(report.causes).toEqual([
      {
        id: 'repository-ids-differ',
        message:
          'The token is from a repository named mycompany-inc/my-repo, but its repository_id claim is (absent), while the role requires owner ID 1001 and repository ID 2002. GitHub puts both ID claims in every Actions token, so STS refuses a token without them: this one was not issued that way, or was edited.',
        fix: ['Check the token exactly as the job received it (--jwt with the raw token).'],
      },
    ]);
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('The token has no repository_id claim')]),
    );
  });

  it('a token without iss is refused as it is (exit 2), not given an issuer', () => {
    const { iss: _, ...withoutIss } = nameFormat;
    const out = doctor(['--jwt', makeJwt(withoutIss)], { now: NOW });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(
      /^doctor: the JWT payload has no "iss" claim: STS would find no identity provider for it and refuse it\./,
    );
  });

  it('a token from another repository → DENY other-repository', () => {
    const other = { ...githubClaims({ owner: 'someone', repository: 'fork', trigger: onBranch('develop') }), ...times };
    const out = doctor(['--jwt', makeJwt(other), '--json'], { now: NOW });
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout).causes[0].id).toBe('other-repository');
  });

  it('says when the token has expired (STS would refuse it anyway)', () => {
    const out = doctor(['--jwt', makeJwt(nameFormat)], { now: NOW + 3_600_000 });
    expect(out.stdout).toContain('The token expired at 2026-11-25T12:04:00.000Z');
  });

  it('reads a token from a file with @FILE', () => {
    const file = path.join(tempDir('jwt'), 'token.txt');
    fs.writeFileSync(file, `${makeJwt(idFormat)}\n`);
    expect(doctor(['--jwt', `@${file}`, ...IDS], { now: NOW }).code).toBe(0);
  });

  it('a malformed token is a usage error: one line, exit 2', () => {
    const out = doctor(['--jwt', 'not.a-jwt']);
    expect(out).toEqual({
      code: 2,
      stdout: '',
      stderr: 'doctor: --jwt: not a JWT (expected three base64url parts separated by ".", as GitHub issues them)\n',
    });
  });
});

describe('--sub (the contrast to --jwt and --claims)', () => {
  it('marks the claims it filled in around the given sub, and not the sub', () => {
    const out = doctor(['--sub', 'repo:mycompany-inc/my-repo:ref:refs/heads/develop']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^ {2}aud +sts\.amazonaws\.com {3}\(filled in\)$/m);
    expect(out.stdout).toMatch(/^ {2}sub +repo:mycompany-inc\/my-repo:ref:refs\/heads\/develop$/m);
  });
});

describe('--claims', () => {
  const config = configFor(CDK_JSON_CONTEXT);
  const read = (content: object) => () => JSON.stringify(content);

  it('takes the claims as they are: nothing is filled in', () => {
    const given = {
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:mycompany-inc/my-repo:environment:production',
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
        sub: 'repo:mycompany-inc/my-repo:ref:refs/heads/develop',
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
        readFile: read({ sub: 'repo:mycompany-inc/my-repo:ref:refs/heads/develop' }),
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
  const config = configFor(CDK_JSON_CONTEXT);
  const ids = configFor({ ...CDK_JSON_CONTEXT, githubOwnerId: '1001', githubRepositoryId: '2002' });

  it('uses the format matching the settings, and the configured IDs for this repository', () => {
    expect(doctorToken({ kind: 'ref', ref: 'refs/heads/x' }, {}, config).claims.sub).toBe(
      'repo:mycompany-inc/my-repo:ref:refs/heads/x',
    );
    const t = doctorToken({ kind: 'ref', ref: 'refs/heads/x' }, {}, ids);
    expect(t.claims).toMatchObject({
      sub: 'repo:mycompany-inc@1001/my-repo@2002:ref:refs/heads/x',
      repository_id: '2002',
      repository_owner_id: '1001',
    });
  });

  it('gives another repository other IDs than the configured ones', () => {
    const t = doctorToken(
      { kind: 'ref', ref: 'refs/heads/develop' },
      { repository: 'mycompany-inc/my-repo-evil' },
      ids,
    );
    expect(t.claims.repository_id).not.toBe('2002');
  });

  it('an environment job runs for the first trusted branch unless told otherwise', () => {
    const t = doctorToken({ kind: 'environment', environment: 'prod:eu' }, {}, config);
    expect(t.claims).toMatchObject({
      sub: 'repo:mycompany-inc/my-repo:environment:prod%3Aeu',
      environment: 'prod:eu',
      ref: 'refs/heads/develop',
    });
  });

  it('a pull request has the merge ref and the pull_request subject', () => {
    const t = doctorToken({ kind: 'pull-request', number: 7 }, {}, config);
    expect(t.claims).toMatchObject({
      sub: 'repo:mycompany-inc/my-repo:pull_request',
      ref: 'refs/pull/7/merge',
      event_name: 'pull_request',
    });
  });

  it('with IDs configured, a generated run says how to check the name form', () => {
    expect(doctorToken({ kind: 'ref', ref: 'refs/heads/develop' }, {}, ids).notes).toEqual([
      expect.stringContaining('check that case with --sub-format name'),
    ]);
  });

  it('--sub: every other claim is made up, and says so', () => {
    const t = doctorToken({ kind: 'sub', sub: 'repo:mycompany-inc/my-repo:ref:refs/heads/develop' }, {}, config);
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
