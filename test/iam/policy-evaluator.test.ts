/**
 * The evaluator on hand-written policies, so that its correctness does not rest on the stack it
 * is later used to check. Expected results follow AWS's documented evaluation logic.
 *
 * Longer than ~300 lines on purpose: one table of cases per part of AWS's evaluation logic, read
 * as a specification from top to bottom.
 */
import {
  ContextValue,
  Decision,
  describeMismatch,
  evaluatePolicies,
  evaluatePolicy,
  explainDecision,
  PolicyDocument,
  PolicyEvaluationError,
  RequestContext,
} from '../../lib/iam/policy-evaluator';
import { arnMatch, wildcardMatch } from '../../lib/iam/wildcard';

const ACTION = 's3:GetObject';
const RESOURCE = 'arn:aws:s3:::bucket/key';

/** A policy with one Allow statement on ACTION/RESOURCE and the given condition block. */
function allowWhen(condition: Record<string, Record<string, unknown>>): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ACTION, Resource: RESOURCE, Condition: condition }],
  };
}

function request(context: Record<string, ContextValue> = {}, overrides: Partial<RequestContext> = {}): RequestContext {
  return { action: ACTION, resource: RESOURCE, context, ...overrides };
}

function decide(policy: PolicyDocument, context: Record<string, ContextValue> = {}): Decision['decision'] {
  return evaluatePolicy(policy, request(context)).decision;
}

describe('wildcardMatch', () => {
  it.each([
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['abc', 'ab', false],
    ['a*', 'a', true],
    ['a*', 'a/b:c', true],
    ['*', '', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['*.txt', 'a.txt.bak', false],
    ['repo:o/r:ref:refs/heads/release/*', 'repo:o/r:ref:refs/heads/release/1.2', true],
    ['repo:o/r:ref:refs/heads/release/*', 'repo:o/r:ref:refs/heads/releasex', false],
    // Regex metacharacters are literal.
    ['a.c', 'abc', false],
    ['a+(b)', 'a+(b)', true],
    ['[ab]', 'a', false],
  ])('%j matches %j: %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it('is case-sensitive unless asked otherwise', () => {
    expect(wildcardMatch('ABC*', 'abcd')).toBe(false);
    expect(wildcardMatch('ABC*', 'abcd', true)).toBe(true);
  });

  it('does not backtrack exponentially on many stars', () => {
    const started = Date.now();
    expect(wildcardMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('arnMatch (ArnLike)', () => {
  it.each([
    ['arn:aws:iam::*:role/x', 'arn:aws:iam::123456789012:role/x', true],
    // A "*" inside one part does not reach into the next one.
    ['arn:aws:iam::*', 'arn:aws:iam::123456789012:role/x', false],
    ['arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/path/x', true],
    ['arn:aws:sns:*:*:topic:sub', 'arn:aws:sns:us-east-1:1:topic:sub', true],
    ['arn:aws:iam::1:role/x', 'not-an-arn', false],
  ])('%j vs %j: %s', (pattern, arn, expected) => {
    expect(arnMatch(pattern, arn)).toBe(expected);
  });
});

describe('effect', () => {
  const allowAll: PolicyDocument = { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } };

  it('denies by default when no statement applies', () => {
    const d = evaluatePolicy({ Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }] }, request());
    expect(d).toMatchObject({ decision: 'Deny', reason: 'implicit-deny' });
    expect(d.firstFailure).toEqual({ element: 'Action', requestValue: ACTION, policyValues: ['s3:PutObject'] });
  });

  it('allows when an Allow statement applies', () => {
    expect(evaluatePolicy(allowAll, request())).toMatchObject({ decision: 'Allow', reason: 'explicit-allow' });
  });

  it('lets an explicit Deny win over an Allow, in the same or another policy', () => {
    const deny: PolicyDocument = { Statement: { Sid: 'NoS3', Effect: 'Deny', Action: 's3:*', Resource: '*' } };
    const d = evaluatePolicies([allowAll, deny], request());
    expect(d).toMatchObject({ decision: 'Deny', reason: 'explicit-deny', statement: { sid: 'NoS3', index: 1 } });
    expect(explainDecision(d)).toBe('Deny: statement 1 (NoS3) explicitly denies the request');
    const both: PolicyDocument = { Statement: [allowAll.Statement, deny.Statement] };
    expect(evaluatePolicy(both, request()).decision).toBe('Deny');
  });

  it('ignores a Deny whose condition does not hold', () => {
    const policy: PolicyDocument = {
      Statement: [
        allowAll.Statement,
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    };
    expect(decide(policy, { 'aws:SecureTransport': true })).toBe('Allow');
    expect(decide(policy, { 'aws:SecureTransport': false })).toBe('Deny');
  });

  it('picks the closest Allow statement to explain an implicit deny', () => {
    const policy: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
        {
          Effect: 'Allow',
          Action: ACTION,
          Resource: RESOURCE,
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } },
        },
      ],
    };
    const d = evaluatePolicy(policy, request({ 'aws:PrincipalTag/team': 'b' }));
    expect(d.statement?.index).toBe(1);
    expect(d.firstFailure).toMatchObject({
      element: 'Condition',
      key: 'aws:PrincipalTag/team',
      requestValue: ['b'],
      policyValues: ['a'],
    });
  });
});

