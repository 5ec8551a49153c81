/**
 * The stage deploy jobs of the rehearsal's workflow copy, walked one after the other in the
 * order their `needs:` impose, as GitHub runs them after the push job: each on a fresh runner,
 * with its environment's variables over the repository's, the `needs` context (the push job's
 * outputs, the stage before), and skipped when a job it needs did not succeed. Their `run:`
 * scripts run with bash as written (workflow-runner.ts); configure-aws-credentials is stood in
 * for (stand-ins.ts), and `aws` is the rehearsal's stand-in on PATH.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checksStatus } from '../../../lib/workflow/expressions/evaluate';
import { interpolate, type Contexts } from '../../../lib/workflow/expressions';
import type { WorkflowDocument } from '../../../lib/workflow/workflow-document';
import { assumeRole } from './stand-ins';
import { ActionCall, JobReport, rehearseJob, StepReport } from './workflow-runner';

export interface StageJobResult {
  readonly jobId: string;
  /** The job's environment, as evaluated. */
  readonly environment?: string;
  readonly result: 'success' | 'failure' | 'skipped';
  readonly report?: JobReport;
  /** configure-aws-credentials' inputs, when the job got that far. */
  readonly credentials?: Record<string, string>;
}

export interface StageWalkOptions {
  readonly document: WorkflowDocument;
  /** The stage jobs, in the order to run them (stage-workflow.ts `runOrder`). */
  readonly order: readonly string[];
  /** Results of the jobs that ran before (the push job): `needs.ID.result` and `.outputs`. */
  readonly done: Readonly<Record<string, { result: string; outputs: Record<string, string> }>>;
  /** The variables of each GitHub environment, over the repository's (`contexts.vars`). */
  readonly environments: Readonly<Record<string, Record<string, string>>>;
  /** The contexts of a job (github, vars, runner…) on a runner with that workspace and temp dir. */
  readonly contexts: (jobId: string, workspace: string, temp: string) => Contexts;
  /** Where each job's runner directories are made. */
  readonly dir: string;
  readonly baseEnv: Record<string, string>;
  /** Values put over the job's `env:` (each must be a variable the job sets). */
  readonly jobEnv?: Readonly<Record<string, string>>;
  readonly onJob?: (jobId: string, environment: string | undefined) => void;
  readonly onStep?: (report: StepReport) => void;
}

/** Walks the stage jobs; a job that fails is reported (its later jobs are skipped), not thrown. */
export async function walkStageJobs(options: StageWalkOptions): Promise<StageJobResult[]> {
  const finished: Record<string, { result: string; outputs: Record<string, string> }> = { ...options.done };
  const results: StageJobResult[] = [];
  for (const jobId of options.order) {
    const job = options.document.jobs.find((j) => j.id === jobId);
    if (!job) throw new Error(`no job "${jobId}" in the rehearsal's workflow`);
    const needs = job.needs;
    const needsOk = needs.every((n) => finished[n]?.result === 'success');
    if (!needsOk && !checksStatus(job.if)) {
      finished[jobId] = { result: 'skipped', outputs: {} };
      results.push({ jobId, result: 'skipped' });
      continue;
    }
    for (const key of Object.keys(options.jobEnv ?? {})) {
      if (!(key in job.env)) throw new Error(`job "${jobId}" sets no ${key} in its env: (the rehearsal overrides it)`);
    }
    const runnerDir = path.join(options.dir, jobId);
    const workspace = path.join(runnerDir, 'workspace');
    const temp = path.join(runnerDir, 'temp');
    fs.mkdirSync(workspace, { recursive: true });
    fs.mkdirSync(temp, { recursive: true });
    const base = options.contexts(jobId, workspace, temp);
    const environment = job.environment === undefined ? undefined : interpolate(job.environment, base);
    if (environment !== undefined && !(environment in options.environments)) {
      throw new Error(`job "${jobId}" names environment "${environment}", which the rehearsal has no variables for`);
    }
    options.onJob?.(jobId, environment);
    const contexts: Contexts = {
      ...base,
      vars: { ...(base.vars as Record<string, unknown>), ...(environment ? options.environments[environment] : {}) },
      needs: Object.fromEntries(needs.map((n) => [n, finished[n]])),
    };
    let credentials: Record<string, string> | undefined;
    const report = await rehearseJob(
      options.document,
      { ...job, env: { ...job.env, ...options.jobEnv } },
      {
        contexts,
        workspace,
        tempDir: temp,
        baseEnv: options.baseEnv,
        handlers: {
          'aws-actions/configure-aws-credentials': (call: ActionCall) => {
            credentials = call.inputs;
            return assumeRole(call);
          },
        },
        outputs: job.outputs,
        failures: 'report',
        onStep: options.onStep,
      },
    );
    const result = !report.ran ? 'skipped' : report.failure ? 'failure' : 'success';
    finished[jobId] = { result, outputs: report.outputs };
    results.push({ jobId, environment, result, report, credentials });
  }
  return results;
}
