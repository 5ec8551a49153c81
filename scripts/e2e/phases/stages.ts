/**
 * The stage deploy jobs, after the push (issue 14): the rehearsal renders two stages (staging,
 * then production, lib/workflow/stage-deploy-job.ts) into its own copy of the deploy workflow,
 * and walks their steps with the push job's real outputs against a make-believe ECS, four times
 * side by side: once where both stages deliver the pushed digest, and three runs that must stop
 * at staging (never stable, a FAILED rollout, no container of the repository).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEPLOY_WORKFLOW_PATH, DeployWorkflow, parseDeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { PUSH_JOB_ID } from '../../../lib/workflow/stage-deploy-job';
import { type Registry, REGISTRY_USER } from '../lib/registry';
import { rehearsalContexts, RehearsalSettings } from '../lib/rehearsal-context';
import { seconds } from '../lib/report';
import type { StageRun } from '../lib/stage-checks';
import { REHEARSAL_STAGES } from '../lib/stage-fixtures';
import { runScenario, StageScenario, stageScenarios } from '../lib/stage-scenarios';
import { JobLinks, jobLinks, jobsAfter, runOrder, workflowWithStages } from '../lib/stage-workflow';
import { childEnv, log, type Run } from './run';
import { describeStep, REHEARSAL_ACCOUNT, type PushJobResult } from './workflow';

/** The workflow the rehearsal walks: the checked-in file with the rehearsal's stage jobs. */
export interface RehearsalWorkflow {
  readonly text: string;
  readonly deploy: DeployWorkflow;
  readonly links: Readonly<Record<string, JobLinks>>;
  /** The stage jobs, in the order their needs impose. */
  readonly stageJobs: readonly string[];
}

export function rehearsalWorkflow(root: string): RehearsalWorkflow {
  const original = fs.readFileSync(path.join(root, DEPLOY_WORKFLOW_PATH), 'utf8');
  const text = workflowWithStages(original, REHEARSAL_STAGES, DEPLOY_WORKFLOW_PATH);
  const links = jobLinks(text);
  const deploy = parseDeployWorkflow(text, DEPLOY_WORKFLOW_PATH);
  if (deploy.job?.id !== PUSH_JOB_ID) {
    throw new Error(`${DEPLOY_WORKFLOW_PATH}: the first job that assumes a role is not "${PUSH_JOB_ID}"`);
  }
  return { text, deploy, links, stageJobs: runOrder(links, jobsAfter(links, PUSH_JOB_ID)) };
}

/**
 * The push job's image as ECR would name it: the loopback registry is addressed as
 * localhost:PORT (engine.ts), and stands in for `ACCOUNT.dkr.ecr.REGION.amazonaws.com`, the host
 * the stage jobs check and the task definitions name.
 */
export function asEcrImage(image: string, registryHost: string, region: string): string {
  if (!image.startsWith(`${registryHost}/`)) throw new Error(`image output '${image}' is not on ${registryHost}`);
  return `${REHEARSAL_ACCOUNT}.dkr.ecr.${region}.amazonaws.com${image.slice(registryHost.length)}`;
}

/** 4c. The stage jobs with the push job's outputs, in every scenario; each check a line of the report. */
export async function stagesPhase(
  run: Run,
  workflow: RehearsalWorkflow,
  settings: RehearsalSettings,
  registry: Registry,
  push: PushJobResult,
): Promise<void> {
  run.clock.enter('stages');
  const pushed = push.state.pushed!;
  const copy = path.join(run.workdirs.runDir, 'deploy-ecr.rehearsal.yml');
  fs.writeFileSync(copy, workflow.text);
  // What the registry itself holds for the commit, not what any step said.
  const manifest = await registry.manifest(pushed.repository, settings.sha);
  run.checks.expect(
    manifest.digest === push.outputs.digest,
    "the push job's digest output is the registry's digest of the commit's tag",
    `${manifest.digest.slice(0, 19)}…`,
  );
  const image = asEcrImage(push.outputs.image, registry.host, settings.region);
  log(
    `  ${workflow.stageJobs.join(' → ')} (rendered into ${path.basename(copy)}): needs.${PUSH_JOB_ID}.outputs image=${image} (${registry.host} stands in for it), digest=${push.outputs.digest.slice(0, 19)}…`,
  );
  // All four runs side by side (each with its own ECS and stand-in; most of a run is waiting on
  // bash, jq and the polls); the delivery's steps are logged once it is done.
  const walk = (scenario: StageScenario, lines?: string[]): Promise<StageRun> =>
    runScenario({
      scenario,
      stages: REHEARSAL_STAGES,
      document: workflow.deploy.document,
      order: workflow.stageJobs,
      pushJobId: PUSH_JOB_ID,
      pushOutputs: { ...push.outputs, image },
      image,
      digest: manifest.digest,
      dir: path.join(run.workdirs.runDir, `stages-${scenario.name}`),
      aws: {
        registryUrl: `http://127.0.0.1:${registry.port}`,
        user: REGISTRY_USER,
        token: registry.token,
        registryId: REHEARSAL_ACCOUNT,
        repositories: [settings.ecrRepository],
      },
      contexts: (jobId, workspace, temp) =>
        rehearsalContexts(settings, workflow.deploy.document.name ?? DEPLOY_WORKFLOW_PATH, jobId, workspace, temp),
      // The run's marker too: cleanup stops whatever a job left running.
      env: childEnv(run.marker),
      onJob: lines && ((jobId, environment) => lines.push(`  job "${jobId}" (environment ${environment})`)),
      onStep: lines && ((report) => lines.push(`  ${describeStep(report)}`)),
    });
  const timed = async (scenario: StageScenario, lines?: string[]) => {
    const started = Date.now();
    const result = await walk(scenario, lines);
    return { scenario, result, ms: Date.now() - started };
  };
  const report = ({ scenario, result, ms }: Awaited<ReturnType<typeof timed>>) => {
    const jobs = result.results.map((r) => `${r.jobId} ${r.result}`).join(', ');
    const env = Object.entries(scenario.jobEnv).map(([k, v]) => `${k}=${v}`);
    log(`  ${scenario.name}: ${scenario.title}; job env ${env.join(' ')} — ${jobs} [${seconds(ms)}]`);
    for (const check of scenario.checks(result)) run.checks.expect(check.ok, check.what, check.detail);
  };
  const [delivery, ...stops] = stageScenarios(REHEARSAL_STAGES, image);
  const steps: string[] = [];
  // Every run ends before the phase does, even when one throws (no bash left polling).
  const settled = await Promise.allSettled([timed(delivery, steps), ...stops.map((s) => timed(s))]);
  const thrown = settled.find((r) => r.status === 'rejected');
  if (thrown) throw thrown.reason;
  const [delivered, ...stopped] = settled.map(
    (r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof timed>>>).value,
  );
  steps.forEach((line) => log(line));
  report(delivered);
  log(`  and ${stops.length} runs that must stop at ${REHEARSAL_STAGES[0].name}:`);
  stopped.forEach(report);
  run.stages = `${REHEARSAL_STAGES.map((s) => s.name).join(' → ')} rolled out by digest, ${stops.length} failing rollouts stopped at ${REHEARSAL_STAGES[0].name}`;
}
