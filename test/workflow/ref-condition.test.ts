import { parseRefCondition } from '../../lib/workflow/ref-condition';

describe('parseRefCondition (a job if: that limits refs)', () => {
  test.each([
    ["github.ref == 'refs/heads/develop'", { refs: ['refs/heads/develop'], everyPush: false }],
    ["${{ 'refs/heads/develop' == github.ref }}", { refs: ['refs/heads/develop'], everyPush: false }],
    [
      "(github.ref == 'refs/heads/a') || startsWith(github.ref, 'refs/heads/release/')",
      { refs: ['refs/heads/a', 'refs/heads/release/*'], everyPush: false },
    ],
    [
      "github.event_name == 'push' || github.ref == 'refs/heads/develop'",
      { refs: ['refs/heads/develop'], everyPush: true },
    ],
    // A quote inside a literal, and || inside a string, do not split terms.
    ["github.ref == 'refs/heads/it''s||x'", { refs: ["refs/heads/it's||x"], everyPush: false }],
  ])('%s', (condition, expected) => {
    expect(parseRefCondition(condition)).toEqual(expected);
  });

  test.each([
    "github.ref == 'refs/heads/develop' && github.actor == 'me'",
    "github.ref != 'refs/heads/main'",
    "github.event_name == 'workflow_dispatch'",
    "contains(github.ref, 'develop')",
    'always()',
  ])('not understood: %s', (condition) => {
    expect(parseRefCondition(condition)).toBeUndefined();
  });
});
