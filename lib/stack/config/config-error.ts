/** The one error a bad setting raises, with a one-line message: key, value, what is accepted. */

/** What is wrong with one setting. */
export interface SettingProblem {
  /** The context key. */
  readonly key: string;
  /** The value as given (`undefined` when unset). */
  readonly value: unknown;
  /** What would be accepted, completing "expected …". */
  readonly accepted: string;
  /** The message's opening words. @default 'Invalid setting' */
  readonly problem?: string;
}

/** A setting that cannot be used. Its message is one line: key, value, what is accepted. */
export class ConfigError extends Error {
  readonly key: string;
  readonly value: unknown;
  readonly accepted: string;
  /** The message's opening words. */
  readonly problem: string;

  constructor({ key, value, accepted, problem = 'Invalid setting' }: SettingProblem) {
    super(`${problem} "${key}" = ${display(value)}: expected ${accepted}.`);
    this.name = 'ConfigError';
    this.key = key;
    this.value = value;
    this.accepted = accepted;
    this.problem = problem;
  }
}

/** Lists longer than this show their first entries and a count, so the message stays one readable line. */
const SHOWN_ENTRIES = 5;

function display(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (Array.isArray(value) && value.length > SHOWN_ENTRIES) {
    const shown = value.slice(0, 3).map((v) => JSON.stringify(v));
    return `[${shown.join(',')},… ${value.length - 3} more] (${value.length} entries)`;
  }
  return JSON.stringify(value);
}