describe('Action and NotAction', () => {
  it.each([
    ['ecr:PutImage', 'ecr:PutImage', true],
    ['ecr:putimage', 'ecr:PutImage', true], // action names are case-insensitive
    ['ECR:Put*', 'ecr:PutImage', true],
    ['ecr:*', 'ecr:DeleteRepository', true],
    ['ecr:Put?mage', 'ecr:PutImage', true],
    ['ecr:Put*', 'ecr:BatchDeleteImage', false],
    ['ecr:PutImage', 'ecr:PutImageTagMutability', false],
    ['*', 'iam:CreateUser', true],
  ])('Action %j matches %j: %s', (pattern, action, expected) => {
    const d = evaluatePolicy(
      { Statement: { Effect: 'Allow', Action: pattern, Resource: '*' } },
      request({}, { action }),
    );
    expect(d.decision).toBe(expected ? 'Allow' : 'Deny');
  });

  it('NotAction allows everything except the listed actions', () => {
    const policy: PolicyDocument = { Statement: { Effect: 'Allow', NotAction: ['iam:*', 'sts:*'], Resource: '*' } };
    expect(evaluatePolicy(policy, request({}, { action: 's3:GetObject' })).decision).toBe('Allow');
    const d = evaluatePolicy(policy, request({}, { action: 'IAM:CreateUser' }));
    expect(d.decision).toBe('Deny');
    expect(d.firstFailure).toEqual({
      element: 'NotAction',
      requestValue: 'IAM:CreateUser',
      policyValues: ['iam:*', 'sts:*'],
    });
  });

  it('a Deny with NotAction denies everything else', () => {
    const policy: PolicyDocument = {
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', NotAction: 'ecr:*', Resource: '*' },
      ],
    };
    expect(evaluatePolicy(policy, request({}, { action: 'ecr:PutImage' })).decision).toBe('Allow');
    expect(evaluatePolicy(policy, request({}, { action: 's3:GetObject' })).reason).toBe('explicit-deny');
  });
});

