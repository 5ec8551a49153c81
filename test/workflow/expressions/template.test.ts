import { expressionSites, expressionsIn, hasExpression } from '../../../lib/workflow/expressions/template';

describe('expressionSites', () => {
  test('finds each ${{ … }} with where it stands, its body as written', () => {
    const text = 'a ${{ github.sha }} b ${{vars.X}}';
    expect(expressionSites(text)).toEqual({
      sites: [
        { body: ' github.sha ', start: 2, end: 19 },
        { body: 'vars.X', start: 22, end: 33 },
      ],
    });
  });

  test('an expression ends at the first }} outside a string literal', () => {
    expect(expressionsIn("${{ format('}}{0}', 'it''s}}') }} tail }}")).toEqual(["format('}}{0}', 'it''s}}')"]);
  });

  test('a ${{ with no }} is reported, after the sites before it', () => {
    expect(expressionSites('${{ a }} ${{ b')).toEqual({ sites: [{ body: ' a ', start: 0, end: 8 }], unclosedAt: 9 });
    // An unclosed string swallows the }} after it.
    expect(expressionSites("${{ 'open }}")).toEqual({ sites: [], unclosedAt: 0 });
  });
});

test('expressionsIn trims the bodies, and finds none in plain text', () => {
  expect(expressionsIn('x=${{  steps.meta.outputs.tags  }}')).toEqual(['steps.meta.outputs.tags']);
  expect(expressionsIn('echo "{{ not one }}" $X')).toEqual([]);
});

test('hasExpression is true for any ${{', () => {
  expect(hasExpression('prefix-${{ github.run_id }}')).toBe(true);
  expect(hasExpression('${{ unclosed')).toBe(true);
  expect(hasExpression('$X {{ y }}')).toBe(false);
});
