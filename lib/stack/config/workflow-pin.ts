/**
 * The workflow pin: only one workflow file of the repository may assume the role (its
 * `job_workflow_ref` is pinned). On by default, in the code: a cdk.json without the key still
 * pins the deploy workflow. Turning it off is explicit (`-c workflowFile=`, or `""` in cdk.json)
 * and the stack warns at every synth.
 */
import { checkWorkflowFile } from '../rules/github-names';
import { SettingReader } from './reader';

/** The deploy workflow of this project, as `job_workflow_ref` names it (relative to the repository). */
export const DEFAULT_WORKFLOW_FILE = '.github/workflows/deploy-ecr.yml';

/** Reads workflowFile: the file to pin (default the deploy workflow), or undefined when set to "" (no pin). */
export function readWorkflowPin(s: SettingReader): string | undefined {
  const value = s.string('workflowFile', DEFAULT_WORKFLOW_FILE, (v) => (v === '' ? undefined : checkWorkflowFile(v)));
  return value === '' ? undefined : value;
}
