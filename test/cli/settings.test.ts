/**
 * The settings the doctor, github-setup and configure read must be the ones `cdk synth` gives the
 * app: the same three layers in the same order. Checked against the CDK CLI itself, whose app here
 * only records the context it receives.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { effectiveContext } from '../../lib/cli/settings';

const REPO_ROOT = path.join(__dirname, '..', '..');
const CDK_CLI = path.join(REPO_ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-layers-'));
  // An app that writes down the settings it was given, with one stack for the CLI to synthesize.
  fs.writeFileSync(
    path.join(root, 'record.js'),
    `const { App, CfnWaitConditionHandle, Stack } = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});
const app = new App();
new CfnWaitConditionHandle(new Stack(app, 'Recorder'), 'Nothing');
const seen = {};
for (const key of ['env', 'region', 'roleName', 'stackName']) seen[key] = app.node.tryGetContext(key);
require('fs').writeFileSync(${JSON.stringify(path.join(root, 'seen.json'))}, JSON.stringify(seen));
`,
  );
  fs.writeFileSync(
    path.join(root, 'cdk.json'),
    JSON.stringify({
      app: 'node record.js',
      context: { env: 'from-cdk-json', region: 'from-cdk-json', roleName: 'from-cdk-json' },
    }),
  );
  fs.writeFileSync(
    path.join(root, 'cdk.context.json'),
    JSON.stringify({ env: 'from-context-cache', region: 'from-context-cache', stackName: 'from-context-cache' }),
  );
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const OVERRIDES = { region: 'from-c' };

test('cdk.context.json, then cdk.json over it, then -c over both', () => {
  expect(effectiveContext(root, OVERRIDES)).toMatchObject({
    env: 'from-cdk-json',
    region: 'from-c',
    roleName: 'from-cdk-json',
    stackName: 'from-context-cache',
  });
});

test('the same layers as the CDK CLI gives the app', () => {
  execFileSync(process.execPath, [CDK_CLI, 'synth', '-q', '--no-notices', '-c', 'region=from-c'], {
    cwd: root,
    env: { ...process.env, CI: 'true', CDK_DISABLE_CLI_TELEMETRY: '1' },
    stdio: 'pipe',
    timeout: 60_000,
  });
  const seen = JSON.parse(fs.readFileSync(path.join(root, 'seen.json'), 'utf8')) as Record<string, unknown>;
  const ours = effectiveContext(root, OVERRIDES);
  expect(seen).toEqual({ env: ours.env, region: ours.region, roleName: ours.roleName, stackName: ours.stackName });
}, 60_000);
