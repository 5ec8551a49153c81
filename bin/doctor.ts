#!/usr/bin/env node
/**
 * `npm run doctor -- --branch feature-x`: may this GitHub Actions run assume the deploy role, and
 * if not, why and what to change. See lib/cli/doctor.ts and docs/doctor.md.
 */
// The doctor reads the template, not CloudFormation's verdict on it: skip CDK's built-in
// CloudFormation validation (≈2 s) unless the caller asked for it. `cdk synth` keeps it on.
process.env.CDK_VALIDATION = process.env.CDK_VALIDATION ?? 'false';

import { runDoctor } from '../lib/cli/doctor';
import { processIo } from '../lib/cli/io';

process.exitCode = runDoctor(process.argv.slice(2), processIo());
