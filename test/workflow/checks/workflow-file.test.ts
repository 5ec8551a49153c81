import { workflowFile } from '../../../lib/workflow/checks/workflow-file';
import { contextOf, expectProblem, reported, WF } from './fixture';

describe('rule workflow-file (cdk.json pins this workflow, job_workflow_ref)', () => {
  test('the fixture settings pin the fixture workflow: no problem', () => {
    const context = contextOf();
    expect(context.config.workflowFile).toBe(WF);
    expect(reported(workflowFile(context))).toBe('');
  });

  test('cdk.json pins a different workflow file', () => {
    expectProblem(
      workflowFile,
      { config: { workflowFile: '.github/workflows/release.yml' } },
      {
        check: 'workflow-file',
        severity: 'error',
        says: ['workflowFile is ".github/workflows/release.yml"', 'in cdk.json', 'job_workflow_ref'],
      },
    );
  });
});
