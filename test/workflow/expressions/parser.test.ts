import { parseExpression, parseTolerant, type Node } from '../../../lib/workflow/expressions/parser';

/** A node as compact text: operators parenthesized, so the tree's shape shows. */
function show(node: Node): string {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
    case 'context':
      return node.name;
    case 'member':
      return `${show(node.object)}[${show(node.key)}]`;
    case 'wildcard':
      return '*';
    case 'call':
      return `${node.name}(${node.args.map(show).join(', ')})`;
    case 'not':
      return `!${show(node.operand)}`;
    case 'binary':
      return `(${show(node.left)} ${node.op} ${show(node.right)})`;
    case 'invalid':
      return `<${node.problem}>`;
  }
}

describe('parseExpression', () => {
  test.each([
    // Loosest to tightest: || && ==/!= </<=/>/>= ! then property access.
    ['a || b && c', '(a || (b && c))'],
    ['a && b || c', '((a && b) || c)'],
    ["a == 'x' && b != 'y'", "((a == 'x') && (b != 'y'))"],
    ['a < b == c >= d', '((a < b) == (c >= d))'],
    ['!a == b', '(!a == b)'],
    ['!a.b', "!a['b']"],
    ['!(a == b)', '!(a == b)'],
    ['a || b || c', '((a || b) || c)'],
    // Property access, in dots or brackets, and object filters.
    ["github['event'].commits[0]", "github['event']['commits'][0]"],
    ['steps.x.outputs.y', "steps['x']['outputs']['y']"],
    ['labels.*.name', "labels[*]['name']"],
    ['labels[*].name', "labels[*]['name']"],
    ['github.event[inputs.key]', "github['event'][inputs['key']]"],
    // A property name may be a keyword; the keywords are case-sensitive, so True is a context.
    ['x.true', "x['true']"],
    ['True', 'True'],
    ['null', 'null'],
    // Function names ignore case; a call's result can be indexed, as can a group.
    ["fromJSON('[1]')[0]", "fromjson('[1]')[0]"],
    ['(x).y', "x['y']"],
    ["format('{0}', github.sha, 1)", "format('{0}', github['sha'], 1)"],
    ['success()', 'success()'],
  ])('%s', (source, expected) => {
    expect(show(parseExpression(source))).toBe(expected);
  });

  test('spans cover what each node was read from', () => {
    const node = parseExpression("  steps.a.outputs['b'] == 'x'");
    expect(node.kind).toBe('binary');
    if (node.kind !== 'binary') return;
    expect([node.left.start, node.left.end]).toEqual([2, 22]);
    expect([node.right.start, node.right.end]).toEqual([26, 29]);
  });

  test.each([
    ['github.sha ==', /unexpected end/],
    ['', /unexpected end/],
    ['a b', /unexpected trailing input/],
    // GitHub reads a property only from a context, a property, a call, an index or a group.
    ["'abc'.length", /unexpected trailing input/],
    ['a.', /expected a property name/],
    ['a[0', /expected '\]'/],
    ['f(a b)', /expected ','/],
    ['f(a', /expected '\)'/],
    ['(a', /expected '\)'/],
    ['*', /unexpected '\*'/],
  ])('rejects %j', (source, error) => {
    expect(() => parseExpression(source)).toThrow(error);
  });
});

describe('parseTolerant', () => {
  test('gives the same tree as parseExpression for a well-formed expression, and no problems', () => {
    const { roots, problems } = parseTolerant("a.b == 'c'");
    expect(roots.map(show)).toEqual(["(a['b'] == 'c')"]);
    expect(problems).toEqual([]);
  });

  test('reads on past what is malformed', () => {
    // An if: that already had ${{ }}, wrapped in another by a reader, still shows its reads.
    const wrapped = parseTolerant("${{ steps.a.outputs.b != 'true'");
    expect(wrapped.roots.map(show)).toEqual([
      "<unexpected '$'>",
      "<unexpected '{'>",
      "<unexpected '{'>",
      "(steps['a']['outputs']['b'] != 'true')",
    ]);
    expect(wrapped.problems).toHaveLength(3);
    expect(parseTolerant('github.sha ==').roots.map(show)).toEqual(["(github['sha'] == <unexpected end>)"]);
    expect(parseTolerant('github.sha.').roots.map(show)).toEqual(["github['sha']"]);
    expect(parseTolerant('f(a b)').roots.map(show)).toEqual(['f(a, b)']);
    expect(parseTolerant('f(a').problems).toEqual(["expected ')'"]);
  });
});
