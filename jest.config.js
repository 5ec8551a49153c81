/**
 * Tests are transpiled by swc (no type-check here: `npm test` runs `tsc --noEmit` beside jest,
 * which keeps one run of the whole suite in a few seconds.
 */
const os = require('os');

module.exports = {
  testEnvironment: 'node',
  // jest's default leaves a core idle (cores - 1 = one worker on a 2-core machine); the suites
  // spend their time loading aws-cdk-lib and synthesizing, so use every core.
  maxWorkers: Math.max(2, os.availableParallelism ? os.availableParallelism() : os.cpus().length),
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Synthesizes the settings the template-reading suites share, once per run (test/support/templates.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
