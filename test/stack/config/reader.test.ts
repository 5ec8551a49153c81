import { ConfigError } from '../../../lib/stack/config/config-error';
import { SettingReader } from '../../../lib/stack/config/reader';

const reader = (context: Record<string, unknown>) => new SettingReader((key) => context[key]);

/** The ConfigError `read` throws (fails the test if none is thrown). */
function errorOf(read: () => unknown): ConfigError {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('list', () => {
  test.each([
    ['a JSON array (cdk.json)', ['a', 'b'], ['a', 'b']],
    ['a JSON array string (-c)', ' ["a","b"] ', ['a', 'b']],
    ['a single value', ' main ', ['main']],
    ['an empty string', '', []],
    ['an empty JSON array', '[]', []],
  ])('accepts %s', (_what, value, expected) => {
    expect(reader({ allowedTags: value }).list('allowedTags', ['fallback'])).toEqual(expected);
  });

  test('unset: the fallback', () => {
    expect(reader({}).list('allowedTags', ['fallback'])).toEqual(['fallback']);
  });

  test('null (as cdk.json can hold it) is refused naming the key, never the fallback', () => {
    expect(errorOf(() => reader({ allowedTags: null }).list('allowedTags', ['fallback'])).message).toBe(
      'Invalid setting "allowedTags" = null: expected a value (tags whose runs may assume the role (JSON list)), not null: remove the key to use the default.',
    );
  });

  test('a comma list is refused with the JSON to write instead', () => {
    expect(errorOf(() => reader({ allowedTags: 'v1, v2' }).list('allowedTags', [])).message).toBe(
      `Invalid setting "allowedTags" = "v1, v2": expected a JSON list of strings, e.g. -c 'allowedTags=["v1","v2"]'.`,
    );
  });

  test.each([['{"a":1}'], ['"a"'], ['null'], ['true'], ['[1, true]'], ['[broken']])(
    'JSON that is not a list of strings (%s) is refused',
    (value) => {
      expect(errorOf(() => reader({ allowedTags: value }).list('allowedTags', [])).accepted).toBe(
        `a JSON list of strings, e.g. -c 'allowedTags=["a","b"]'`,
      );
    },
  );
  test.each([
    ['in cdk.json', [210987654321, 111122223333]],
    ['from -c', '[210987654321, 111122223333]'],
    ['mixed with strings', [210987654321, '111122223333']],
  ])('numbers without quotes (%s) are refused with the list to write', (_where, value) => {
    expect(errorOf(() => reader({ pullAccounts: value }).list('pullAccounts', [])).accepted).toBe(
      'a JSON list of strings, each value in quotes: ["210987654321","111122223333"]',
    );
  });
});

describe('boolean', () => {
  test.each([
    [true, true],
    ['true', true],
    [false, false],
    ['false', false],
    [undefined, true],
  ])('%p is %p (fallback true)', (value, expected) => {
    expect(reader({ createOidcProvider: value }).boolean('createOidcProvider', true)).toBe(expected);
  });

  test.each([['yes'], ['TRUE'], [1]])('%p is refused', (value) => {
    expect(errorOf(() => reader({ createOidcProvider: value }).boolean('createOidcProvider', true)).accepted).toBe(
      'true or false',
    );
  });
});

describe('integer', () => {
  const read = (value: unknown) =>
    reader({ untaggedImageExpiryDays: value }).integer('untaggedImageExpiryDays', 14, 1, 30);

  test('a JSON number or its text, within the bounds; unset gives the fallback', () => {
    expect(read(30)).toBe(30);
    expect(read('1')).toBe(1);
    expect(read(undefined)).toBe(14);
  });

  test.each([['0'], [31], ['1.5'], [1.5], ['7d'], ['']])('%p is refused, naming the bounds', (value) => {
    expect(errorOf(() => read(value)).accepted).toBe('a whole number from 1 to 30');
  });
});

describe('optionalString', () => {
  test('a safe integer from cdk.json becomes its text; "" means unset', () => {
    expect(reader({ githubOwnerId: 123456 }).optionalString('githubOwnerId')).toBe('123456');
    expect(reader({ githubOwnerId: '' }).optionalString('githubOwnerId')).toBeUndefined();
  });

  test('anything else that is not a string is refused', () => {
    expect(errorOf(() => reader({ githubOwnerId: 1.5 }).optionalString('githubOwnerId')).accepted).toBe('a string');
  });
});

describe('required', () => {
  test('names the setting, what it is for and how to set it', () => {
    expect(errorOf(() => reader({}).required('githubOwner', () => undefined)).message).toBe(
      'Invalid setting "githubOwner" = (not set): expected a non-empty string (GitHub user or organisation that owns the repository (exact case)); set it in cdk.json or with -c githubOwner=VALUE.',
    );
  });

  test("the rule's sentence becomes what is accepted", () => {
    const err = errorOf(() => reader({ githubOwner: 'x' }).required('githubOwner', () => 'something else'));
    expect(err).toMatchObject({ key: 'githubOwner', value: 'x', accepted: 'something else' });
  });
});
