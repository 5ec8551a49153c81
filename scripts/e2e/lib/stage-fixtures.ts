/**
 * The two stages the rehearsal renders into its copy of the deploy workflow (staging, then
 * production: other accounts, their own GitHub environments), the environment-scoped variables
 * GitHub would give their jobs, and the make-believe ECS their deploy roles find: per service a
 * task definition whose app container runs an older image of the pushed repository beside
 * containers that must not change, and how the next rollout goes in each scenario.
 */
import type { StageJobStage } from '../../../lib/workflow/stage-deploy-job';
import {
  EcsCluster,
  EcsService,
  EcsState,
  newDeployment,
  RolloutPlan,
  TaskDefinition,
  taskDefinitionArn,
} from './ecs-state';

export interface RehearsalStage extends StageJobStage {
  readonly account: string;
  readonly region: string;
  readonly cluster: string;
  readonly services: readonly string[];
  readonly roleArn: string;
  readonly passRoles: readonly string[];
}

function stage(name: string, environment: string, account: string, region: string): RehearsalStage {
  return {
    name,
    environment,
    account,
    region,
    cluster: `${name}-cluster`,
    services: ['web', 'worker'],
    roleArn: `arn:aws:iam::${account}:role/${environment}-${name}-ecs-deploy`,
    passRoles: [`arn:aws:iam::${account}:role/${name}-app-task`, `arn:aws:iam::${account}:role/${name}-app-execution`],
  };
}

/** In promotion order. */
export const REHEARSAL_STAGES: readonly RehearsalStage[] = [
  stage('staging', 'staging', '111111111111', 'eu-west-1'),
  stage('production', 'production', '222222222222', 'us-east-1'),
];

/** The variables of the stage's GitHub environment (the stage stack's outputs). */
export function environmentVariables(s: RehearsalStage): Record<string, string> {
  return {
    AWS_ROLE_ARN: s.roleArn,
    AWS_REGION: s.region,
    ECS_CLUSTER: s.cluster,
    ECS_SERVICES: s.services.join(','),
  };
}

/** How one run of the stage jobs goes, service by service (`STAGE/SERVICE`). */
export interface Scenario {
  readonly name: string;
  /** The next rollout of a service; unlisted ones complete on the second look. */
  readonly rollouts?: Readonly<Record<string, RolloutPlan>>;
  /** Services whose task definition runs nothing of the pushed repository. */
  readonly noContainerOfRepository?: readonly string[];
}

/** A service behind a Classic Load Balancer: its deployments show no rolloutState. */
export const WITHOUT_ROLLOUT_STATE = ['production/worker'];

export const DEFAULT_ROLLOUT: RolloutPlan = { kind: 'completes', afterPolls: 2 };

/** What the circuit breaker says when the new tasks do not start (the rehearsal's FAILED rollout). */
export const CIRCUIT_BREAKER_REASON =
  'ECS deployment circuit breaker: tasks failed to start. The deployment was rolled back to the previous task definition.';

/**
 * A service's containers: the app on an older image of the pushed repository (by tag for web; by
 * digest and untagged for worker's two), and others that must not change.
 */
