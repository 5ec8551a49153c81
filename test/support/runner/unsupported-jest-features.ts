/**
 * jest features that jest-light-runner (jest.config.js) accepts but does not honour, made to fail
 * loudly instead of passing quietly:
 *  - `expect.assertions(n)` / `expect.hasAssertions()` are never checked: a test relying on them
 *    would pass with no assertion made. Assert on the values instead.
 *  - `test.failing` is run as a plain test (a failing body fails, a passing one passes),
 *    `test.todo` crashes its file, `test.concurrent` runs one test after another.
 */
const unsupported = (what: string) => () => {
  throw new Error(`${what} is not supported by jest-light-runner (jest.config.js)`);
};

for (const name of ['assertions', 'hasAssertions'] as const) {
  Object.defineProperty(expect, name, { value: unsupported(`expect.${name}()`) });
}
for (const fn of new Set([test, it])) {
  for (const name of ['failing', 'todo', 'concurrent'] as const) {
    Object.defineProperty(fn, name, { value: unsupported(`test.${name} (it.${name})`) });
  }
}