describe('Resource and NotResource', () => {
  const repo = 'arn:aws:ecr:ap-northeast-1:123456789012:repository/my-ecr-repo';
  it.each([
    [repo, repo, true],
    [repo, `${repo}-evil`, false],
    [repo, repo.replace('my-ecr-repo', 'MY-ECR-REPO'), false], // resources are case-sensitive
    ['arn:aws:ecr:*:123456789012:repository/my-ecr-repo', repo, true],
    ['arn:aws:ecr:ap-northeast-1:123456789012:repository/*', `${repo}/sub`, true],
    ['arn:aws:ecr:ap-northeast-1:123456789012:repository/my-ecr-rep?', repo, true],
    ['*', repo, true],
    [repo, '*', false],
  ])('Resource %j matches %j: %s', (pattern, resource, expected) => {
    const d = evaluatePolicy(
      { Statement: { Effect: 'Allow', Action: 'ecr:PutImage', Resource: pattern } },
      { action: 'ecr:PutImage', resource },
    );
    expect(d.decision).toBe(expected ? 'Allow' : 'Deny');
  });

  it('NotResource applies to every other resource', () => {
    const policy: PolicyDocument = {
      Statement: { Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' },
    };
    expect(evaluatePolicy(policy, request({}, { resource: 'arn:aws:s3:::public/x' })).decision).toBe('Allow');
    expect(evaluatePolicy(policy, request({}, { resource: 'arn:aws:s3:::secret/x' })).firstFailure?.element).toBe(
      'NotResource',
    );
  });
});

describe('Principal', () => {
  const provider = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
  const trust: PolicyDocument = {
    Statement: { Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity' },
  };
  const assume = (id: string, type: 'Federated' | 'AWS' = 'Federated'): RequestContext => ({
    action: 'sts:AssumeRoleWithWebIdentity',
    principal: { type, id },
  });

  it('matches the federated provider exactly', () => {
    expect(evaluatePolicy(trust, assume(provider)).decision).toBe('Allow');
    const other = provider.replace('123456789012', '999999999999');
    const d = evaluatePolicy(trust, assume(other));
    expect(d.decision).toBe('Deny');
    expect(d.firstFailure).toEqual({
      element: 'Principal',
      requestValue: `Federated:${other}`,
      policyValues: [`Federated:${provider}`],
    });
  });

  it('does not match a principal of another type with the same identifier', () => {
    expect(evaluatePolicy(trust, assume(provider, 'AWS')).decision).toBe('Deny');
  });

  it('"*" and {"AWS":"*"} match anyone', () => {
    for (const Principal of ['*', { AWS: '*' }]) {
      const p: PolicyDocument = { Statement: { Effect: 'Allow', Principal, Action: 'sts:AssumeRoleWithWebIdentity' } };
      expect(evaluatePolicy(p, assume(provider)).decision).toBe('Allow');
    }
  });

  it('NotPrincipal excludes the listed principal', () => {
    const p: PolicyDocument = { Statement: { Effect: 'Allow', NotPrincipal: { Federated: provider }, Action: '*' } };
    expect(evaluatePolicy(p, assume(provider)).decision).toBe('Deny');
    expect(evaluatePolicy(p, assume('arn:aws:iam::1:oidc-provider/x')).decision).toBe('Allow');
  });

  it('refuses to evaluate a statement with a principal for a request without one', () => {
    expect(() => evaluatePolicy(trust, { action: 'sts:AssumeRoleWithWebIdentity' })).toThrow(PolicyEvaluationError);
  });

  describe('an account in a resource-based policy stands for every principal of that account', () => {
    const pull = (AWS: string): PolicyDocument => ({
      Statement: { Effect: 'Allow', Principal: { AWS }, Action: 'ecr:BatchGetImage', Resource: RESOURCE },
    });
    const by = (id: string): RequestContext => ({
      action: 'ecr:BatchGetImage',
      resource: RESOURCE,
      principal: { type: 'AWS', id },
    });
    const role = 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole';
    const session = 'arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/task-1';

    it.each(['arn:aws:iam::111122223333:root', '111122223333'])('%s: its roles and sessions, no other', (AWS) => {
      expect(evaluatePolicy(pull(AWS), by(role)).decision).toBe('Allow');
      expect(evaluatePolicy(pull(AWS), by(session)).decision).toBe('Allow');
      const outsider = evaluatePolicy(pull(AWS), by('arn:aws:iam::999988887777:role/ecsTaskExecutionRole'));
      expect(outsider.decision).toBe('Deny');
      expect(outsider.firstFailure?.element).toBe('Principal');
    });

    it('a role: that role and its sessions, not another role of the account', () => {
      expect(evaluatePolicy(pull(role), by(session)).decision).toBe('Allow');
      expect(evaluatePolicy(pull(role), by('arn:aws:iam::111122223333:role/other')).decision).toBe('Deny');
      expect(evaluatePolicy(pull(role), by('arn:aws:iam::111122223333:root')).decision).toBe('Deny');
    });

    it('NotPrincipal keeps exact matching (AWS asks for the account, role and session to be listed there)', () => {
      const p: PolicyDocument = {
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
          { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: '*', Resource: '*' },
        ],
      };
      expect(evaluatePolicy(p, by(role)).decision).toBe('Deny');
      expect(evaluatePolicy(p, by('arn:aws:iam::111122223333:root')).decision).toBe('Allow');
    });
  });
});

describe('string condition operators', () => {
  const key = 'token.actions.githubusercontent.com:sub';
  it.each([
    ['StringEquals', 'a', 'a', 'Allow'],
    ['StringEquals', 'a', 'A', 'Deny'],
    ['StringEquals', 'a*', 'abc', 'Deny'], // "*" is literal outside StringLike
    ['StringNotEquals', 'a', 'b', 'Allow'],
    ['StringNotEquals', 'a', 'a', 'Deny'],
    ['StringEqualsIgnoreCase', 'MyOrg', 'myorg', 'Allow'],
    ['StringEqualsIgnoreCase', 'MyOrg', 'myorg2', 'Deny'],
    ['StringNotEqualsIgnoreCase', 'MyOrg', 'MYORG', 'Deny'],
    ['StringNotEqualsIgnoreCase', 'MyOrg', 'other', 'Allow'],
    ['StringLike', 'repo:o/r:*', 'repo:o/r:ref:refs/heads/x', 'Allow'],
    ['StringLike', 'repo:o/r:*', 'repo:o/r2:ref:refs/heads/x', 'Deny'],
    ['StringLike', 'repo:o/r:ref:refs/tags/v?', 'repo:o/r:ref:refs/tags/v1', 'Allow'],
    ['StringLike', 'repo:o/r:ref:refs/tags/v?', 'repo:o/r:ref:refs/tags/v10', 'Deny'],
    ['StringLike', 'Repo:*', 'repo:x', 'Deny'], // case-sensitive
    ['StringNotLike', 'repo:o/*', 'repo:other/r', 'Allow'],
    ['StringNotLike', 'repo:o/*', 'repo:o/r', 'Deny'],
  ])('%s %j with request %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(decide(allowWhen({ [operator]: { [key]: policyValue } }), { [key]: requestValue })).toBe(expected);
  });

  it('ORs the values listed for one key', () => {
    const p = allowWhen({ StringEquals: { k: ['a', 'b'] } });
    expect(decide(p, { k: 'a' })).toBe('Allow');
    expect(decide(p, { k: 'b' })).toBe('Allow');
    expect(decide(p, { k: 'c' })).toBe('Deny');
  });

  it('NORs the values of a negated operator (true only when the value is none of them)', () => {
    const p = allowWhen({ StringNotEquals: { k: ['a', 'b'] } });
    expect(decide(p, { k: 'a' })).toBe('Deny');
    expect(decide(p, { k: 'b' })).toBe('Deny');
    expect(decide(p, { k: 'c' })).toBe('Allow');
  });

  it('ANDs the keys of one operator and the operators of one block', () => {
    const p = allowWhen({ StringEquals: { a: '1', b: '2' }, StringLike: { c: 'x*' } });
    expect(decide(p, { a: '1', b: '2', c: 'xy' })).toBe('Allow');
    expect(decide(p, { a: '1', b: '3', c: 'xy' })).toBe('Deny');
    expect(decide(p, { a: '1', b: '2', c: 'yx' })).toBe('Deny');
  });

  it('matches condition key names case-insensitively but values case-sensitively', () => {
    const p = allowWhen({ StringEquals: { 'Token.Actions.GitHubUserContent.com:Sub': 'v' } });
    expect(decide(p, { 'token.actions.githubusercontent.com:sub': 'v' })).toBe('Allow');
    expect(decide(p, { 'token.actions.githubusercontent.com:sub': 'V' })).toBe('Deny');
  });

  it('a missing key makes a positive operator false and a negated one true', () => {
    expect(decide(allowWhen({ StringEquals: { k: 'a' } }), {})).toBe('Deny');
    expect(decide(allowWhen({ StringLike: { k: '*' } }), {})).toBe('Deny');
    expect(decide(allowWhen({ StringNotEquals: { k: 'a' } }), {})).toBe('Allow');
    expect(decide(allowWhen({ StringNotLike: { k: 'a*' } }), {})).toBe('Allow');
  });

  it('reports every failing condition, in the order written, with the request value or "absent"', () => {
    const p = allowWhen({
      StringEquals: { aud: 'sts.amazonaws.com', sub: ['s1', 's2'] },
      StringLike: { ref: 'refs/heads/*' },
    });
    const d = evaluatePolicy(p, request({ aud: 'other', ref: 'refs/heads/x' }));
    expect(d.statement?.mismatches).toEqual([
      {
        element: 'Condition',
        operator: 'StringEquals',
        key: 'aud',
        requestValue: ['other'],
        policyValues: ['sts.amazonaws.com'],
        negated: false,
      },
      {
        element: 'Condition',
        operator: 'StringEquals',
        key: 'sub',
        requestValue: 'absent',
        policyValues: ['s1', 's2'],
        negated: false,
      },
    ]);
    expect(describeMismatch(d.firstFailure!)).toBe(
      'StringEquals aud: the request has "other"; the policy accepts "sts.amazonaws.com"',
    );
    expect(describeMismatch(d.statement!.mismatches[1])).toBe(
      'StringEquals sub: the request has no such key; the policy accepts "s1" or "s2"',
    );
    expect(explainDecision(d)).toMatch(/^Deny \(no statement allows it\): StringEquals aud/);
  });
});

