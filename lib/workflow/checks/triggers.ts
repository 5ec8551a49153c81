/**
 * Rule `triggers`: the runs that start a deploy are runs the role trusts, and back. A deploy never
 * runs on pull requests; it runs on push, to branches (or tags) that the role trusts, or in an
 * environment it trusts; and every branch, tag, environment or pull-request subject the role
 * trusts is one the workflow uses, else the role trusts more than it needs.
 */
import { wildcardMatch } from '../../iam/wildcard';
import { hasExpression } from '../expressions';
import { starPatternIncludes, widenGitHubFilter } from '../patterns';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { listOr, trustedPatterns } from './shared';

/** Checks `on:` and the deploy job's environment against the role's trusted subjects. */
export function triggers({ workflow, config }: CheckContext): WorkflowProblem[] {
  const { push, job, path } = workflow;
  const problems: WorkflowProblem[] = [];
  if (workflow.triggers.some((t) => t === 'pull_request' || t === 'pull_request_target')) {
    problems.push({
      check: 'triggers',
      severity: 'error',
      fix: ['workflow'],
      message: `${path} runs on pull requests: a deploy must come from a reviewed branch, and pull_request_target would run untrusted code with the role; remove the pull_request trigger from ${path}.`,
    });
  }
  if (!push) {
    problems.push({
      check: 'push-branches',
      severity: 'error',
      fix: ['workflow'],
      message: `${path} does not run on push: add on.push.branches (${listOr(trustedPatterns(config, 'branch'), 'e.g. [develop]')}) to ${path}.`,
    });
    return problems;
  }
  if (job?.environment !== undefined) {
    // The token's sub is then environment:NAME whatever the branch; the environment's own
    // protection rules decide which branches may use it.
    problems.push(...environmentTrusted(job.environment, job.id, { workflow, config }));
    return problems;
  }
  problems.push(...refsTrusted('branch', push.branches, push.branchesIgnore, push.tags === undefined, path, config));
  problems.push(...refsTrusted('tag', push.tags, push.tagsIgnore, false, path, config));
  for (const env of trustedPatterns(config, 'environment')) {
    problems.push({
      check: 'environments',
      severity: 'warning',
      fix: ['cdk-config', 'workflow'],
      message: `the role trusts environment "${env}" but the deploy job names no environment: remove "${env}" from allowedEnvironments in cdk.json (least privilege), or add environment: ${env} to the job in ${path}.`,
    });
  }
  if (config.subjects.some((s) => s.kind === 'pull_request')) {
    problems.push({
      check: 'pull-requests',
      severity: 'warning',
      fix: ['cdk-config'],
      message: `allowPullRequests=true lets pull-request runs assume the role, but ${path} does not run on pull requests: set allowPullRequests to false in cdk.json.`,
    });
  }
  return problems;
}

/** The job's environment is named literally and trusted by the role. */
function environmentTrusted(
  environment: string,
  jobId: string,
  { workflow, config }: Pick<CheckContext, 'workflow' | 'config'>,
): WorkflowProblem[] {
  const trusted = trustedPatterns(config, 'environment');
  if (hasExpression(environment)) {
    return [
      {
        check: 'environments',
        severity: 'error',
        fix: ['workflow'],
        message: `job "${jobId}" picks its environment with an expression ("${environment}"), which cannot be checked against the role: name it literally in ${workflow.path}.`,
      },
    ];
  }
  if (!trusted.some((t) => wildcardMatch(t, environment))) {
    return [
      {
        check: 'environments',
        severity: 'error',
        fix: ['cdk-config', 'workflow'],
        message: `job "${jobId}" runs in environment "${environment}" (its token's sub is "…:environment:${environment}") but the role trusts ${listOr(trusted, 'no environment')}: add "${environment}" to allowedEnvironments in cdk.json or remove environment: from the job in ${workflow.path}.`,
      },
    ];
  }
  return [];
}

/**
 * Every ref filter must lie inside a trusted pattern (else pushes fail to assume the role), and
 * every trusted pattern should be used by a filter (else the role trusts more than it needs).
 */
function refsTrusted(
  kind: 'branch' | 'tag',
  filters: readonly string[] | undefined,
  ignored: readonly string[] | undefined,
  allWhenMissing: boolean,
  path: string,
  config: CheckContext['config'],
): WorkflowProblem[] {
  const trusted = trustedPatterns(config, kind);
  const setting = kind === 'branch' ? 'allowedBranches' : 'allowedTags';
  const key = kind === 'branch' ? 'branches' : 'tags';
  const check = `push-${key}`;
  if (ignored !== undefined) {
    return [
      {
        check,
        severity: 'error',
        fix: ['workflow'],
        message: `on.push.${key}-ignore makes ${path} run for every other ${kind}, and the role cannot trust them all: list the ${kind}es in on.push.${key} instead (${listOr(trusted, `no ${kind} is trusted`)}).`,
      },
    ];
  }
  if (filters === undefined && !allWhenMissing) {
    return trusted.map((t) => ({
      check,
      severity: 'warning',
      fix: ['cdk-config', 'workflow'],
      message: `the role trusts ${kind} "${t}" but ${path} never runs on a ${kind} push: remove "${t}" from ${setting} in cdk.json (least privilege) or add it to on.push.${key} in ${path}.`,
    }));
  }
  const problems: WorkflowProblem[] = [];
  const positive = (filters ?? ['**']).filter((f) => !f.startsWith('!'));
  for (const filter of positive) {
    const wide = widenGitHubFilter(filter);
    if (!trusted.some((t) => starPatternIncludes(t, wide))) {
      const shown = filters === undefined ? `every ${kind} (on.push has no ${key} filter)` : `${kind} "${filter}"`;
      problems.push({
        check,
        severity: 'error',
        fix: ['cdk-config', 'workflow'],
        message:
          `${path} triggers on ${shown} but the role trusts only ${listOr(trusted, `no ${kind}`)}: ` +
          (filters === undefined
            ? `add on.push.${key} with the trusted ${kind}es to ${path}.`
            : `add "${filter}" to ${setting} in cdk.json or remove it from ${path} on.push.${key}.`),
      });
    }
  }
  for (const t of trusted) {
    if (!positive.some((f) => starPatternIncludes(widenGitHubFilter(f), t))) {
      problems.push({
        check,
        severity: 'warning',
        fix: ['cdk-config', 'workflow'],
        message: `the role trusts ${kind} "${t}" but ${path} never runs on it: remove "${t}" from ${setting} in cdk.json (least privilege) or add it to ${path} on.push.${key}.`,
      });
    }
  }
  return problems;
}
