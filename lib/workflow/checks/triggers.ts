/**
 * Rule `triggers`: the runs that start a deploy are runs the role trusts, and back. A deploy never
 * runs on pull requests. Each job that assumes the role is judged on its own: a job without an
 * environment sends the ref of each push that starts it (on.push, narrowed by its `if:`), which
 * the role must trust as a branch or tag; a job that names an environment sends
 * `environment:NAME` whatever the ref, which the role must trust as an environment. Back the other
 * way, over all the jobs together: every branch, tag, environment or pull-request subject the role
 * trusts is one some job sends, else the role trusts more than it needs.
 */
import { wildcardMatch } from '../../iam/wildcard';
import type { DeployJob } from '../deploy-job';
import { environmentNames, type JobEnvironment } from '../job-environment';
import { jobPushes, type JobPush } from '../job-pushes';
import { starPatternIncludes } from '../patterns';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { jobsLabel } from './per-job';
import { listOr, trustedPatterns } from './shared';

type Kind = 'branch' | 'tag';
const KEY = { branch: 'branches', tag: 'tags' } as const;
const SETTING = { branch: 'allowedBranches', tag: 'allowedTags' } as const;

/** What the rule reads of a deploy job (a stand-in without id when the workflow has none). */
type Judged = Pick<DeployJob, 'if' | 'environment'> & { readonly id?: string };

