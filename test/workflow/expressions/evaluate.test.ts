import { checksStatus, condition, evaluate, interpolate } from '../../../lib/workflow/expressions/evaluate';

const contexts = {
  github: { sha: 'abc123', ref: 'refs/heads/develop', event: { repository: { name: 'my-repo' } } },
  vars: { ECR_MOVING_TAGS: 'latest,buildcache*', EMPTY: '' },
  steps: { 'moving-tags': { outputs: { latest: 'true', image: 'localhost:5000/repo' } } },
  env: {},
};

describe('evaluate', () => {
  test.each([
    ["'it''s'", "it's"],
    ['42', 42],
    ['true', true],
    ['null', null],
    ['github.sha', 'abc123'],
    ['github.SHA', 'abc123'],
    ["github['ref']", 'refs/heads/develop'],
    ['github.event.repository.name', 'my-repo'],
    ['github.nope.deeper', null],
    ["steps.moving-tags.outputs.latest == 'true'", true],
    ["steps.moving-tags.outputs.latest == 'TRUE'", true],
    ["vars.EMPTY != ''", false],
    ['vars.EMPTY == 0', true],
    ['!vars.EMPTY', true],
    ["vars.EMPTY || 'fallback'", 'fallback'],
    ["vars.ECR_MOVING_TAGS && 'set'", 'set'],
    ['(1 < 2) && !(2 <= 1)', true],
    ["contains(vars.ECR_MOVING_TAGS, 'LATEST')", true],
    ["startsWith(github.ref, 'refs/heads/')", true],
    ["endsWith(github.ref, '/main')", false],
    ["format('{0}:{1} {{x}}', 'a', 'b')", 'a:b {x}'],
    ["fromJSON('[1,2]')[1]", 2],
    ['success()', true],
  ])('%s', (expression, expected) => {
    expect(evaluate(expression, contexts)).toEqual(expected);
  });

  test.each([
    ['0xff', 255],
    ['-2.99e-2', -0.0299],
    ['NaN == NaN', false],
    ['Infinity > 1e308', true],
    // ! binds tighter than <: (!2) < 3 is false < 3, which compares as numbers.
    ['!2 < 3', true],
    ["'A' < 'b'", true],
    ['null == 0', true],
    ["'' == false", true],
    ["'1.0' == 1", true],
  ])('literal and comparison: %s', (expression, expected) => {
    expect(evaluate(expression, contexts)).toEqual(expected);
  });

  describe('object filters', () => {
    const issue = {
      event: {
        labels: [{ name: 'bug' }, { name: 'docs' }, { id: 3 }],
        pages: { a: { title: 'x' }, b: { title: 'y' } },
      },
    };
    test.each([
      // Each element's property, leaving out the elements that have none.
      ['github.event.labels.*.name', ['bug', 'docs']],
      ['github.event.labels[*].name', ['bug', 'docs']],
      ['github.event.pages.*.title', ['x', 'y']],
      ["contains(github.event.labels.*.name, 'DOCS')", true],
      ["join(github.event.labels.*.name, '+')", 'bug+docs'],
      ['github.event.nope.*', null],
    ])('%s', (expression, expected) => {
      expect(evaluate(expression, { github: issue })).toEqual(expected);
    });
  });

  test('rejects what it cannot read', () => {
    expect(() => evaluate("hashFiles('**/x')", contexts)).toThrow(/not supported/);
    expect(() => evaluate('github.sha ==', contexts)).toThrow(/unexpected end/);
    expect(() => evaluate("'open", contexts)).toThrow(/unterminated/);
  });
});

test('interpolate replaces every expression and prints null as empty', () => {
  expect(interpolate('${{ steps.moving-tags.outputs.image }}/x:${{ github.sha }}${{ vars.NOPE }}', contexts)).toBe(
    'localhost:5000/repo/x:abc123',
  );
  expect(interpolate("a ${{ '}}' }} b", contexts)).toBe('a }} b');
});

test('condition reads if: with or without ${{ }}', () => {
  expect(condition(undefined, contexts)).toBe(true);
  expect(condition("github.ref == 'refs/heads/develop'", contexts)).toBe(true);
  expect(condition("${{ github.ref == 'refs/heads/main' }}", contexts)).toBe(false);
  expect(condition(false, contexts)).toBe(false);
});

describe('status check functions read the job status so far', () => {
  const failed = { ...contexts, job: { status: 'failure' } };

  test.each([
    ['success()', true, false],
    ['failure()', false, true],
    ['cancelled()', false, false],
    ['always()', true, true],
    ['!cancelled()', true, true],
  ])('%s: %s while the job succeeds, %s after a failed step', (expression, ok, afterFailure) => {
    expect(evaluate(expression, contexts)).toBe(ok);
    expect(evaluate(expression, failed)).toBe(afterFailure);
  });

  test('after a failure, a condition without a status function is false (GitHub adds success() &&)', () => {
    expect(condition(undefined, failed)).toBe(false);
    expect(condition(true, failed)).toBe(false);
    expect(condition("github.sha == 'abc123'", failed)).toBe(false);
    expect(condition('${{ always() }}', failed)).toBe(true);
    expect(condition("failure() && github.sha == 'abc123'", failed)).toBe(true);
    expect(condition("github.sha == 'abc123' && failure()", contexts)).toBe(false);
  });

  test('checksStatus finds a status function anywhere in the condition', () => {
    expect(checksStatus('always()')).toBe(true);
    expect(checksStatus("${{ contains(github.ref, 'x') || FAILURE() }}")).toBe(true);
    expect(checksStatus("github.ref == 'success()'")).toBe(false);
    expect(checksStatus(undefined)).toBe(false);
  });
});
