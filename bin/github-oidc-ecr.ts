#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { atBoundary } from '../lib/cli/errors';
import { buildApp } from '../lib/stack/app';

const app = new App();
atBoundary(
  () => buildApp(app),
  (err) => {
    // One line that names the setting, its value and what is accepted; no stack trace.
    console.error(err.message);
    process.exit(1);
  },
);
