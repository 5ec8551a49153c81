/**
 * `npm run doctor -- --workflow`: the deploy workflow against the *synthesized* trust policy.
 *
 * - Every run the workflow starts and that assumes the role (each push branch/tag filter, the
 *   job's environment, pull requests) is turned into the token GitHub would issue for it and
 *   evaluated against the template's trust policy: each must be allowed.
 * - Every run the policy trusts must be one the workflow can start, or the role trusts more than
 *   it needs.
 * - The consistency checks of lib/workflow (parser and rules owned by the workflow's author) are
 *   reported alongside: they compare the workflow with the settings, exactly, pattern by pattern.
 */
import type { AppConfig } from '../../stack/config';
import {
  githubClaims,
  GitHubTrigger,
  inEnvironment,
  onPullRequest,
  onRef,
  stsRequestForToken,
  StsTarget,
} from '../../iam/github-token';
import { evaluatePolicy, PolicyDocument } from '../../iam/policy-evaluator';
import { checkDeployWorkflow } from '../../workflow/deploy-consistency';
import type { DeployWorkflow } from '../../workflow/deploy-workflow';
import { starPatternIncludes, widenGitHubFilter } from '../../workflow/patterns';
import type { WorkflowProblem } from '../../workflow/workflow-problem';
import { Cause, diagnose } from './diagnose';
import { trustStatements } from './statements';
import { describeContext, parseSubject, SubjectContext } from './subject';

export interface TriggerCheck {
  /** What in the workflow starts the run, e.g. `on.push.branches "release/**"`. */
  readonly trigger: string;
  /** The sample run evaluated (a ref that the filter matches). */
  readonly ref: string;
  readonly environment?: string;
  readonly sub: string;
  readonly decision: 'Allow' | 'Deny';
  readonly causes: readonly Cause[];
}

export interface UnreachableTrust {
  /** The trusted subject, from the synthesized policy. */
  readonly sub: string;
  readonly message: string;
}

export interface WorkflowCheckResult {
  readonly path: string;
  readonly triggers: readonly TriggerCheck[];
  readonly unreachable: readonly UnreachableTrust[];
  /** Findings of lib/workflow's consistency checks. */
  readonly problems: readonly WorkflowProblem[];
  readonly notes: readonly string[];
  /** True when every trigger is allowed, nothing trusted is unreachable and there is no error. */
  readonly ok: boolean;
}

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

interface Run {
  readonly trigger: string;
  readonly gh: GitHubTrigger;
  readonly ref: string;
  readonly environment?: string;
}

/** The runs the workflow starts that reach the role-assuming job. */
function runsOf(wf: DeployWorkflow): { runs: Run[]; notes: string[] } {
  const runs: Run[] = [];
  const notes: string[] = [];
  const push = wf.push;
  const environment = wf.job?.environment;
  const literalEnvironment = environment !== undefined && !environment.includes('${{') ? environment : undefined;
  const add = (trigger: string, ref: string) =>
    runs.push({
      trigger,
      ref,
      environment: literalEnvironment,
      gh: literalEnvironment ? inEnvironment(literalEnvironment, ref) : onRef(ref),
    });

  if (push) {
    const branches = push.branches?.filter((f) => !f.startsWith('!'));
    const tags = push.tags?.filter((f) => !f.startsWith('!'));
    // GitHub: with neither filter every branch and tag triggers; with only one, only that kind.
    if (branches === undefined && tags === undefined) {
      add('on.push (no branches filter: every branch)', 'refs/heads/any-branch');
      add('on.push (no tags filter: every tag)', 'refs/tags/any-tag');
    }
    for (const f of branches ?? []) add(`on.push.branches "${f}"`, `refs/heads/${sampleForFilter(f, 'x')}`);
    for (const f of tags ?? []) add(`on.push.tags "${f}"`, `refs/tags/${sampleForFilter(f, '1')}`);
  }
  for (const event of ['pull_request', 'pull_request_target']) {
    if (wf.triggers.includes(event)) {
      runs.push({ trigger: `on.${event}`, gh: onPullRequest(1), ref: 'refs/pull/1/merge' });
    }
  }
  if (wf.triggers.includes('workflow_dispatch')) {
    notes.push(
      'on.workflow_dispatch can be started on any branch; the role refuses it except on the branches it trusts.',
    );
  }
  if (environment !== undefined && literalEnvironment === undefined) {
    notes.push(
      `The deploy job picks its environment with an expression (${environment}); runs were evaluated without one.`,
    );
  }
  return { runs, notes };
}

