/**
 * The deploy job itself, walked step by step with the stand-ins (login, build, push), then again
 * for the same commit as "Re-run jobs" does: the lookup must find the image and skip the build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildArg, DEPLOY_WORKFLOW_PATH, DeployWorkflow, renderBuildArgs } from '../../../lib/workflow/deploy-workflow';
import { type AwsStandIn, readCallLog, startAwsStandIn } from '../lib/aws-stand-in-install';
import type { Engine } from '../lib/engine';
import { Registry, REGISTRY_USER } from '../lib/registry';
import { rehearsalContexts, RehearsalSettings } from '../lib/rehearsal-context';
import { seconds } from '../lib/report';
import type { StandInState } from '../lib/stand-in-state';
import { standIns } from '../lib/stand-ins';
import { JobReport, rehearseJob, StepReport } from '../lib/workflow-runner';
import { log, REPO_ROOT, type Run } from './run';

/** The build-args as the static model reads them, when they read nothing but the commit SHA. */
function staticBuildArgs(args: readonly BuildArg[], sha: string, notes: string[]): Record<string, string> | undefined {
  try {
    return renderBuildArgs(args, { 'github.sha': sha });
  } catch (error) {
    notes.push(`build-args not cross-checked with lib/workflow/deploy-workflow.ts: ${(error as Error).message}`);
    return undefined;
  }
}

/** One line of the log per step walked. */
export function describeStep(report: StepReport): string {
  const head = `  · step ${report.step.index + 1} "${report.title}"`;
  if (report.kind === 'skipped') return `${head}: skipped (if: ${String(report.step.if)})`;
  if (report.failed !== undefined) return `${head}: failed [${seconds(report.ms)}]`;
  const outputs = Object.entries(report.outputs)
    .filter(([, v]) => !v.includes('\n') && v.length < 90)
    .map(([k, v]) => `${k}=${v}`);
  const detail = report.note ?? (outputs.length ? outputs.join(', ') : report.kind === 'run' ? 'ran' : 'done');
  return `${head}: ${detail} [${seconds(report.ms)}]`;
}

/** The account ID the rehearsal's ECR answers with (as in rehearsal-context's role ARN). */
export const REHEARSAL_ACCOUNT = '123456789012';

/** What the push job left: the stand-ins' state, and the job's `outputs:` from its first run. */
export interface PushJobResult {
  readonly state: StandInState;
  readonly outputs: Record<string, string>;
}

/**
 * 2–4. The deploy job, step by step; the stand-ins move the clock through login, build and push.
 * `jobOutputs` is the job's `outputs:` as written (for the stage jobs after it).
 */
export async function workflowPhases(
  run: Run,
  deploy: DeployWorkflow,
  jobOutputs: Readonly<Record<string, string>>,
  settings: RehearsalSettings,
  engine: Engine,
  registry: Registry,
): Promise<PushJobResult> {
  const job = deploy.job;
  if (!job) throw new Error(`${DEPLOY_WORKFLOW_PATH}: no job assumes the deploy role (configure-aws-credentials)`);
  // The `aws` the job's scripts call: a stand-in that answers ECR's way from the loopback registry.
  const aws = await startAwsStandIn(path.join(run.workdirs.runDir, 'aws'), {
    registryUrl: `http://127.0.0.1:${registry.port}`,
    user: REGISTRY_USER,
    token: registry.token,
    registryId: REHEARSAL_ACCOUNT,
    repositories: [settings.ecrRepository],
  });
  try {
    return await walkPushJob(run, deploy, jobOutputs, settings, engine, registry, aws);
  } finally {
    await aws.close();
  }
}

