/**
 * `npm run doctor -- --workflow`: the deploy workflow against the *synthesized* trust policy.
 *
 * - Every run the workflow starts and that assumes the role (each push branch/tag filter that
 *   reaches each job that assumes the role, the job's environment, pull requests; workflow-runs.ts)
 *   is turned into the token GitHub would issue for it and evaluated against the template's trust
 *   policy: each must be allowed. A job that names an environment sends `environment:NAME`
 *   whatever the branch, and the advice for its denied runs says so.
 * - Every run the policy trusts must be one the workflow can start, or the role trusts more than
 *   it needs.
 * - The consistency checks of lib/workflow (parser and rules owned by the workflow's author) are
 *   reported alongside: they compare the workflow with the settings, exactly, pattern by pattern,
 *   including the deploy jobs of cdk.json deployStages (which assume the stage roles, not this one).
 */
import type { AppConfig } from '../../stack/config';
import { githubClaims, stsRequestForToken, StsTarget } from '../../iam/github-token';
import { evaluatePolicy, PolicyDocument } from '../../iam/policy-evaluator';
import { checkDeployWorkflow } from '../../workflow/deploy-consistency';
import type { DeployWorkflow } from '../../workflow/deploy-workflow';
import type { StageJobStage } from '../../workflow/stage-deploy-job';
import type { WorkflowProblem } from '../../workflow/workflow-problem';
import { Cause, diagnose } from './diagnose';
import { SettingsScope, settingFix, settingsPlace, TOP_LEVEL } from './setting-change';
import { trustStatements } from './statements';
import { describeContext, parseSubject } from './subject';
import { reachable, type Run, runsOf } from './workflow-runs';

export { sampleForFilter } from './workflow-runs';

export interface TriggerCheck {
  /** What in the workflow starts the run, e.g. `on.push.branches "release/**"`. */
  readonly trigger: string;
  /** The job that assumes the role in that run (absent when the workflow has none). */
  readonly job?: string;
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
 * @param stages cdk.json deployStages: their deploy jobs are checked by the stage rules (the runs
 *   evaluated here are the push jobs', against the push role's trust policy)
 * @param scope where the role's settings are written, which the fixes name (setting-change.ts)
 */
export function checkWorkflowAgainstStack(
  wf: DeployWorkflow,
  config: AppConfig,
  trustPolicy: PolicyDocument,
  target: StsTarget,
  stages: readonly StageJobStage[] = [],
  scope: SettingsScope = TOP_LEVEL,
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
    const causes = diagnose(decision, claims, config, undefined, scope);
    return {
      trigger: run.trigger,
      job: run.job,
      ref: run.ref,
      environment: run.environment,
      sub: String(claims.sub),
      decision: decision.decision,
      causes: run.environment === undefined ? causes : environmentCauses(causes, run, config, scope, wf.path),
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
    const { reached, via } = reachable(parsed.context, wf);
    if (reached) continue;
    const trusts = `The role trusts ${describeContext(parsed.context)} (${subs.join(' or ')})`;
    let message = `${trusts}, but ${wf.path} never starts a deploy that sends it: remove it from the settings (least privilege) or add the trigger to the workflow.`;
    if (parsed.context.kind === 'environment') {
      message = `${trusts}, but no job of ${wf.path} that assumes the role names it: remove it from the settings (least privilege) or add "environment: ${parsed.context.environment}" to the job that should deploy with it.`;
    } else if (via.length > 0) {
      message = `${trusts}, but the job${via.length > 1 ? 's' : ''} of ${wf.path} that run${via.length > 1 ? '' : 's'} on it (${via.map((j) => `"${j}"`).join(', ')}) name${via.length > 1 ? '' : 's'} an environment, so its token's sub is environment:NAME whatever the branch, never this ref: remove it from the settings (least privilege), or remove "environment:" from that job.`;
    }
    unreachable.push({ sub: subs[0], message });
  }

  const problems = checkDeployWorkflow(wf, config, { stages, settingsIn: settingsPlace(scope) });
  const ok =
    triggers.every((t) => t.decision === 'Allow') &&
    unreachable.length === 0 &&
    problems.every((p) => p.severity !== 'error');
  if (runs.length === 0) notes.push(`${wf.path} starts no push or pull-request run that could assume the role.`);
  return { path: wf.path, triggers, unreachable, problems, notes, ok: ok && runs.length > 0 };
}

/**
 * The causes of a denied run of a job that names an environment: its token's sub is
 * `environment:NAME` whatever the branch, so trusting the branch or adding a trigger cannot help;
 * the fix is allowedEnvironments, or removing `environment:` from that job.
 */
function environmentCauses(
  causes: readonly Cause[],
  run: Run,
  config: AppConfig,
  scope: SettingsScope,
  path: string,
): Cause[] {
  const environment = run.environment ?? '';
  const job = run.job === undefined ? 'the job' : `job "${run.job}"`;
  const trusted = config.subjects.filter((s) => s.kind === 'environment').map((s) => s.pattern);
  return causes
    .filter((c) => c.id !== 'branch-not-allowed' && c.id !== 'tag-not-allowed')
    .map((c) =>
      c.id !== 'environment-subject'
        ? c
        : {
            id: c.id,
            message:
              `${job.charAt(0).toUpperCase()}${job.slice(1)} names environment "${environment}", so its token's sub is "environment:${environment}" whatever the branch or tag that started it (${run.ref}); ` +
              `the role trusts ${trusted.length === 0 ? 'no environment' : `the environments ${JSON.stringify(trusted)}`}, so trusting the branch or adding a trigger cannot help.`,
            fix: [
              `Trust the environment: add it to allowedEnvironments: ${settingFix(scope, { allowedEnvironments: [...trusted, environment] })} — its protection rules then decide which branches may deploy;`,
              `or remove "environment:" from ${job} in ${path}, so that sub names its ref again (which the role must then trust).`,
            ],
          },
    );
}
