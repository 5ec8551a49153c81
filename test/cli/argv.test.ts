/** The argument layer both commands share (lib/cli/argv.ts, on util.parseArgs). */
import { readOptions, UsageError } from '../../lib/cli/argv';

const TABLE = {
  name: { type: 'string' },
  context: { type: 'string', short: 'c' },
  flag: { type: 'boolean' },
  number: { type: 'string', optionalValue: (next: string) => /^[0-9]+$/.test(next) },
} as const;

const read = (argv: string[], dashIsValue = false) => readOptions(argv, TABLE, { dashIsValue });

describe('readOptions', () => {
  it('reads --flag value, --flag=value, -c value and flags, in order, skipping a lone --', () => {
    expect(read(['--', '--name', 'a', '--name=b=c', '-c', 'k=v', '--flag'])).toEqual([
      { name: 'name', flag: '--name', value: 'a' },
      { name: 'name', flag: '--name', value: 'b=c' },
      { name: 'context', flag: '-c', value: 'k=v' },
      { name: 'flag', flag: '--flag', value: undefined },
    ]);
  });

  it('an optional value is taken when the next word fits, or when written inline', () => {
    expect(read(['--number', '12', '--flag'])).toEqual([
      { name: 'number', flag: '--number', value: '12' },
      { name: 'flag', flag: '--flag', value: undefined },
    ]);
    expect(read(['--number', '--flag']).map((o) => o.value)).toEqual([undefined, undefined]);
    expect(read(['--number=x'])).toEqual([{ name: 'number', flag: '--number', value: 'x' }]);
  });

  it('a lone "-" is a value only where the command says so', () => {
    expect(read(['--name', '-'], true)).toEqual([{ name: 'name', flag: '--name', value: '-' }]);
    expect(() => read(['--name', '-'])).toThrow(new UsageError('--name needs a value (see --help)'));
  });

  it.each([
    [['--bogus=1'], 'unknown option "--bogus=1" (see --help)'],
    [['-x'], 'unknown option "-x" (see --help)'],
    [['-'], 'unknown option "-" (see --help)'],
    [['word'], 'unexpected argument "word" (see --help)'],
    [['--number', '7', 'word'], 'unexpected argument "word" (see --help)'],
    [['--name'], '--name needs a value (see --help)'],
    [['-c', '--flag'], '-c needs a value (see --help)'],
  ])('%j → "%s"', (argv, message) => {
    expect(() => read(argv)).toThrow(new UsageError(message));
  });

  it('says what the command wants said after a stray word', () => {
    expect(() => readOptions(['x'], TABLE, { dashIsValue: true, positionalHint: '(options start with --)' })).toThrow(
      new UsageError('unexpected argument "x" (options start with --)'),
    );
  });
});
