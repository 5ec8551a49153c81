/**
 * The command-line layer both commands share: Node's `util.parseArgs` reads `argv` against an
 * options table, and every mistake becomes a `UsageError` with one line that says what is accepted
 * (exit code 2). Each command then reads the options in the order they were written.
 */
import { parseArgs } from 'util';

/** A bad command line: one line, no stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** One entry of an options table (the long name is the key). */
export interface OptionSpec {
  /** `string` takes a value (`--flag value` or `--flag=value`); `boolean` takes none. */
  readonly type: 'string' | 'boolean';
  /** A one-letter alias, e.g. `c` for `-c`. */
  readonly short?: string;
  /**
   * For an option whose value may be left out (`--pull-request [N]`): whether the next argument is
   * its value. A value written inline (`--pull-request=N`) is always taken.
   */
  readonly optionalValue?: (next: string) => boolean;
}

/** The options a command accepts, by long name. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** One option as written on the command line, in order. */
export interface ArgvOption {
  /** The long name from the table, e.g. `context` for `-c`. */
  readonly name: string;
  /** The option as written, without any `=value`: `--context` or `-c`. For messages. */
  readonly flag: string;
  /** Its value (`undefined` for a boolean, or an optional value left out). */
  readonly value: string | undefined;
}

/** How a command reads its command line. */
export interface ArgvRules {
  /** Whether a lone "-" counts as a value (standard input) rather than an option. */
  readonly dashIsValue: boolean;
  /** Said after `unexpected argument "…"`. @default '(see --help)' */
  readonly positionalHint?: string;
}

/**
 * The options in `argv` (without node and the script), in order. A lone `--` (which some npm
 * versions pass through) is skipped. Throws `UsageError` for an unknown option, a stray word, or a
 * missing value.
 */
export function readOptions(argv: readonly string[], table: OptionTable, rules: ArgvRules): ArgvOption[] {
  const args = argv.filter((a) => a !== '--');
  const options = Object.fromEntries(
    Object.entries(table).map(([name, spec]) => [
      name,
      {
        // parseArgs has no optional values: such an option is a flag, and the next word is looked at here.
        type: spec.optionalValue ? ('boolean' as const) : spec.type,
        ...(spec.short === undefined ? {} : { short: spec.short }),
      },
    ]),
  );
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true });
  const read: ArgvOption[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      if (token.value.startsWith('-')) throw new UsageError(`unknown option "${token.value}" (see --help)`);
      throw new UsageError(`unexpected argument "${token.value}" ${rules.positionalHint ?? '(see --help)'}`);
    }
    const spec = table[token.name];
    if (spec === undefined) throw new UsageError(`unknown option "${args[token.index]}" (see --help)`);
    const flag = token.rawName;
    if (spec.optionalValue) {
      const next = tokens[i + 1];
      if (token.inlineValue) {
        read.push({ name: token.name, flag, value: token.value });
      } else if (next?.kind === 'positional' && next.index === token.index + 1 && spec.optionalValue(next.value)) {
        read.push({ name: token.name, flag, value: next.value });
        i++;
      } else {
        read.push({ name: token.name, flag, value: undefined });
      }
      continue;
    }
    if (spec.type === 'boolean') {
      read.push({ name: token.name, flag, value: undefined });
      continue;
    }
    const value = token.value;
    const optionLike = value !== undefined && value.startsWith('-') && !(rules.dashIsValue && value === '-');
    if (value === undefined || (!token.inlineValue && optionLike)) {
      throw new UsageError(`${flag} needs a value (see --help)`);
    }
    read.push({ name: token.name, flag, value });
  }
  return read;
}

/** The value of a string option read by `readOptions` (which guarantees it has one). */
export function valueOf(option: ArgvOption): string {
  if (option.value === undefined) throw new Error(`${option.flag} has no value`);
  return option.value;
}

/** Adds one `-c KEY=VALUE` setting (as the CDK CLI takes it) to `context`. */
export function addContextSetting(context: Record<string, string>, flag: string, kv: string): void {
  const i = kv.indexOf('=');
  if (i <= 0)
    throw new UsageError(`${flag} takes KEY=VALUE (e.g. -c 'allowedBranches=["develop","main"]'), got "${kv}"`);
  context[kv.slice(0, i)] = kv.slice(i + 1);
}

/** The options both commands take: settings as for the CDK CLI, and help. */
export const COMMON_OPTIONS = {
  context: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionTable;
