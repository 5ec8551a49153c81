#!/usr/bin/env node
/**
 * `npm run github-setup`: prints (or with --apply runs) the `gh variable set` commands that give
 * the deploy workflow its repository variables, from `cdk deploy --outputs-file outputs.json`.
 * See lib/cli/github-setup.ts.
 */
import { runGitHubSetup } from '../lib/cli/github-setup';

process.exitCode = runGitHubSetup(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
