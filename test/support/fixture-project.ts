/**
 * A throwaway copy of the project whose cdk.json holds the fixture settings, for the tests that run
 * the real commands as processes (`npm run doctor`, the CDK app): they read the settings of the
 * project they run in, and a behaviour test must not depend on the user's own cdk.json.
 * The code is copied (bin/, lib/, the workflow, package.json, tsconfig.json); node_modules is a
 * link to the real one. The workflow is copied without the user's stage jobs (the fixture settings
 * have no `deployStages`; a test that wants stages configures them).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CDK_FEATURE_FLAGS } from './cdk-json';
import { FIXTURE_SETTINGS } from './fixture-settings';
import { DEPLOY_WORKFLOW_PATH } from '../../lib/workflow/deploy-workflow';
import { projectWorkflowWithoutStages } from './workflow-without-stages';

const REPO_ROOT = path.join(__dirname, '..', '..');
const COPIED = ['bin', 'lib', '.github', 'package.json', 'tsconfig.json'];

/** The user's cdk.json, for what the project itself configures (the app command). */
function cdkJson(): { app: string } {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8'));
}

/** CDK's feature flags from cdk.json (keys starting with "@aws-cdk/"): the project's, not a user setting. */
export function featureFlags(): Record<string, unknown> {
  return { ...CDK_FEATURE_FLAGS };
}

/**
 * Makes the copy and returns its root; remove it with `fs.rmSync(root, { recursive: true })`.
 * @param settings the settings in its cdk.json (the fixture settings unless given)
 */
export function fixtureProject(settings: Readonly<Record<string, unknown>> = FIXTURE_SETTINGS): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixture-project-'));
  for (const entry of COPIED) fs.cpSync(path.join(REPO_ROOT, entry), path.join(root, entry), { recursive: true });
  fs.writeFileSync(path.join(root, DEPLOY_WORKFLOW_PATH), projectWorkflowWithoutStages());
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  fs.writeFileSync(
    path.join(root, 'cdk.json'),
    `${JSON.stringify({ app: cdkJson().app, context: { ...settings, ...featureFlags() } }, null, 2)}\n`,
  );
  return root;
}
