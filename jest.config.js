/**
 * jest with its default runner: every test file in a fresh module registry, TypeScript transpiled
 * by @swc/jest with no type-check (`npm test`, scripts/test.sh, runs `tsc --noEmit` beside jest).
 * Every jest feature works as documented: per-test timeouts, snapshots anywhere, expect.assertions,
 * test.failing, test.concurrent, hooks in helper modules.
 */
const os = require('os');

module.exports = {
  testEnvironment: 'node',
  // jest's default leaves a core idle (cores - 1: one worker on a 2-core machine); the files spend
  // their time loading aws-cdk-lib and synthesizing, so use every core.
  maxWorkers: Math.max(2, os.availableParallelism ? os.availableParallelism() : os.cpus().length),
  // The directories with code the tests import, so that jest --watch / -o / --findRelatedTests
  // see which tests depend on a changed file under lib/ or scripts/ (tests are only in test/).
  // They follow imports only: what tests read or start as a process (cdk.json, the workflow, the
  // Dockerfile, image/, bin/, the scripts package.json runs) is not followed.
  roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  // A synth on a busy 2-core machine can take several seconds; jest's default is 5.
  testTimeout: 30_000,
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
