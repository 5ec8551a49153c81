/**
 * What expressions read. The cases under "where the regex scanner read wrong" are inputs on which
 * the former regex-based scanner and the parser disagree; each says what GitHub's expression
 * syntax (docs.github.com/en/actions/learn-github-actions/expressions) makes of it.
 */
import {
  contextPathsIn,
  contextReadsInExpression,
  stepOutputsReadIn,
  variablesInExpression,
  variablesReadIn,
} from '../../../lib/workflow/expressions/scan';

describe('contextPathsIn', () => {
  test.each([
    ['${{ github.run_id }}-${{ github.run_attempt }}', ['github.run_id', 'github.run_attempt']],
    ['${{ github.event.head_commit.message }}', ['github.event.head_commit.message']],
    ["${{ steps.x.outputs.y == 'true' && vars.Z }}", ['steps.x.outputs.y', 'vars.Z']],
    ["${{ format('{0}-{1}', github.sha, github.actor) }}", ['github.sha', 'github.actor']],
    ['${{ fromJSON(steps.a.outputs.list)[0].name }}', ['steps.a.outputs.list']],
    ['${{ github.event.commits[0].message }}', ['github.event.commits[0].message']],
    ['${{ github.event.commits.*.message }}', ['github.event.commits.*.message']],
    ["${{ github.event['head commit'] }}", ["github.event['head commit']"]],
    // Words inside string literals are text, not reads.
    ["${{ 'github.sha and vars.X' }}", []],
    ['no expression: github.sha', []],
    // The same read twice is listed twice.
    ['${{ github.sha }}/${{ github.sha }}', ['github.sha', 'github.sha']],
  ])('%s', (text, expected) => {
    expect(contextPathsIn(text)).toEqual(expected);
  });
});

describe('variablesReadIn and variablesInExpression', () => {
  test('names each variable once, in dots or brackets', () => {
    expect(variablesReadIn("${{ vars.A }} ${{ vars['B'] || vars.A }}")).toEqual(['A', 'B']);
    expect(variablesInExpression("vars.A != '' && vars.C-D")).toEqual(['A', 'C-D']);
  });

  test('is not fooled by strings, other contexts or computed names', () => {
    expect(variablesReadIn("${{ 'vars.A' }}${{ env.vars.B }}${{ x.vars }}")).toEqual([]);
    expect(variablesInExpression("vars[format('{0}', env.NAME)]")).toEqual([]);
  });
});

describe('stepOutputsReadIn', () => {
  test('lists each step output read, in dots or brackets', () => {
    expect(stepOutputsReadIn("${{ steps.a.outputs.b != 'true' && steps['c'].outputs['d-e'] }}")).toEqual([
      { step: 'a', output: 'b' },
      { step: 'c', output: 'd-e' },
    ]);
  });

  test("a step's outcome or conclusion is not an output", () => {
    expect(stepOutputsReadIn("${{ steps.a.outcome == 'success' || steps.a.conclusion }}")).toEqual([]);
  });
});

describe('where the regex scanner read wrong', () => {
  test("an index with a string literal is the same property as a dereference: github['sha'] is github.sha", () => {
    // The regex scanner blanked string literals first and reported github[''].
    expect(contextPathsIn("${{ github['sha'] }}")).toEqual(['github.sha']);
    expect(contextPathsIn("${{ vars['X'] }}")).toEqual(['vars.X']);
  });

  test("steps.a.outputs['b'] reads output b of step a", () => {
    // The regex scanner matched only the dotted form and reported nothing.
    expect(stepOutputsReadIn("${{ steps.a.outputs['b'] }}")).toEqual([{ step: 'a', output: 'b' }]);
  });

  test('a context on its own is read whole: toJSON(github) reads all of github', () => {
    // The regex scanner needed at least one property after the name and reported nothing.
    expect(contextPathsIn('${{ toJSON(github) }}')).toEqual(['github']);
    expect(contextPathsIn("${{ a == 'b,c' }}")).toEqual(['a']);
    expect(stepOutputsReadIn('${{ toJSON(steps.build.outputs) }}')).toEqual([{ step: 'build', output: '*' }]);
  });

  test('the expression inside an index is read too: github.event[inputs.key] reads inputs.key', () => {
    // The regex scanner swallowed the brackets into one path.
    expect(contextPathsIn('${{ github.event[inputs.key] }}')).toEqual(['github.event[inputs.key]', 'inputs.key']);
  });

  test('context names ignore case, as GitHub looks them up: VARS.X reads the variable X', () => {
    // The regex scanner looked for the lower-case word only.
    expect(variablesReadIn('${{ VARS.X }}')).toEqual(['X']);
    expect(stepOutputsReadIn('${{ Steps.a.Outputs.b }}')).toEqual([{ step: 'a', output: 'b' }]);
  });

  test('an object filter over the steps reads that output of every step', () => {
    // The regex scanner required a step id and reported nothing.
    expect(stepOutputsReadIn('${{ steps.*.outputs.y }}')).toEqual([{ step: '*', output: 'y' }]);
  });
});

describe('malformed expressions, which GitHub rejects, still show what their well-formed parts read', () => {
  test.each([
    // An if: that was written with ${{ }} and wrapped again by a reader.
    ["${{ ${{ steps.a.outputs.b != 'true' }} }}", ['steps.a.outputs.b']],
    ['${{ github.sha == }}', ['github.sha']],
    ['${{ github.sha. }}', ['github.sha']],
    // Double quotes are not string delimiters: X" is one malformed word, as in GitHub's lexer.
    ['${{ "vars.X" }}', ['vars']],
  ])('%s', (text, expected) => {
    expect(contextPathsIn(text)).toEqual(expected);
  });

  test('an unclosed string reads nothing after its quote', () => {
    // It swallows the }} too, so that ${{ has no end and is not an expression.
    expect(contextPathsIn("${{ github.sha == 'x }}")).toEqual([]);
    expect(contextReadsInExpression("github.actor == 'x")).toEqual([
      { context: 'github', path: [{ kind: 'name', name: 'actor' }] },
    ]);
  });
});
