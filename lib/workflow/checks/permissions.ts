/**
 * Rule `permissions` (and `id-token`): the workflow's token is read-only by default, and the
 * deploy job adds exactly the OIDC token (`id-token: write`), which configure-aws-credentials
 * needs to assume the role. Anything more is write access that pushing to ECR does not need.
 */
import type { Permissions } from '../workflow-document';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Checks the top-level and the deploy job's `permissions:`. */
export function permissions({ workflow }: CheckContext): WorkflowProblem[] {
  const path = workflow.path;
  const problems: WorkflowProblem[] = [];
  const top = workflow.document.permissions;
  const topWrites = writesOf(top);
  if (top === undefined) {
    problems.push({
      check: 'permissions',
      severity: 'error',
      fix: ['workflow'],
      message: `${path} has no top-level permissions, so its token gets the repository's default (possibly write) access: add "permissions: contents: read" at the top of ${path}.`,
    });
  } else if (topWrites.length > 0) {
    problems.push({
      check: 'permissions',
      severity: 'error',
      fix: ['workflow'],
      message: `${path} grants ${topWrites.join(', ')} to every job at the top level: keep only "contents: read" there and give the deploy job "id-token: write" alone.`,
    });
  }
  const job = workflow.job;
  if (!job) return problems;
  const perms = job.permissions ?? top;
  if (perms === undefined || perms === 'read-all' || (perms !== 'write-all' && perms['id-token'] !== 'write')) {
    problems.push({
      check: 'id-token',
      severity: 'error',
      fix: ['workflow'],
      message: `job "${job.id}" has no "id-token: write", so it cannot request an OIDC token and configure-aws-credentials fails with "Could not load credentials from any providers": add "permissions: { contents: read, id-token: write }" to the job in ${path}.`,
    });
  }
  if (job.permissions !== undefined && typeof job.permissions === 'object' && job.permissions.contents !== 'read') {
    problems.push({
      check: 'permissions',
      severity: 'error',
      fix: ['workflow'],
      message: `job "${job.id}" permissions replace the top-level ones and do not include "contents: read", so checkout cannot read a private repository: add it in ${path}.`,
    });
  }
  const extra = writesOf(job.permissions).filter((w) => w !== 'id-token: write');
  if (extra.length > 0) {
    problems.push({
      check: 'permissions',
      severity: 'error',
      fix: ['workflow'],
      message: `job "${job.id}" grants ${extra.join(', ')}, which pushing to ECR does not need: remove them from the job's permissions in ${path}.`,
    });
  }
  return problems;
}

/** `scope: write` entries of a permissions block (`write-all` counts as everything). */
function writesOf(p: Permissions | undefined): string[] {
  if (p === undefined || p === 'read-all') return [];
  if (p === 'write-all') return ['write-all'];
  return Object.entries(p)
    .filter(([, access]) => access === 'write')
    .map(([scope]) => `${scope}: write`);
}
