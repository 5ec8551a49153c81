import { editCdkJsonContext } from '../../../lib/cli/configure/cdk-json-edit';

const TEXT = `{
    "app": "node bin/app.js",
    "context": {
        "githubOwner": "octo-org",
        "githubRepository": "octo-service",
        "allowedBranches": ["main"],
        "@aws-cdk/core:validateAgainstDefaultRules": true
    }
}
`;

describe('editCdkJsonContext', () => {
  test('changes only the keys it sets, keeps the order of the others and the indentation', () => {
    const edit = editCdkJsonContext(TEXT, [['githubRepository', 'payments']]);
    expect(edit.changed).toEqual(['githubRepository']);
    expect(edit.text.split('\n').slice(0, 5)).toEqual([
      '{',
      '    "app": "node bin/app.js",',
      '    "context": {',
      '        "githubOwner": "octo-org",',
      '        "githubRepository": "payments",',
    ]);
    expect(edit.text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(edit.text).context)).toEqual([
      'githubOwner',
      'githubRepository',
      'allowedBranches',
      '@aws-cdk/core:validateAgainstDefaultRules',
    ]);
  });

  test('a new key goes after the nearest key that comes before it in the given order', () => {
    const order = ['githubOwner', 'githubRepository', 'githubOwnerId', 'githubRepositoryId', 'allowedBranches'];
    const edit = editCdkJsonContext(
      TEXT,
      [
        ['githubOwnerId', '1'],
        ['githubRepositoryId', '2'],
        ['region', 'eu-west-1'],
      ],
      order,
    );
    expect(Object.keys(JSON.parse(edit.text).context)).toEqual([
      'githubOwner',
      'githubRepository',
      'githubOwnerId',
      'githubRepositoryId',
      'allowedBranches',
      '@aws-cdk/core:validateAgainstDefaultRules',
      'region',
    ]);
  });

  test('removes a key set to undefined; the same value again is no change and keeps the text', () => {
    const removed = editCdkJsonContext(TEXT, [['allowedBranches', undefined]]);
    expect(removed.changed).toEqual(['allowedBranches']);
    expect(JSON.parse(removed.text).context).not.toHaveProperty('allowedBranches');
    const same = editCdkJsonContext(TEXT, [
      ['allowedBranches', ['main']],
      ['missing', undefined],
    ]);
    expect(same).toEqual({ text: TEXT, changed: [] });
  });

  test('refuses a file that is not a JSON object', () => {
    expect(() => editCdkJsonContext('[]', [['a', 1]])).toThrow('not a JSON object');
  });
});

describe('editCdkJsonContext keeps the rest of the file byte for byte', () => {
  const order = ['githubOwner', 'githubRepository', 'githubOwnerId', 'allowedBranches', 'allowedTags'];

  test('a list keeps the style it was written in (one line here)', () => {
    const edit = editCdkJsonContext(TEXT, [['allowedBranches', ['main', 'release/*']]]);
    expect(edit.text).toBe(TEXT.replace('["main"]', '["main", "release/*"]'));
  });

  test('a list written one entry a line stays so', () => {
    const text = '{\n  "context": {\n    "allowedBranches": [\n      "develop"\n    ],\n    "x": 1\n  }\n}\n';
    expect(editCdkJsonContext(text, [['allowedBranches', ['main', 'v']]]).text).toBe(
      '{\n  "context": {\n    "allowedBranches": [\n      "main",\n      "v"\n    ],\n    "x": 1\n  }\n}\n',
    );
  });

  test('a key with no earlier neighbour in the order goes first; into an empty context too', () => {
    const first = editCdkJsonContext(TEXT, [['env', 'prod']], ['env', ...order]);
    expect(first.text).toBe(TEXT.replace('        "githubOwner"', '        "env": "prod",\n        "githubOwner"'));
    expect(editCdkJsonContext('{\n  "context": {}\n}\n', [['env', 'prod']]).text).toBe(
      '{\n  "context": {\n    "env": "prod"\n  }\n}\n',
    );
  });

  test('removing the first, a middle and the last key leaves valid JSON and the other lines as they were', () => {
    for (const key of ['githubOwner', 'allowedBranches', '@aws-cdk/core:validateAgainstDefaultRules']) {
      const edit = editCdkJsonContext(TEXT, [[key, undefined]]);
      const context = JSON.parse(edit.text).context as Record<string, unknown>;
      expect(Object.keys(context)).toHaveLength(3);
      expect(context).not.toHaveProperty(key);
      const kept = TEXT.split('\n').filter((line) => !line.includes(`"${key}"`));
      expect(edit.text.split('\n').map((l) => l.replace(/,$/, ''))).toEqual(kept.map((l) => l.replace(/,$/, '')));
    }
  });

  test('refuses a file without a context object', () => {
    expect(() => editCdkJsonContext('{"app": "x"}', [['a', 1]])).toThrow('no "context" object');
  });
});

describe('editCdkJsonContext refuses what it cannot edit faithfully', () => {
  test('a key written twice: JSON.parse (and so the CDK) reads the last, an edit could change the first', () => {
    const twice = '{\n  "context": {\n    "githubOwner": "mycompany-inc",\n    "githubOwner": "other"\n  }\n}\n';
    expect(() => editCdkJsonContext(twice, [['githubOwner', 'o']])).toThrow('cdk.json has a key written twice');
  });
});
