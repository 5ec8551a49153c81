#!/usr/bin/env node
/**
 * `npm run github-setup`: prints (or with --apply runs) the `gh variable set` commands that give
 * the deploy workflow its repository variables, from `cdk deploy --outputs-file outputs.json`.
 * See lib/doctor/github-setup.ts.
 */
import { runGithubSetup } from '../lib/doctor/github-setup';

process.exitCode = runGithubSetup(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
