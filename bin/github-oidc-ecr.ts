#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { atBoundary } from '../lib/cli/errors';
import { buildStacks } from '../lib/stack/app';
import { appOptions } from '../lib/stack/app-options';
import { checkTemplateSizes } from '../lib/stack/template-size';

// Without creation stack traces unless `cdk synth --debug` (lib/stack/app-options.ts).
const app = new App(appOptions());
atBoundary(
  () => {
    buildStacks(app);
    checkTemplateSizes(app.synth().stacks);
  },
  (err) => {
    // One line that names the setting, its value and what is accepted; no stack trace.
    console.error(err.message);
    process.exit(1);
  },
);
