/** The one error a bad setting raises, with a one-line message: key, value, what is accepted. */

/** A setting that cannot be used. Its message is one line: key, value, what is accepted. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly accepted: string,
    problem = 'Invalid setting',
  ) {
    super(`${problem} "${key}" = ${display(value)}: expected ${accepted}.`);
    this.name = 'ConfigError';
  }
}

function display(value: unknown): string {
  if (value === undefined) return '(not set)';
  return JSON.stringify(value);
}
