/**
 * Walks one job of a GitHub Actions workflow the way a runner would, so the rehearsal follows the
 * deploy workflow when it changes: step by step, `if:` conditions, `env:` at every level,
 * `${{ … }}` in inputs and scripts, `run:` steps executed with bash exactly as written (run-step.ts),
 * and `uses:` steps handed to a handler
 * per action (the rehearsal's stand-ins: docker login for amazon-ecr-login, docker build/push for
 * build-push-action, …). A step with no handler stops the walk with an error naming it.
 *
 * As on GitHub, a failed step fails the job: the steps after it run only when their `if:` asks for
 * the job's status (`always()`, `failure()`), and then the job's `outputs:` are evaluated.
 *
 * The file itself is read by lib/workflow/workflow-document.ts, the model the stack's consistency
 * checks use too.
 */
import { condition, Contexts, interpolate } from '../../../lib/workflow/expressions';
import type { WorkflowDocument, WorkflowJob, WorkflowStep } from '../../../lib/workflow/workflow-document';
import { githubEnv, runScript } from './run-step';

/** What a `uses:` handler receives: the action (owner/repo, lowercased) and its evaluated inputs. */
export interface ActionCall {
  readonly step: WorkflowStep;
  readonly action: string;
  readonly inputs: Record<string, string>;
  readonly env: Record<string, string>;
}

export interface ActionResult {
  readonly outputs?: Record<string, string>;
  /** Variables the action exports for the steps after it (as `core.exportVariable` does). */
  readonly env?: Record<string, string>;
  /** Shown in the step log (e.g. "not rehearsed: needs AWS"). */
  readonly note?: string;
}

export type ActionHandler = (call: ActionCall) => Promise<ActionResult>;

export interface StepReport {
  readonly step: WorkflowStep;
  readonly title: string;
  readonly kind: 'run' | 'uses' | 'skipped';
  readonly outputs: Record<string, string>;
  readonly note?: string;
  /** What a `run:` step wrote to GITHUB_STEP_SUMMARY. */
  readonly summary?: string;
  /** Why the step failed (its error message), when it did. */
  readonly failed?: string;
  readonly ms: number;
}

/** The first step that failed, and why. */
export interface StepFailure {
  readonly step: WorkflowStep;
  readonly title: string;
  /** `step N "title": …` with the end of the script's output. */
  readonly message: string;
  readonly error: unknown;
}

/** The walk through one job. */
export interface JobReport {
  /** False when the job's own `if:` was false: no step ran. */
  readonly ran: boolean;
  readonly steps: StepReport[];
  /** The job summary: what its steps wrote to GITHUB_STEP_SUMMARY, in order. */
  readonly summary: string;
  /** The job's `outputs:`, evaluated after its last step (those of `RehearsalOptions.outputs`). */
  readonly outputs: Record<string, string>;
  /** The step that failed the job (only with `RehearsalOptions.failures: 'report'`). */
  readonly failure?: StepFailure;
}

export interface RehearsalOptions {
  /** Contexts other than env and steps: github, vars, secrets, runner, job, inputs. */
  readonly contexts: Contexts;
  /** The checkout: where `run:` steps start and relative paths point. */
  readonly workspace: string;
  /** A private directory for GITHUB_OUTPUT and friends and the scripts. */
  readonly tempDir: string;
  /** Environment every `run:` step starts from (PATH, HOME, engine settings…). */
  readonly baseEnv: Record<string, string>;
  /** Handlers by action, `owner/repo` in lower case. */
  readonly handlers: Record<string, ActionHandler>;
  readonly onStep?: (report: StepReport) => void;
  /** The job's `outputs:` as written (name → text with `${{ }}`). */
  readonly outputs?: Readonly<Record<string, string>>;
  /**
   * What a failed step does once the steps GitHub would still run have run: `throw` its error
   * (the default), or `report` it in `JobReport.failure`.
   */
  readonly failures?: 'throw' | 'report';
}

/** `owner/repo` of a `uses:` reference (lower case), or an error for local and docker:// actions. */
export function actionName(uses: string): string {
  if (uses.startsWith('./') || uses.startsWith('docker://')) {
    throw new Error(`uses: ${uses}: local and docker:// actions are not supported by the rehearsal`);
  }
  const [repoPath] = uses.split('@');
  const [owner, repo] = repoPath.split('/');
  if (!owner || !repo) throw new Error(`uses: ${uses}: expected owner/repo@ref`);
  return `${owner}/${repo}`.toLowerCase();
}