async function walkPushJob(
  run: Run,
  deploy: DeployWorkflow,
  jobOutputs: Readonly<Record<string, string>>,
  settings: RehearsalSettings,
  engine: Engine,
  registry: Registry,
  aws: AwsStandIn,
): Promise<PushJobResult> {
  const job = deploy.job!;
  const baseEnv = { ...engine.env, PATH: `${aws.binDir}:${engine.env.PATH ?? process.env.PATH ?? '/usr/bin:/bin'}` };
  const dirs = (attempt: number) => {
    const workspace = path.join(run.workdirs.runDir, `workspace-${attempt}`);
    const runnerTemp = path.join(run.workdirs.runDir, `runner-temp-${attempt}`);
    fs.mkdirSync(workspace);
    fs.mkdirSync(runnerTemp);
    return { workspace, runnerTemp };
  };
  const first = dirs(1);
  log(
    `  workflow job "${job.id}": push of ${settings.sha} to ${settings.ref}, ECR_MOVING_TAGS='${settings.movingTags}'`,
  );
  const state: StandInState = {
    repoRoot: REPO_ROOT,
    workspace: first.workspace,
    workDir: first.runnerTemp,
    settings,
    engine,
    registry,
    checks: run.checks,
    clock: run.clock,
    notes: run.notes,
    localImages: run.localImages,
    loggedIn: false,
    // What lib/workflow/deploy-workflow.ts reads as the build arguments, to compare with what
    // the walk through the job evaluates.
    expectedBuildArgs: staticBuildArgs(deploy.buildArgs, settings.sha, run.notes),
    buildCalls: 0,
  };
  run.state = state;
  const walk = (
    attempt: number,
    where: { workspace: string; runnerTemp: string },
    s: StandInState,
  ): Promise<JobReport> =>
    rehearseJob(deploy.document, job, {
      contexts: rehearsalContexts(
        settings,
        deploy.document.name ?? DEPLOY_WORKFLOW_PATH,
        job.id,
        where.workspace,
        where.runnerTemp,
        attempt,
      ),
      workspace: where.workspace,
      tempDir: where.runnerTemp,
      baseEnv,
      handlers: standIns(s),
      outputs: jobOutputs,
      onStep: (report) => log(describeStep(report)),
    });

  const firstRun = await walk(1, first, state);
  if (!firstRun.ran) throw new Error(`job "${job.id}" was skipped (if: ${job.if}) for a push to ${settings.ref}`);
  if (!state.pushed) throw new Error('the job ended without build-push-action pushing an image');
  const lookups = readCallLog(aws.callLog);
  run.checks.expect(
    lookups.length === 1 &&
      lookups[0].command === 'ecr batch-get-image' &&
      JSON.stringify(lookups[0].failures) === '["ImageNotFound"]',
    'before building, the job looked the commit up in ECR and did not find it',
    lookups.map((l) => `aws ${String(l.command)} → ${JSON.stringify(l.failures ?? l.error)}`).join('; '),
  );
  run.checks.expect(
    firstRun.summary.includes(`${state.pushed.image}@${state.pushed.digest}`),
    'the job summary names the pushed image by digest',
  );
  run.checks.expect(
    firstRun.outputs.image === state.pushed.image && firstRun.outputs.digest === state.pushed.digest,
    'the job outputs image and digest are the repository and digest it pushed',
    `${firstRun.outputs.image}@${String(firstRun.outputs.digest).slice(0, 19)}…`,
  );

  // "Re-run jobs" for the same commit: a new runner, attempt 2, the image already in the registry.
  run.clock.enter('rerun');
  log(`  workflow job "${job.id}" again for ${settings.sha} (run attempt 2, as "Re-run jobs")`);
  const second = dirs(2);
  const rerunState: StandInState = {
    ...state,
    workspace: second.workspace,
    workDir: second.runnerTemp,
    buildCalls: 0,
    pushed: undefined,
  };
  const rerun = await walk(2, second, rerunState);
  state.loggedIn ||= rerunState.loggedIn;
  const skipped = rerun.steps.filter((r) => r.kind === 'skipped').map((r) => r.title);
  const lookup = rerun.steps.find((r) => r.step.id === deploy.imageLookupStep?.id);
  run.checks.expect(
    lookup?.outputs.found === 'true' && lookup.outputs.digest === state.pushed.digest,
    'a re-run of the commit finds its image in ECR, by the pushed digest',
    lookup ? JSON.stringify(lookup.outputs) : 'no lookup step ran',
  );
  run.checks.expect(
    rerunState.buildCalls === 0 && skipped.length > 0,
    'and skips the build and the push',
    `skipped: ${skipped.join(', ')}${rerunState.buildCalls ? `; build-push-action called ${rerunState.buildCalls}×` : ''}`,
  );
  run.checks.expect(
    /already in Amazon ECR/.test(rerun.summary) &&
      rerun.summary.includes(`${state.pushed.image}@${state.pushed.digest}`),
    'its job summary says so and names the existing digest',
  );
  run.checks.expect(
    rerun.outputs.image === state.pushed.image && rerun.outputs.digest === state.pushed.digest,
    'and its job outputs give the same image and digest (from the lookup) for the stage jobs',
  );
  return { state, outputs: firstRun.outputs };
}
