/**
 * The first setup file of each jest-light-runner worker (jest.config.js): lets the worker load
 * TypeScript, once for every test file it runs.
 *
 * - ts-node's require hook with its swc transpiler (tsconfig.json "ts-node": { "swc": true }),
 *   the same one `cdk synth` uses: no type-check here, `npm test` runs tsc beside jest.
 * - ./commonjs-typescript.mjs, so that the runner's `import()` of a `.ts` test file goes to that
 *   hook (Node >= 20.6 for `module.register`).
 *
 * Registered here, in the worker, rather than through NODE_OPTIONS, which every process a test
 * starts would inherit (the doctor's processes, the e2e walk's stand-ins, app/server.js).
 */
import { createRequire, register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// With one worker (`-i`, `--runInBand`, `--maxWorkers=1`) the runner runs the files inside jest's
// own process, where Node keeps every module it loaded: in `--watch`, a re-run would not see the
// edited code.
if (isMainThread) {
  throw new Error(
    'run the tests in worker threads: drop -i / --runInBand / --maxWorkers=1 (jest.config.js, jest-light-runner)',
  );
}
createRequire(import.meta.url)('ts-node/register');
register('./commonjs-typescript.mjs', import.meta.url);
