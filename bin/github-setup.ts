#!/usr/bin/env node
/**
 * `npm run github-setup`: prints (or with --apply runs) the `gh variable set` commands that give
 * the deploy workflow its repository variables, from `cdk deploy --outputs-file cdk-outputs.json`.
 * See lib/cli/github-setup.ts.
 */
import { runGitHubSetup } from '../lib/cli/github-setup';
import { processIo } from '../lib/cli/io';

process.exitCode = runGitHubSetup(process.argv.slice(2), processIo());
