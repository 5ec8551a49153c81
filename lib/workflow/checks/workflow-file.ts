/**
 * Rule `workflow-file`: when cdk.json pins the workflow file (the role's `job_workflow_ref`
 * condition), it must be this file, or the role refuses every run of it.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Compares cdk.json `workflowFile` with the deploy workflow's path. */
export function workflowFile({ workflow, config, settingsIn }: CheckContext): WorkflowProblem[] {
  const pinned = config.workflowFile;
  const path = workflow.path;
  if (pinned === undefined || pinned === path) return [];
  return [
    {
      check: 'workflow-file',
      severity: 'error',
      fix: ['cdk-config', 'workflow'],
      message: `${settingsIn} workflowFile is "${pinned}" but the deploy workflow is "${path}", so the role would refuse it (job_workflow_ref): set workflowFile to "${path}" in ${settingsIn} or move the workflow to ${pinned}.`,
    },
  ];
}
