/**
 * How expression values convert and compare, after GitHub's documentation: `false`, `0`, `-0`,
 * `NaN`, `''` and `null` are falsy; strings compare ignoring case; values of different types
 * compare as numbers (`null` → 0, booleans → 0/1, a string → its number or NaN); arrays and
 * objects are equal only to themselves; an interpolated `null` is the empty string.
 */

/** GitHub's truthiness: false, 0, -0, NaN, '' and null are falsy; everything else is truthy. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value.length > 0;
  return true;
}

/** How a value reads when interpolated into a string. */
export function asString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}

/** A value converted to a number, for comparing values of different types. */
export function asNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  return NaN;
}

function isPrimitive(value: unknown): boolean {
  return value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value);
}

/** The result of `a op b` for the comparison operators (`==`, `!=`, `<`, `<=`, `>`, `>=`). */
export function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === '!=') return !compare('==', a, b);
  if (!isPrimitive(a) || !isPrimitive(b)) return op === '==' ? a === b : false;
  let x: string | number;
  let y: string | number;
  if (typeof a === 'string' && typeof b === 'string') {
    x = a.toLowerCase();
    y = b.toLowerCase();
  } else {
    x = asNumber(a);
    y = asNumber(b);
  }
  switch (op) {
    case '==':
      return x === y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}
