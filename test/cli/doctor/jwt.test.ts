/**
 * `--jwt`: real JWTs built here (both sub formats), decoded and evaluated by the doctor exactly as
 * they are (a missing claim stays missing), under the fixture settings.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../../../lib/cli/argv';
import { decodeJwtPayload } from '../../../lib/cli/doctor/token';
import { githubClaims, onBranch } from '../../../lib/iam/github-token';
import { doctorRunner, makeJwt, tempDir } from './helpers';

const doctor = doctorRunner();
const NOW = Date.parse('2026-11-25T12:00:00Z');
const times = { iat: NOW / 1000 - 60, nbf: NOW / 1000 - 60, exp: NOW / 1000 + 240 };

const nameFormat = {
  ...githubClaims({
    owner: 'Octo-Org',
    repository: 'octo-service',
    ownerId: '1001',
    repositoryId: '2002',
    trigger: onBranch('main'),
  }),
  ...times,
};
const idFormat = {
  ...githubClaims({
    owner: 'Octo-Org',
    repository: 'octo-service',
    ownerId: '1001',
    repositoryId: '2002',
    subjectFormat: 'immutable',
    trigger: onBranch('main'),
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
    expect(out.stdout).toMatch(/token has: +repo:Octo-Org@1001\/octo-service@2002:ref:refs\/heads\/main/);
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
          'The token is from a repository named Octo-Org/octo-service, but its repository_id claim is (absent), while the role requires owner ID 1001 and repository ID 2002. GitHub puts both ID claims in every Actions token, so STS refuses a token without them: this one was not issued that way, or was edited.',
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
    const other = { ...githubClaims({ owner: 'someone', repository: 'fork', trigger: onBranch('main') }), ...times };
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
