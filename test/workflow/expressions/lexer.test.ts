import { tokenize } from '../../../lib/workflow/expressions/lexer';

/** Tokens as `kind:value` strings, easy to compare. */
const kinds = (source: string, tolerant = false) =>
  tokenize(source, { tolerant }).map((t) => `${t.kind}:${String(t.value)}`);

describe('tokenize', () => {
  test.each([
    // The literal forms GitHub's documentation lists: JSON numbers, hexadecimal, exponents.
    ['711', ['number:711']],
    ['-9.2', ['number:-9.2']],
    ['0xff', ['number:255']],
    ['-2.99e-2', ['number:-0.0299']],
    ['+1', ['number:1']],
    // A '.' where a value is expected starts a number; after a value it is the dereference.
    ['a == .5', ['word:a', 'op:==', 'number:0.5']],
    ['a.b', ['word:a', 'op:.', 'word:b']],
    // '' inside a string is one quote; }} inside a string is text.
    ["'It''s open source!'", ["string:It's open source!"]],
    ["'}}'", ['string:}}']],
    // Keywords may hold '-' (step ids, output names), and run to the next boundary.
    [
      'steps.moving-tags.outputs.latest',
      ['word:steps', 'op:.', 'word:moving-tags', 'op:.', 'word:outputs', 'op:.', 'word:latest'],
    ],
    ['a<=b', ['word:a', 'op:<=', 'word:b']],
    ['!a||b&&c!=d', ['op:!', 'word:a', 'op:||', 'word:b', 'op:&&', 'word:c', 'op:!=', 'word:d']],
    ['x.*[*]', ['word:x', 'op:.', 'op:*', 'op:[', 'op:*', 'op:]']],
    ['f(a, 1)', ['word:f', 'op:(', 'word:a', 'op:,', 'number:1', 'op:)']],
  ])('%s', (source, expected) => {
    expect(kinds(source)).toEqual(expected);
  });

  test('records where each token stands', () => {
    expect(tokenize("  vars.X == 'y'").map((t) => [t.start, t.end])).toEqual([
      [2, 6],
      [6, 7],
      [7, 8],
      [9, 11],
      [12, 15],
    ]);
  });

  test.each([
    ["'open", /unterminated string/],
    ['"double"', /unexpected '"' at 0/],
    ['a = b', /unexpected '=' at 2/],
    ['a & b', /unexpected '&' at 2/],
    // A number runs to the next boundary, as in GitHub's lexer: 1abc is one malformed token.
    ['1abc', /unexpected '1abc' at 0/],
    ['$x', /unexpected '\$' at 0/],
  ])('rejects %s', (source, error) => {
    expect(() => tokenize(source)).toThrow(error);
  });

  test('a tolerant reading turns what it cannot read into unexpected tokens and goes on', () => {
    expect(kinds('${{ github.sha', true)).toEqual([
      'unexpected:$',
      'unexpected:{',
      'unexpected:{',
      'word:github',
      'op:.',
      'word:sha',
    ]);
    expect(kinds("a == 'open", true)).toEqual(['word:a', 'op:==', "unexpected:'open"]);
  });
});
