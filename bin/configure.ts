#!/usr/bin/env node
/**
 * `npm run configure -- --repository OWNER/REPO …`: points cdk.json and the deploy workflow at
 * your repository, together. See lib/cli/configure.ts.
 */
import { runConfigure } from '../lib/cli/configure';
import { processIo } from '../lib/cli/io';

process.exitCode = runConfigure(process.argv.slice(2), processIo());