/** Whether a trusted subject context can come from a run the workflow starts. */
function reachable(context: SubjectContext, wf: DeployWorkflow): boolean {
  const env = wf.job?.environment;
  switch (context.kind) {
    case 'environment':
      // Environment names are exact: the settings refuse "*".
      return env !== undefined && context.environment === env;
    case 'pull_request':
      return wf.triggers.includes('pull_request') || wf.triggers.includes('pull_request_target');
    case 'other':
      return false;
    case 'ref': {
      if (env !== undefined || !wf.push) return false; // with an environment, sub never names a ref
      const push = wf.push;
      const isTag = context.ref.startsWith('refs/tags/');
      const name = context.ref.replace(/^refs\/(heads|tags)\//, '');
      const filters = isTag ? push.tags : push.branches;
      const otherGiven = isTag ? push.branches !== undefined : push.tags !== undefined;
      if (filters === undefined) return !otherGiven;
      // Overlap, judged both ways on widened patterns: the filter covers the trusted pattern or
      // the trusted pattern covers the filter.
      return filters
        .filter((f) => !f.startsWith('!'))
        .some(
          (f) => starPatternIncludes(widenGitHubFilter(f), name) || starPatternIncludes(name, widenGitHubFilter(f)),
        );
    }
  }
}

export function checkWorkflowAgainstStack(
  wf: DeployWorkflow,
  config: AppConfig,
  trustPolicy: PolicyDocument,
  target: StsTarget,
): WorkflowCheckResult {
  const { runs, notes } = runsOf(wf);
  const triggers: TriggerCheck[] = runs.map((run) => {
    const claims = githubClaims({
      owner: config.repository.owner,
      repository: config.repository.name,
      ownerId: config.repository.ownerId,
      repositoryId: config.repository.repositoryId,
      subjectFormat: config.repository.usesImmutableIds ? 'immutable' : 'name',
      trigger: run.gh,
      workflowFile: wf.path,
      issuer: `https://${config.issuerHost}`,
    });
    const decision = evaluatePolicy(trustPolicy, stsRequestForToken(claims, target));
    return {
      trigger: run.trigger,
      ref: run.ref,
      environment: run.environment,
      sub: String(claims.sub),
      decision: decision.decision,
      causes: diagnose(decision, claims, config),
    };
  });

  // With immutable IDs each subject is trusted in two forms (ID and name): judge each subject once.
  const unreachable: UnreachableTrust[] = [];
  const bySubject = new Map<string, string[]>();
  for (const sub of new Set(
    trustStatements(trustPolicy)
      .filter((t) => t.effect === 'Allow')
      .flatMap((t) => t.subs),
  )) {
    const parsed = parseSubject(sub);
    if (!parsed) continue;
    bySubject.set(parsed.contextText, [...(bySubject.get(parsed.contextText) ?? []), sub]);
  }
  for (const subs of bySubject.values()) {
    const parsed = parseSubject(subs[0])!;
    if (!reachable(parsed.context, wf)) {
      unreachable.push({
        sub: subs[0],
        message: `The role trusts ${describeContext(parsed.context)} (${subs.join(' or ')}), but ${wf.path} never starts a deploy that sends it: remove it from the settings (least privilege) or add the trigger to the workflow.`,
      });
    }
  }

  const problems = checkDeployWorkflow(wf, config);
  const ok =
    triggers.every((t) => t.decision === 'Allow') &&
    unreachable.length === 0 &&
    problems.every((p) => p.severity !== 'error');
  if (runs.length === 0) notes.push(`${wf.path} starts no push or pull-request run that could assume the role.`);
  return { path: wf.path, triggers, unreachable, problems, notes, ok: ok && runs.length > 0 };
}
