/**
 * The runs of the stage deploy jobs the rehearsal makes after the push, each against its own
 * make-believe ECS (stage-fixtures.ts) and `aws` stand-in: one where every stage delivers the
 * pushed digest, and three that must stop at staging (a service that never becomes stable, a
 * rollout the circuit breaker fails, a service with no container of the pushed repository).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Contexts } from '../../../lib/workflow/expressions';
import type { WorkflowDocument } from '../../../lib/workflow/workflow-document';
import { readCallLog, startAwsStandIn } from './aws-stand-in-install';
import type { AwsStandInConfig } from './aws-stand-in';
import { CheckResult, deliveredChecks, StageRun, StopExpectation, stoppedChecks } from './stage-checks';
import { CIRCUIT_BREAKER_REASON, ecsStateFor, environmentVariables, RehearsalStage, Scenario } from './stage-fixtures';
import { walkStageJobs } from './stage-walk';
import type { StepReport } from './workflow-runner';

/** A run of the stage jobs: its fixture, the job env it sets, and what it must show. */
export interface StageScenario extends Scenario {
  readonly title: string;
  /** Over the jobs' env: the rehearsal's poll interval and deadline. */
  readonly jobEnv: Readonly<Record<string, string>>;
  readonly checks: (run: StageRun) => CheckResult[];
}

/** Five looks a second (`sleep` takes fractions): the job's 15 s would make the rehearsal wait for nothing. */
const POLL = { ECS_POLL_SECONDS: '0.2' };

/** The scenarios, for `stages` in promotion order (the failing ones stop at the first). */
export function stageScenarios(stages: readonly RehearsalStage[], image: string): StageScenario[] {
  const first = stages[0];
  const wait = 'Wait for the services to become stable';
  const stop = (expectation: Omit<StopExpectation, 'stage'>) => (run: StageRun) =>
    stoppedChecks(run, { stage: first, ...expectation });
  return [
    {
      name: 'delivery',
      title: `every stage delivers the pushed digest (rollouts complete on the second look)`,
      jobEnv: POLL,
      checks: deliveredChecks,
    },
    {
      name: 'never-stable',
      title: `${first.name}/worker never becomes stable (ECS_STABLE_TIMEOUT_SECONDS=1)`,
      rollouts: {
        [`${first.name}/web`]: { kind: 'completes', afterPolls: 1 },
        [`${first.name}/worker`]: { kind: 'never' },
      },
      jobEnv: { ...POLL, ECS_STABLE_TIMEOUT_SECONDS: '1' },
      checks: stop({
        step: wait,
        message: ['ECS service worker', 'did not become stable within 1 s'],
        outcomes: { web: 'stable', worker: 'not stable within 1 s' },
      }),
    },
    {
      name: 'rollout-failed',
      title: `the circuit breaker fails ${first.name}/web's rollout`,
      rollouts: { [`${first.name}/web`]: { kind: 'fails', afterPolls: 1, reason: CIRCUIT_BREAKER_REASON } },
      jobEnv: POLL,
      checks: stop({
        step: wait,
        message: ['ECS service web', `failed: ${CIRCUIT_BREAKER_REASON}`],
        outcomes: { web: `failed: ${CIRCUIT_BREAKER_REASON}`, worker: 'stable' },
      }),
    },
    {
      name: 'no-container',
      title: `${first.name}/worker's task definition runs nothing of the pushed repository`,
      noContainerOfRepository: [`${first.name}/worker`],
      jobEnv: POLL,
      checks: stop({
        step: 'Register task definitions with the new image',
        message: ['ECS service worker', `:task-definition/${first.name}-worker:2 runs an image of ${image}`],
        noUpdate: true,
      }),
    },
  ];
}

export interface ScenarioOptions {
  readonly scenario: StageScenario;
  readonly stages: readonly RehearsalStage[];
  /** The rehearsal's workflow copy. */
  readonly document: WorkflowDocument;
  /** The stage jobs in run order. */
  readonly order: readonly string[];
  /** What the stage jobs get as `needs.push-image.outputs`. */
  readonly pushJobId: string;
  readonly pushOutputs: Record<string, string>;
  /** The image as task definitions name it, and the registry's digest of the push. */
  readonly image: string;
  readonly digest: string;
  /** A directory of its own for the scenario. */
  readonly dir: string;
  readonly aws: Omit<AwsStandInConfig, 'callLog' | 'ecs'>;
  readonly contexts: (jobId: string, workspace: string, temp: string) => Contexts;
  /** The environment the jobs' steps start from (the `aws` stand-in goes first on its PATH). */
  readonly env: Readonly<Record<string, string>>;
  readonly onJob?: (jobId: string, environment: string | undefined) => void;
  readonly onStep?: (report: StepReport) => void;
}

/** Walks the stage jobs against the scenario's ECS; returns what the checks read. */
export async function runScenario(o: ScenarioOptions): Promise<StageRun> {
  const before = ecsStateFor(o.stages, o.image, o.scenario);
  const after = structuredClone(before);
  fs.mkdirSync(o.dir, { recursive: true });
  const aws = await startAwsStandIn(path.join(o.dir, 'aws'), { ...o.aws, ecs: after });
  let results;
  try {
    results = await walkStageJobs({
      document: o.document,
      order: o.order,
      done: { [o.pushJobId]: { result: 'success', outputs: o.pushOutputs } },
      environments: Object.fromEntries(o.stages.map((s) => [s.environment, environmentVariables(s)])),
      contexts: o.contexts,
      dir: path.join(o.dir, 'runners'),
      baseEnv: { ...o.env, PATH: `${aws.binDir}:${o.env.PATH ?? '/usr/bin:/bin'}` },
      jobEnv: o.scenario.jobEnv,
      onJob: o.onJob,
      onStep: o.onStep,
    });
  } finally {
    await aws.close();
  }
  return {
    stages: o.stages,
    results,
    calls: readCallLog(aws.callLog),
    before,
    after,
    image: o.image,
    digest: o.digest,
  };
}
