/**
 * Tests are transpiled by swc (no type-check here: `npm test` runs `tsc --noEmit` first),
 * which keeps one run of the whole suite in a few seconds.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
