/**
 * Rule `stage-permissions`: a stage job adds exactly the OIDC token (`id-token: write`) to reading
 * the code: configure-aws-credentials needs it to assume the stage role, and rolling out to ECS
 * needs nothing else of GitHub's token.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stagesWithJobs } from './shared';

/** Checks `permissions:` of each stage job (the top level is the `permissions` rule's). */
export function stagePermissions(context: CheckContext): WorkflowProblem[] {
  const path = context.workflow.path;
  const top = context.workflow.document.permissions;
  const problems: WorkflowProblem[] = [];
  for (const { job } of stagesWithJobs(context)) {
    if (!job) continue;
    const perms = job.job.permissions ?? top;
    const report = (message: string) =>
      problems.push({ check: 'stage-permissions', severity: 'error', fix: ['workflow'], message, line: job.job.line });
    if (perms === undefined || perms === 'read-all' || (perms !== 'write-all' && perms['id-token'] !== 'write')) {
      report(
        `job "${job.id}" has no "id-token: write", so it cannot request the OIDC token and cannot assume the stage role: give the job "permissions: { contents: read, id-token: write }" in ${path} (or remove the job and run npm run configure, which writes it from the template).`,
      );
    }
    const writes =
      perms === 'write-all'
        ? ['write-all']
        : perms === undefined || perms === 'read-all'
          ? []
          : Object.entries(perms)
              .filter(([scope, access]) => access === 'write' && scope !== 'id-token')
              .map(([scope]) => `${scope}: write`);
    if (writes.length > 0) {
      report(
        `job "${job.id}" grants ${writes.join(', ')}, which rolling out to ECS does not need: keep "contents: read" and "id-token: write" only, in ${path} (or remove the job and run npm run configure, which writes it from the template).`,
      );
    }
  }
  return problems;
}