describe('IfExists', () => {
  it('is true when the key is absent and checks the value when present', () => {
    const p = allowWhen({ StringEqualsIfExists: { k: 'a' } });
    expect(decide(p, {})).toBe('Allow');
    expect(decide(p, { k: 'a' })).toBe('Allow');
    expect(decide(p, { k: 'b' })).toBe('Deny');
  });

  it('works with negated and wildcard operators', () => {
    expect(decide(allowWhen({ StringNotLikeIfExists: { k: 'a*' } }), { k: 'ab' })).toBe('Deny');
    expect(decide(allowWhen({ StringLikeIfExists: { k: 'a*' } }), { k: 'ab' })).toBe('Allow');
    expect(decide(allowWhen({ BoolIfExists: { k: 'true' } }), {})).toBe('Allow');
  });
});

describe('set qualifiers', () => {
  it('ForAnyValue: true when at least one request value matches; false when the key is absent', () => {
    const p = allowWhen({ 'ForAnyValue:StringEquals': { tags: ['a', 'b'] } });
    expect(decide(p, { tags: ['x', 'b'] })).toBe('Allow');
    expect(decide(p, { tags: ['x', 'y'] })).toBe('Deny');
    expect(decide(p, {})).toBe('Deny');
    expect(decide(p, { tags: [] })).toBe('Deny');
  });

  it('ForAllValues: true when every request value matches, and vacuously when the key is absent', () => {
    const p = allowWhen({ 'ForAllValues:StringLike': { tags: ['a*', 'b'] } });
    expect(decide(p, { tags: ['a1', 'b'] })).toBe('Allow');
    expect(decide(p, { tags: ['a1', 'c'] })).toBe('Deny');
    // The pitfall the field notes warn about: a missing claim satisfies ForAllValues.
    expect(decide(p, {})).toBe('Allow');
    expect(decide(p, { tags: [] })).toBe('Allow');
  });

  it('negated operators under a qualifier apply to each request value', () => {
    const any = allowWhen({ 'ForAnyValue:StringNotEquals': { tags: ['a'] } });
    expect(decide(any, { tags: ['a', 'b'] })).toBe('Allow');
    expect(decide(any, { tags: ['a'] })).toBe('Deny');
    const all = allowWhen({ 'ForAllValues:StringNotEquals': { tags: ['a'] } });
    expect(decide(all, { tags: ['b', 'c'] })).toBe('Allow');
    expect(decide(all, { tags: ['b', 'a'] })).toBe('Deny');
  });

  it('refuses a single-valued operator on a key that holds several values', () => {
    expect(() => decide(allowWhen({ StringEquals: { tags: 'a' } }), { tags: ['a', 'b'] })).toThrow(/ForAnyValue/);
  });

  it('treats a one-element list like a single value', () => {
    expect(decide(allowWhen({ StringEquals: { aud: 'sts.amazonaws.com' } }), { aud: ['sts.amazonaws.com'] })).toBe(
      'Allow',
    );
  });
});

