/**
 * Freezes a parsed value and everything in it. For fixtures that every test file in a jest worker
 * shares (jest.config.js): in strict-mode code (all of ours) a write to one throws a TypeError at
 * the test that tried, instead of changing what later files see.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
