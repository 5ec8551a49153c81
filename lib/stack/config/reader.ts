/**
 * Typed access to the settings: each method reads one key, applies its default, converts what `-c`
 * gives as text (booleans, numbers, JSON lists) and raises `ConfigError` naming the key on any
 * problem. The readers of each concept (repository.ts, subjects.ts, …) are built on it.
 */
import { ConfigError } from './config-error';
import { ContextReader, SettingKey, SETTINGS } from './settings';

/** A rule for a text value: `undefined` when acceptable, else what is accepted. */
export type TextRule = (value: string) => string | undefined;

/** Reads typed values from context, raising `ConfigError` with the key on any problem. */
export class SettingReader {
  constructor(private readonly read: ContextReader) {}

  /**
   * The value as set; `undefined` when the key is not set. `null` is refused (in cdk.json as on
   * the command line): it is not "the default" but a value of the wrong type, and taking it for
   * unset would silently apply a default where the user wrote something.
   */
  private raw(key: SettingKey): unknown {
    const v = this.read(key);
    if (v === null) {
      throw new ConfigError({
        key,
        value: null,
        accepted: `a value (${SETTINGS[key]}), not null: remove the key to use the default`,
      });
    }
    return v;
  }

  /** Applies `rule` to one value of `key` (e.g. one entry of a list). */
  check(key: string, value: unknown, rule: TextRule): void {
    const problem = rule(String(value));
    if (problem) throw new ConfigError({ key, value, accepted: problem });
  }

  /** A non-empty string that has no default. */
  required(key: SettingKey, rule: TextRule): string {
    const v = this.raw(key);
    if (typeof v !== 'string' || v.length === 0) {
      throw new ConfigError({
        key,
        value: v,
        accepted: `a non-empty string (${SETTINGS[key]}); set it in cdk.json or with -c ${key}=VALUE`,
      });
    }
    this.check(key, v, rule);
    return v;
  }

  /** A string, `fallback` when unset. */
  string(key: SettingKey, fallback: string, rule: TextRule): string {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (typeof v !== 'string') throw new ConfigError({ key, value: v, accepted: 'a string' });
    this.check(key, v, rule);
    return v;
  }

  /** An optional string; "" counts as unset so `-c key=` can clear a cdk.json value. */
  optionalString(key: SettingKey, rule?: TextRule): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === '') return undefined;
    // cdk.json may hold a numeric ID as a JSON number.
    const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
    if (typeof text !== 'string') throw new ConfigError({ key, value: v, accepted: 'a string' });
    if (rule) this.check(key, text, rule);
    return text;
  }

  /** `true`/`false`, as JSON booleans or as the text `-c` gives. */
  boolean(key: SettingKey, fallback: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw new ConfigError({ key, value: v, accepted: 'true or false' });
  }

  /** A whole number from `min` to `max`, as a JSON number or as text. */
  integer(key: SettingKey, fallback: number, min: number, max: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?[0-9]+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new ConfigError({ key, value: v, accepted: `a whole number from ${min} to ${max}` });
    }
    return n;
  }

  /**
   * A list: a JSON array in cdk.json, or from `-c` a JSON array string (`'["develop","main"]'`)
   * or a single value. A plain string with a comma is refused rather than guessed at.
   */
  list(key: SettingKey, fallback: string[]): string[] {
    let v = this.raw(key);
    if (v === undefined) return fallback;
    const notAList = (value: unknown) =>
      new ConfigError({ key, value, accepted: `a JSON list of strings, e.g. -c '${key}=["a","b"]'` });
    if (typeof v === 'string') {
      const text = v.trim();
      if (text.startsWith('[')) {
        try {
          v = JSON.parse(text);
        } catch {
          throw notAList(v);
        }
      } else if (/^[{"]/.test(text) || ['null', 'true', 'false'].includes(text)) {
        // JSON that is not a list would otherwise become a branch literally named "{}" or "null".
        throw notAList(v);
      } else if (text.includes(',')) {
        throw new ConfigError({
          key,
          value: v,
          accepted: `a JSON list of strings, e.g. -c '${key}=${JSON.stringify(text.split(',').map((x) => x.trim()))}'`,
        });
      } else {
        v = text === '' ? [] : [text];
      }
    }
    const written = Array.isArray(v) ? (v as unknown[]) : [];
    if (written.some((x) => typeof x === 'number') && written.every((x) => ['number', 'string'].includes(typeof x))) {
      // A list of numbers (account IDs written without quotes): say how to write it, in the form it came.
      throw new ConfigError({
        key,
        value: v,
        accepted: `a JSON list of strings, each value in quotes: ${JSON.stringify(written.map(String))}`,
      });
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      throw notAList(v);
    }
    if (new Set(v).size !== v.length) throw new ConfigError({ key, value: v, accepted: 'each entry once' });
    return v as string[];
  }
}