/** Checks `on:` and each deploy job's pushes and environment against the role's trusted subjects. */
export function triggers({ workflow, config, settingsIn }: CheckContext): WorkflowProblem[] {
  const { push, path } = workflow;
  const problems: WorkflowProblem[] = [];
  const onPullRequests = workflow.triggers.some((t) => t === 'pull_request' || t === 'pull_request_target');
  if (onPullRequests) {
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
  const ignoring = { branch: push.branchesIgnore !== undefined, tag: push.tagsIgnore !== undefined };
  for (const kind of ['branch', 'tag'] as const) {
    if (!ignoring[kind]) continue;
    problems.push({
      check: `push-${KEY[kind]}`,
      severity: 'error',
      fix: ['workflow'],
      message: `on.push.${KEY[kind]}-ignore makes ${path} run for every other ${kind}, and the role cannot trust them all: list the ${KEY[kind]} in on.push.${KEY[kind]} instead (${listOr(trustedPatterns(config, kind), `no ${kind} is trusted`)}).`,
    });
  }
  const jobs: readonly Judged[] =
    workflow.deployJobs.length > 0 ? workflow.deployJobs : [{ environment: { kind: 'none' } }];
  const several = jobs.length > 1;
  // What the jobs send, for the other direction: ref patterns by kind, environment names.
  const sent: Record<Kind, string[]> = { branch: [], tag: [] };
  const environments: string[] = [];
  let environmentsUnknown = false;
  const pushesOf = jobPushes(
    push,
    jobs.map((j) => j.if),
  ).map((pushes) => pushes.filter((p) => !ignoring[p.kind]));
  jobs.forEach((job, i) => {
    const pushes = pushesOf[i];
    const names = environmentNames(job.environment);
    if (names === undefined) {
      // It may send any environment, or (an empty name) its ref: claim nothing as unused.
      environmentsUnknown = true;
      for (const p of pushes) sent[p.kind].push(p.pattern);
      problems.push(unknownEnvironment(job, job.environment, path));
    } else if (names.length > 0) {
      environments.push(...names);
      problems.push(...names.flatMap((name) => environmentTrusted(job, name, config, path, settingsIn)));
    } else {
      for (const p of pushes) sent[p.kind].push(p.pattern);
      problems.push(...pushes.flatMap((p) => pushTrusted(job, p, several, config, path, settingsIn)));
    }
  });
  for (const kind of ['branch', 'tag'] as const) {
    if (ignoring[kind]) continue;
    for (const t of trustedPatterns(config, kind)) {
      if (!sent[kind].some((p) => starPatternIncludes(p, t)))
        problems.push(unusedRef(kind, t, jobs, pushesOf, push, path, settingsIn));
    }
  }
  for (const env of trustedPatterns(config, 'environment')) {
    if (environmentsUnknown || environments.some((name) => wildcardMatch(env, name))) continue;
    problems.push({
      check: 'environments',
      severity: 'warning',
      fix: ['cdk-config', 'workflow'],
      message: `the role trusts environment "${env}" but no deploy job names it: remove "${env}" from allowedEnvironments in ${settingsIn} (least privilege), or add environment: ${env} to the job that deploys with it in ${path}.`,
    });
  }
  if (config.subjects.some((s) => s.kind === 'pull_request') && !onPullRequests) {
    problems.push({
      check: 'pull-requests',
      severity: 'warning',
      fix: ['cdk-config'],
      message: `allowPullRequests=true lets pull-request runs assume the role, but ${path} does not run on pull requests: set allowPullRequests to false in ${settingsIn}.`,
    });
  }
  return problems;
}

/** `job "x" ` (with the trailing space), or '' for the stand-in. */
function named(job: Judged): string {
  return job.id === undefined ? '' : `job "${job.id}" `;
}

/** A push that starts a job without an environment: the role must trust its ref. */
function pushTrusted(
  job: Judged,
  p: JobPush,
  several: boolean,
  config: CheckContext['config'],
  path: string,
  settingsIn: string,
): WorkflowProblem[] {
  const trusted = trustedPatterns(config, p.kind);
  if (trusted.some((t) => starPatternIncludes(t, p.pattern))) return [];
  const key = KEY[p.kind];
  let shown: string;
  let fix: string;
  if (p.filter === undefined) {
    shown = `every ${p.kind} (on.push has no ${key} filter)`;
    fix = `add on.push.${key} with the trusted ${key} to ${path}.`;
  } else {
    shown = `${p.kind} "${p.filter}"`;
    const keepOff = several ? ` (or keep ${named(job)}off it with its if:)` : '';
    fix = `add "${p.filter}" to ${SETTING[p.kind]} in ${settingsIn} or remove it from ${path} on.push.${key}${keepOff}.`;
  }
  return [
    {
      check: `push-${key}`,
      severity: 'error',
      fix: ['cdk-config', 'workflow'],
      message: `${named(job)}${job.id === undefined ? `${path} triggers` : 'runs'} on ${shown} but the role trusts ${trusted.length === 0 ? `no ${p.kind}` : `only ${listOr(trusted, '')}`}: ${fix}`,
    },
  ];
}

/** A job that names environment `name`: its token's sub is environment:NAME, which the role must trust. */
function environmentTrusted(
  job: Judged,
  name: string,
  config: CheckContext['config'],
  path: string,
  settingsIn: string,
): WorkflowProblem[] {
  const trusted = trustedPatterns(config, 'environment');
  if (trusted.some((t) => wildcardMatch(t, name))) return [];
  const how = job.environment.kind === 'expression' ? ` (one of the names "${job.environment.text}" can take)` : '';
  return [
    {
      check: 'environments',
      severity: 'error',
      fix: ['cdk-config', 'workflow'],
      message: `${named(job)}runs in environment "${name}"${how}, so its token's sub is "…:environment:${name}" whatever the branch or tag, but the role trusts ${listOr(trusted, 'no environment')}: add "${name}" to allowedEnvironments in ${settingsIn} or remove environment: from the job in ${path}.`,
    },
  ];
}

/** A job whose environment expression cannot be read: say so, rather than guess. */
function unknownEnvironment(job: Judged, environment: JobEnvironment, path: string): WorkflowProblem {
  const text = environment.kind === 'expression' ? environment.text : '';
  return {
    check: 'environments',
    severity: 'warning',
    fix: ['workflow'],
    message: `${named(job)}picks its environment with "${text}", whose values cannot be read from the file, so this check cannot tell whether the role trusts them (its token's sub is "…:environment:NAME" for each): name the environment literally, or build it from string literals or a matrix list, in ${path}.`,
  };
}

/** A trusted branch or tag pattern that no deploy job sends. */
function unusedRef(
  kind: Kind,
  t: string,
  jobs: readonly Judged[],
  pushesOf: readonly (readonly JobPush[])[],
  push: NonNullable<CheckContext['workflow']['push']>,
  path: string,
  settingsIn: string,
): WorkflowProblem {
  const setting = SETTING[kind];
  const key = KEY[kind];
  // Jobs that do run on it, but send their environment instead of the ref.
  const inEnvironment = jobs
    .filter(
      (j, i) =>
        j.environment.kind !== 'none' && pushesOf[i].some((p) => p.kind === kind && starPatternIncludes(p.pattern, t)),
    )
    .map((j) => j.id ?? '');
  const never =
    push[key] === undefined && (kind === 'tag' ? push.branches !== undefined : push.tags !== undefined)
      ? `${path} never runs on a ${kind} push`
      : `no deploy job of ${path} runs on it`;
  const message =
    inEnvironment.length > 0
      ? `the role trusts ${kind} "${t}" but ${jobsLabel(inEnvironment)} that ${inEnvironment.length > 1 ? 'run' : 'runs'} on it ${inEnvironment.length > 1 ? 'name an environment' : 'names an environment'}, so the token's sub names the environment, never the ${kind}: remove "${t}" from ${setting} in ${settingsIn} (least privilege), or remove environment: from that job in ${path}.`
      : `the role trusts ${kind} "${t}" but ${never}: remove "${t}" from ${setting} in ${settingsIn} (least privilege) or add it to ${path} on.push.${key}.`;
  return { check: `push-${key}`, severity: 'warning', fix: ['cdk-config', 'workflow'], message };
}