describe('Bool, Null, Numeric, Date and Arn operators', () => {
  it('Bool compares true/false, whatever the case or JSON type', () => {
    expect(decide(allowWhen({ Bool: { 'aws:SecureTransport': 'true' } }), { 'aws:SecureTransport': true })).toBe(
      'Allow',
    );
    expect(decide(allowWhen({ Bool: { 'aws:SecureTransport': true } }), { 'aws:SecureTransport': 'TRUE' })).toBe(
      'Allow',
    );
    expect(decide(allowWhen({ Bool: { 'aws:SecureTransport': 'true' } }), { 'aws:SecureTransport': false })).toBe(
      'Deny',
    );
    expect(decide(allowWhen({ Bool: { 'aws:SecureTransport': 'true' } }), {})).toBe('Deny');
  });

  it('Null tests presence: "true" means absent, "false" means present', () => {
    expect(decide(allowWhen({ Null: { k: 'true' } }), {})).toBe('Allow');
    expect(decide(allowWhen({ Null: { k: 'true' } }), { k: 'x' })).toBe('Deny');
    expect(decide(allowWhen({ Null: { k: 'false' } }), { k: 'x' })).toBe('Allow');
    expect(decide(allowWhen({ Null: { k: false } }), {})).toBe('Deny');
  });

  it.each([
    ['NumericEquals', '10', 10, 'Allow'],
    ['NumericEquals', '10', '10.0', 'Allow'],
    ['NumericNotEquals', '10', 11, 'Allow'],
    ['NumericLessThan', '10', 9, 'Allow'],
    ['NumericLessThan', '10', 10, 'Deny'],
    ['NumericLessThanEquals', '10', 10, 'Allow'],
    ['NumericGreaterThan', '3600', 3601, 'Allow'],
    ['NumericGreaterThanEquals', '3600', 3599, 'Deny'],
    ['NumericEquals', '10', 'ten', 'Deny'],
  ])('%s %s with %j → %s', (operator, policyValue, requestValue, expected) => {
    expect(decide(allowWhen({ [operator]: { n: policyValue } }), { n: requestValue })).toBe(expected);
  });

  it.each([
    ['DateLessThan', '2026-12-31T00:00:00Z', '2026-06-01T00:00:00Z', 'Allow'],
    ['DateLessThan', '2026-12-31T00:00:00Z', '2027-01-01T00:00:00Z', 'Deny'],
    ['DateGreaterThanEquals', '2026-01-01T00:00:00Z', String(Date.parse('2026-01-01T00:00:00Z') / 1000), 'Allow'],
    ['DateEquals', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z', 'Allow'],
    ['DateNotEquals', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'Allow'],
  ])('%s %s with %s → %s', (operator, policyValue, requestValue, expected) => {
    expect(
      decide(allowWhen({ [operator]: { 'aws:CurrentTime': policyValue } }), { 'aws:CurrentTime': requestValue }),
    ).toBe(expected);
  });

  it('ArnLike / ArnNotLike match part by part', () => {
    const p = allowWhen({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::bucket-*' } });
    expect(decide(p, { 'aws:SourceArn': 'arn:aws:s3:::bucket-1' })).toBe('Allow');
    expect(decide(p, { 'aws:SourceArn': 'arn:aws:s3:::other' })).toBe('Deny');
    expect(
      decide(allowWhen({ ArnNotLike: { a: 'arn:aws:iam::*:role/admin' } }), { a: 'arn:aws:iam::1:role/admin' }),
    ).toBe('Deny');
  });
});

describe('what the evaluator refuses to judge', () => {
  it.each([
    ['an unknown operator', allowWhen({ StringMatches: { k: 'a' } })],
    ['a misspelt operator', allowWhen({ stringequals: { k: 'a' } })],
    ['an unknown set qualifier', allowWhen({ 'ForSomeValues:StringEquals': { k: 'a' } })],
    ['a real but unimplemented operator', allowWhen({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })],
    ['Null with IfExists', allowWhen({ NullIfExists: { k: 'true' } })],
    ['a Null value that is not true/false', allowWhen({ Null: { k: 'yes' } })],
    ['a non-numeric Numeric value', allowWhen({ NumericLessThan: { k: 'ten' } })],
    ['a policy variable', allowWhen({ StringLike: { k: '${aws:username}' } })],
    ['an unresolved CloudFormation Ref', { Statement: { Effect: 'Allow', Action: '*', Resource: { Ref: 'Repo' } } }],
    ['an unknown element', { Statement: { Effect: 'Allow', Action: '*', Resource: '*', Conditions: {} } }],
    ['a bad Effect', { Statement: { Effect: 'allow', Action: '*', Resource: '*' } }],
    ['both Action and NotAction', { Statement: { Effect: 'Allow', Action: '*', NotAction: 'x', Resource: '*' } }],
    ['no statements', { Statement: [] }],
  ])('throws on %s rather than deciding', (_, policy) => {
    expect(() => evaluatePolicy(policy as PolicyDocument, request({ k: 'a' }))).toThrow(PolicyEvaluationError);
  });

  it('refuses a statement with a resource for a request without one', () => {
    expect(() =>
      evaluatePolicy({ Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, { action: 'x:y' }),
    ).toThrow(/resource/);
  });
});
