#!/usr/bin/env node
/**
 * `npm run configure -- --repository OWNER/REPO …`: points cdk.json and the deploy workflow at
 * your repository, together. See lib/cli/configure.ts.
 */
import { runConfigure } from '../lib/cli/configure';

process.exitCode = runConfigure(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
