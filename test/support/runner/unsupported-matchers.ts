/**
 * jest-light-runner (jest.config.js) never checks `expect.assertions(n)` or
 * `expect.hasAssertions()`: a test that relied on them would pass with no assertion made. They
 * fail loudly instead; count what a test must see with an explicit `expect(...)`.
 */
for (const name of ['assertions', 'hasAssertions'] as const) {
  Object.defineProperty(expect, name, {
    value: () => {
      throw new Error(`expect.${name}() is not checked by jest-light-runner (jest.config.js); assert on the values instead`);
    },
  });
}