function containers(
  s: RehearsalStage,
  service: string,
  image: string,
  noContainer: boolean,
): TaskDefinition['containerDefinitions'] {
  const host = image.slice(0, image.indexOf('/'));
  const logs = (prefix: string) => ({
    logDriver: 'awslogs',
    options: { 'awslogs-group': `/ecs/${s.name}`, 'awslogs-region': s.region, 'awslogs-stream-prefix': prefix },
  });
  // A look-alike of the pushed repository (same prefix): must be left alone.
  const proxy = {
    name: 'proxy',
    image: `${image}-proxy:1.4.2`,
    essential: true,
    portMappings: [{ containerPort: 8443, hostPort: 8443, protocol: 'tcp' }],
    logConfiguration: logs('proxy'),
  };
  const app = (name: string, reference: string, extra: Record<string, unknown> = {}) => ({
    name,
    image: reference,
    cpu: 0,
    essential: true,
    environment: [{ name: 'STAGE', value: s.name }],
    logConfiguration: logs(name),
    ...extra,
  });
  if (noContainer) {
    return [app(service, `${host}/another-repository:2.0.0`), proxy];
  }
  if (service === 'web') {
    return [
      app('web', `${image}:0123456789abcdef0123456789abcdef01234567`, {
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
        healthCheck: { command: ['CMD', 'node', '/app/healthcheck.js'], interval: 30, retries: 3, timeout: 5 },
      }),
      proxy,
    ];
  }
  // Two containers of the repository (one pinned by an older digest), and a log router.
  return [
    app('worker', `${image}@sha256:${'0'.repeat(64)}`, { command: ['node', 'worker.js'] }),
    app('migrate', image, { essential: false, command: ['node', 'migrate.js'] }),
    {
      name: 'log-router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: true,
      firelensConfiguration: { type: 'fluentbit' },
    },
  ];
}

/** Revisions 1 (inactive) and 2 (the service's) of the service's task definition family. */
function taskDefinitions(s: RehearsalStage, service: string, image: string, noContainer: boolean): TaskDefinition[] {
  const family = `${s.name}-${service}`;
  return [1, 2].map((revision) => ({
    taskDefinitionArn: taskDefinitionArn(s.account, s.region, family, revision),
    containerDefinitions: containers(s, service, image, noContainer),
    family,
    taskRoleArn: s.passRoles[0],
    executionRoleArn: s.passRoles[1],
    networkMode: 'awsvpc',
    revision,
    volumes: [],
    status: revision === 2 ? 'ACTIVE' : 'INACTIVE',
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.ecr-auth' }, { name: 'ecs.capability.task-eni' }],
    placementConstraints: [],
    compatibilities: ['EC2', 'FARGATE'],
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    runtimePlatform: { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' },
    registeredAt: `2025-12-0${revision}T10:00:00.000000+00:00`,
    registeredBy: `arn:aws:sts::${s.account}:assumed-role/${s.environment}-${s.name}-ecs-deploy/earlier`,
    ...(revision === 1 ? { deregisteredAt: '2025-12-02T10:00:00.000000+00:00' } : {}),
  }));
}

/**
 * The make-believe ECS of a scenario: each stage's cluster in its account and region, answering
 * its deploy role only, its services on revision 2 with one completed deployment.
 * `image` is the pushed repository as the task definitions name it (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME`).
 */
export function ecsStateFor(stages: readonly RehearsalStage[], image: string, scenario: Scenario): EcsState {
  const state: EcsState = { clusters: [], taskDefinitions: {}, counter: 0 };
  for (const s of stages) {
    const services: Record<string, EcsService> = {};
    for (const name of s.services) {
      const key = `${s.name}/${name}`;
      const revisions = taskDefinitions(s, name, image, scenario.noContainerOfRepository?.includes(key) ?? false);
      state.taskDefinitions[`${s.account}/${s.region}/${s.name}-${name}`] = revisions;
      const current = revisions[1].taskDefinitionArn;
      services[name] = {
        serviceName: name,
        status: 'ACTIVE',
        desiredCount: 2,
        runningCount: 2,
        taskDefinition: current,
        deploymentController: { type: 'ECS' },
        deployments: [newDeployment(state, current, 2, 'COMPLETED')],
        nextRollout: scenario.rollouts?.[key] ?? DEFAULT_ROLLOUT,
        showsRolloutState: !WITHOUT_ROLLOUT_STATE.includes(key),
        rollouts: [],
      };
    }
    const cluster: EcsCluster = {
      account: s.account,
      region: s.region,
      clusterName: s.cluster,
      deployRoleArn: s.roleArn,
      passRoles: s.passRoles,
      services,
    };
    state.clusters.push(cluster);
  }
  return state;
}
