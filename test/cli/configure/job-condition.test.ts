import { jobConditionProblem, renderJobCondition } from '../../../lib/cli/configure/job-condition';
import { parseRefCondition } from '../../../lib/workflow/ref-condition';

describe('renderJobCondition', () => {
  test('names and prefixes, branches before tags, in the forms the consistency checks read back', () => {
    const condition = renderJobCondition({ branches: ['main', 'release/*'], tags: ['v*'] });
    expect(condition).toBe(
      "github.ref == 'refs/heads/main' || startsWith(github.ref, 'refs/heads/release/') || startsWith(github.ref, 'refs/tags/v')",
    );
    expect(parseRefCondition(condition!)).toEqual({
      refs: ['refs/heads/main', 'refs/heads/release/*', 'refs/tags/v*'],
      everyPush: false,
    });
  });

  test("a quote in a name is doubled, as GitHub's string literals want", () => {
    expect(renderJobCondition({ branches: ["it's"], tags: [] })).toBe("github.ref == 'refs/heads/it''s'");
    expect(parseRefCondition(renderJobCondition({ branches: ["it's"], tags: [] })!)?.refs).toEqual(["refs/heads/it's"]);
  });

  test('no refs, no condition', () => {
    expect(renderJobCondition({ branches: [], tags: [] })).toBeUndefined();
  });

  test.each(['a*b', 'v?', 'release/[0-9]', '*x'])('refuses %s, which no if: can express', (pattern) => {
    expect(jobConditionProblem(pattern)).toContain(`"${pattern}" cannot be written`);
    expect(() => renderJobCondition({ branches: [pattern], tags: [] })).toThrow('cannot be written');
  });

  test.each(['main', 'release/*', 'release/**', 'v*'])('accepts %s', (pattern) => {
    expect(jobConditionProblem(pattern)).toBeUndefined();
  });
});
