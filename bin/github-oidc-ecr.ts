#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { atBoundary } from '../lib/cli/errors';
import { buildStacks } from '../lib/stack/app';
import { checkTemplateSizes } from '../lib/stack/template-size';

const app = new App();
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
