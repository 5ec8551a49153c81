/**
 * The runs the deploy workflow starts, for `doctor --workflow`: each push filter (or pull-request
 * trigger) that reaches each job assuming the role, with the environment the job names. A job's
 * `if:` keeps it to the pushes it lets through (lib/workflow/job-pushes.ts); a job with an
 * environment sends `environment:NAME` whatever the ref, one run per name it can take.
 */
import { type GitHubTrigger, inEnvironment, onPullRequest, onRef } from '../../iam/github-token';
import { environmentNames, type DeployWorkflow, type JobEnvironment } from '../../workflow/deploy-workflow';
import { jobPushes, type JobPush } from '../../workflow/job-pushes';
import { starPatternIncludes } from '../../workflow/patterns';
import type { SubjectContext } from './subject';

/**
 * A ref that a GitHub branch/tag filter matches, to stand for all of them: `**` → `x/y`, `*` → a
 * word, `[…]` → its first character, `?`/`+` keep the character before them. Good enough to
 * exercise the policy; lib/workflow's checks compare the patterns exactly.
 */
export function sampleForFilter(filter: string, word: string): string {
  let out = '';
  for (let i = 0; i < filter.length; i++) {
    const c = filter[i];
    if (c === '\\' && i + 1 < filter.length) out += filter[++i];
    else if (filter.startsWith('**', i)) {
      out += `${word}/${word}`;
      i++;
    } else if (c === '*') out += word;
    else if (c === '[') {
      const close = filter.indexOf(']', i + 1);
      if (close === -1) out += c;
      else {
        out += filter[i + 1] === '!' || filter[i + 1] === '^' ? word[0] : filter[i + 1];
        i = close;
      }
    } else if (c === '?' || c === '+') continue;
    else out += c;
  }
  return out;
}

/** One run the workflow starts that reaches a job assuming the role. */
export interface Run {
  readonly trigger: string;
  /** The id of the job that assumes the role in it (absent when the workflow has no such job). */
  readonly job?: string;
  readonly gh: GitHubTrigger;
  readonly ref: string;
  readonly environment?: string;
}

/** A deploy job as the doctor reads it (a nameless stand-in when the workflow has none). */
interface Judged {
  readonly id?: string;
  readonly if?: string;
  readonly environment: JobEnvironment;
}

function judged(wf: DeployWorkflow): readonly Judged[] {
  return wf.deployJobs.length > 0 ? wf.deployJobs : [{ environment: { kind: 'none' } }];
}

/** The sample ref a push filter stands for. */
function sampleRef(p: JobPush): string {
  if (p.kind === 'branch')
    return `refs/heads/${p.filter === undefined ? 'any-branch' : sampleForFilter(p.filter, 'x')}`;
  return `refs/tags/${p.filter === undefined ? 'any-tag' : sampleForFilter(p.filter, '1')}`;
}

/** The runs the workflow starts that reach a role-assuming job, and what could not be told. */
export function runsOf(wf: DeployWorkflow): { runs: Run[]; notes: string[] } {
  const runs: Run[] = [];
  const notes: string[] = [];
  const jobs = judged(wf);
  const pushesOf = jobPushes(
    wf.push,
    jobs.map((j) => j.if),
  );
  const pullRequests = ['pull_request', 'pull_request_target'].filter((e) => wf.triggers.includes(e));
  jobs.forEach((job, i) => {
    const names = environmentNames(job.environment);
    if (names === undefined && job.environment.kind === 'expression') {
      notes.push(
        `Job "${job.id}" picks its environment with an expression (${job.environment.text}) whose values cannot be read from the file; its runs were evaluated without one, so whether the role trusts them cannot be told.`,
      );
    }
    const environments: Array<string | undefined> =
      names === undefined || names.length === 0 ? [undefined] : [...names];
    for (const environment of environments) {
      const add = (trigger: string, ref: string, gh: GitHubTrigger) =>
        runs.push({ trigger, job: job.id, ref, environment, gh: environment ? inEnvironment(environment, ref) : gh });
      for (const p of pushesOf[i]) add(p.source, sampleRef(p), onRef(sampleRef(p)));
      for (const event of pullRequests) add(`on.${event}`, 'refs/pull/1/merge', onPullRequest(1));
    }
  });
  if (wf.triggers.includes('workflow_dispatch')) {
    notes.push(
      'on.workflow_dispatch can be started on any branch; the role refuses it except on the branches it trusts.',
    );
  }
  return { runs, notes };
}

/**
 * Whether a trusted subject context can come from a run the workflow starts. `via` names the jobs
 * that run on a trusted ref but send their environment instead (the advice differs).
 */
export function reachable(context: SubjectContext, wf: DeployWorkflow): { reached: boolean; via: string[] } {
  const jobs = judged(wf);
  const names = jobs.map((j) => environmentNames(j.environment));
  const unknown = names.some((n) => n === undefined);
  switch (context.kind) {
    case 'environment':
      // Environment names are exact: the settings refuse "*".
      return { reached: unknown || names.some((n) => n?.includes(context.environment)), via: [] };
    case 'pull_request':
      return { reached: wf.triggers.includes('pull_request') || wf.triggers.includes('pull_request_target'), via: [] };
    case 'other':
      return { reached: false, via: [] };
    case 'ref': {
      const isTag = context.ref.startsWith('refs/tags/');
      const name = context.ref.replace(/^refs\/(heads|tags)\//, '');
      const pushesOf = jobPushes(
        wf.push,
        jobs.map((j) => j.if),
      );
      // Overlap, judged both ways on star patterns: the filter covers the trusted pattern or the
      // trusted pattern covers the filter.
      const runsOn = pushesOf.map((pushes) =>
        pushes.some(
          (p) =>
            p.kind === (isTag ? 'tag' : 'branch') &&
            (starPatternIncludes(p.pattern, name) || starPatternIncludes(name, p.pattern)),
        ),
      );
      // With an environment, sub never names a ref.
      const sendsRef = names.map((n) => n === undefined || n.length === 0);
      return {
        reached: runsOn.some((on, i) => on && sendsRef[i]),
        via: jobs.flatMap((j, i) => (runsOn[i] && !sendsRef[i] ? [j.id ?? ''] : [])),
      };
    }
  }
}