/** How the step is named in logs: its name, or what it runs. */
export function stepTitle(step: WorkflowStep): string {
  return step.name ?? (step.uses ? `Run ${step.uses.uses}` : `Run ${(step.run?.script ?? '').split('\n')[0]}`);
}

function evaluateEnv(env: Record<string, unknown>, contexts: Contexts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) out[key] = interpolate(String(value ?? ''), contexts);
  return out;
}

/**
 * Rehearses `job` step by step. A job whose own `if:` is false runs no step (`ran: false`), as on
 * GitHub. After a failed step, only steps whose `if:` checks the status run; then the failure is
 * thrown, or reported (`options.failures`).
 */
export async function rehearseJob(
  workflow: WorkflowDocument,
  job: WorkflowJob,
  options: RehearsalOptions,
): Promise<JobReport> {
  if (job.uses) throw new Error(`job ${job.id} calls a reusable workflow; the rehearsal runs steps`);
  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  const jobContext = { ...((options.contexts.job as Record<string, unknown> | undefined) ?? {}), status: 'success' };
  const contexts: Contexts = { ...options.contexts, steps, env: {}, job: jobContext };
  const workflowEnv = evaluateEnv(workflow.env, contexts);
  contexts.env = { ...workflowEnv };
  if (!condition(job.if, contexts)) return { ran: false, steps: [], summary: '', outputs: {} };
  let carriedEnv: Record<string, string> = { ...workflowEnv, ...evaluateEnv(job.env, contexts) };
  const reports: StepReport[] = [];
  let failure: StepFailure | undefined;

  for (const step of job.steps) {
    const started = Date.now();
    const title = stepTitle(step);
    contexts.env = { ...carriedEnv };
    if (!condition(step.if, contexts)) {
      const report: StepReport = { step, title, kind: 'skipped', outputs: {}, ms: 0 };
      reports.push(report);
      options.onStep?.(report);
      continue;
    }
    const stepEnv = { ...carriedEnv, ...evaluateEnv(step.env, contexts) };
    contexts.env = stepEnv;
    let outputs: Record<string, string>;
    let note: string | undefined;
    let summary: string | undefined;
    let kind: 'run' | 'uses';
    try {
      if (step.run !== undefined) {
        kind = 'run';
        const result = await runScript({
          step,
          shell: step.run.shell,
          script: interpolate(step.run.script, contexts),
          env: { ...options.baseEnv, ...githubEnv(contexts, options.workspace), ...stepEnv },
          workspace: options.workspace,
          tempDir: options.tempDir,
        });
        outputs = result.outputs;
        summary = result.summary || undefined;
        carriedEnv = { ...carriedEnv, ...result.env };
      } else if (step.uses !== undefined) {
        kind = 'uses';
        const action = actionName(step.uses.uses);
        const handler = options.handlers[action];
        if (!handler) {
          throw new Error(
            `uses: ${step.uses.uses} has no stand-in in the rehearsal (add one in scripts/e2e/lib/stand-ins.ts)`,
          );
        }
        const inputs: Record<string, string> = {};
        for (const [key, value] of Object.entries(step.with)) inputs[key] = interpolate(value, contexts);
        const result = await handler({ step, action, inputs, env: stepEnv });
        outputs = result.outputs ?? {};
        note = result.note;
        carriedEnv = { ...carriedEnv, ...result.env };
      } else {
        throw new Error('neither run: nor uses:');
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const ms = Date.now() - started;
      const report: StepReport = { step, title, kind: kindOf(step), outputs: {}, failed: message, ms };
      reports.push(report);
      options.onStep?.(report);
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'failure', conclusion: 'failure' };
      failure ??= { step, title, message: `step ${step.index + 1} "${title}": ${message}`, error };
      jobContext.status = 'failure';
      continue;
    }
    if (step.id) steps[step.id] = { outputs, outcome: 'success', conclusion: 'success' };
    const report: StepReport = { step, title, kind, outputs, note, summary, ms: Date.now() - started };
    reports.push(report);
    options.onStep?.(report);
  }
  contexts.env = { ...carriedEnv };
  const jobReport: JobReport = {
    ran: true,
    steps: reports,
    summary: reports.map((r) => r.summary ?? '').join(''),
    outputs: evaluateEnv(options.outputs ?? {}, contexts),
    failure,
  };
  if (failure && options.failures !== 'report') throw new Error(failure.message, { cause: failure.error });
  return jobReport;
}

function kindOf(step: WorkflowStep): 'run' | 'uses' {
  return step.run !== undefined ? 'run' : 'uses';
}
