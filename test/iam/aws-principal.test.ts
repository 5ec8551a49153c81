/**
 * What an `"AWS"` principal in a resource-based policy stands for (lib/iam/aws-principal.ts), as AWS
 * documents it on "AWS JSON policy elements: Principal": an account (its root ARN or its bare ID)
 * stands for every principal of that account, a role for that role and its sessions, anything else
 * for itself only.
 */
import { awsPrincipalMatches } from '../../lib/iam/aws-principal';

const ACCOUNT = '111122223333';
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/ecsTaskExecutionRole/3f2a9c1e`;
const USER = `arn:aws:iam::${ACCOUNT}:user/deploy`;

/** Every kind of principal of ACCOUNT a request can come from. */
const OF_THE_ACCOUNT = [
  ROOT,
  ROLE,
  `arn:aws:iam::${ACCOUNT}:role/service-role/path/ecsTaskExecutionRole2`,
  SESSION,
  USER,
  `arn:aws:sts::${ACCOUNT}:federated-user/alice`,
];

describe('an account principal (root ARN or bare account ID)', () => {
  test.each([ROOT, ACCOUNT])('%s: every principal of that account', (policy) => {
    for (const request of OF_THE_ACCOUNT)
      expect([request, awsPrincipalMatches(policy, request)]).toEqual([request, true]);
  });

  test.each([ROOT, ACCOUNT])('%s: no principal of another account', (policy) => {
    for (const request of [
      ...OF_THE_ACCOUNT.map((arn) => arn.replace(ACCOUNT, '999988887777')),
      // The account's ID elsewhere in the ARN.
      `arn:aws:iam::999988887777:role/${ACCOUNT}`,
      `arn:aws:sts::999988887777:assumed-role/x/${ACCOUNT}`,
    ]) {
      expect([request, awsPrincipalMatches(policy, request)]).toEqual([request, false]);
    }
  });

  test.each([ROOT, ACCOUNT])('%s: no principal of a look-alike account (a digit changed, more, less)', (policy) => {
    for (const other of ['111122223334', '011122223333', '1111222233334', '11112222333', '0111122223333']) {
      for (const request of [`arn:aws:iam::${other}:root`, `arn:aws:iam::${other}:role/ecsTaskExecutionRole`]) {
        expect([request, awsPrincipalMatches(policy, request)]).toEqual([request, false]);
      }
    }
  });

  test('a look-alike account in the policy stands for nothing of the real one', () => {
    for (const policy of ['arn:aws:iam::1111222233334:root', '1111222233334', '11112222333']) {
      for (const request of OF_THE_ACCOUNT) {
        expect([policy, request, awsPrincipalMatches(policy, request)]).toEqual([policy, request, false]);
      }
    }
  });

  test('the root ARN: no principal of the same account ID in another partition', () => {
    for (const request of [`arn:aws-cn:iam::${ACCOUNT}:role/x`, `arn:aws-us-gov:sts::${ACCOUNT}:assumed-role/x/s`]) {
      expect([request, awsPrincipalMatches(ROOT, request)]).toEqual([request, false]);
    }
    expect(awsPrincipalMatches(`arn:aws-cn:iam::${ACCOUNT}:root`, `arn:aws-cn:iam::${ACCOUNT}:role/x`)).toBe(true);
  });

  test('only the documented root ARN is an account principal (not another resource named like it)', () => {
    for (const policy of [
      `arn:aws:iam::${ACCOUNT}:root/x`,
      `arn:aws:iam::${ACCOUNT}:user/root`,
      `arn:aws:sts::${ACCOUNT}:root`,
    ]) {
      expect([policy, awsPrincipalMatches(policy, ROLE)]).toEqual([policy, false]);
    }
  });

  test('a request from something that is not a principal ARN of the account does not match', () => {
    for (const request of [
      `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      `arn:aws:s3:::${ACCOUNT}`,
      `${ACCOUNT}x`,
      '',
    ]) {
      expect([request, awsPrincipalMatches(ROOT, request)]).toEqual([request, false]);
    }
  });
});

describe('a role principal', () => {
  test('the role itself and its sessions', () => {
    expect(awsPrincipalMatches(ROLE, ROLE)).toBe(true);
    expect(awsPrincipalMatches(ROLE, SESSION)).toBe(true);
    // A session ARN carries the role's name without its path.
    const withPath = `arn:aws:iam::${ACCOUNT}:role/service-role/ecsTaskExecutionRole`;
    expect(awsPrincipalMatches(withPath, SESSION)).toBe(true);
  });

  test('nothing else: not the account, another role, a role named like it, the same role name in another account', () => {
    for (const request of [
      ROOT,
      USER,
      `arn:aws:iam::${ACCOUNT}:role/other`,
      `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole2`,
      `arn:aws:sts::${ACCOUNT}:assumed-role/ecsTaskExecutionRole2/3f2a9c1e`,
      `arn:aws:sts::${ACCOUNT}:assumed-role/other/ecsTaskExecutionRole`,
      'arn:aws:iam::999988887777:role/ecsTaskExecutionRole',
      'arn:aws:sts::999988887777:assumed-role/ecsTaskExecutionRole/3f2a9c1e',
      `arn:aws-cn:sts::${ACCOUNT}:assumed-role/ecsTaskExecutionRole/3f2a9c1e`,
    ]) {
      expect([request, awsPrincipalMatches(ROLE, request)]).toEqual([request, false]);
    }
  });
});

describe('a session or user principal', () => {
  test('that one principal only', () => {
    expect(awsPrincipalMatches(SESSION, SESSION)).toBe(true);
    expect(awsPrincipalMatches(USER, USER)).toBe(true);
    for (const request of [ROOT, ROLE, `arn:aws:sts::${ACCOUNT}:assumed-role/ecsTaskExecutionRole/other`]) {
      expect([request, awsPrincipalMatches(SESSION, request)]).toEqual([request, false]);
    }
    for (const request of [ROOT, ROLE, `arn:aws:iam::${ACCOUNT}:user/deploy2`]) {
      expect([request, awsPrincipalMatches(USER, request)]).toEqual([request, false]);
    }
  });
});
