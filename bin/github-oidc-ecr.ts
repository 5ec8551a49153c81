#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/stack/app';
import { ConfigError } from '../lib/stack/config';

const app = new App();
try {
  buildApp(app);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  // One line that names the setting, its value and what is accepted; no stack trace.
  console.error(err.message);
  process.exit(1);
}
