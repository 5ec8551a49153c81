/**
 * Quoting for the commands the doctor and github-setup print, so that a line can be pasted into a
 * POSIX shell as it is.
 */

/** `value` as one shell word: bare when it is plainly safe, otherwise in single quotes. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words. */
export function shellLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/** `-c 'key=["a","b"]'`: how a list setting is passed to cdk synth/deploy (and to the doctor). */
export function contextFlag(key: string, value: string | readonly string[]): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `-c ${shellQuote(`${key}=${text}`)}`;
}
