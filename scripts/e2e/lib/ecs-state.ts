/**
 * The make-believe Amazon ECS the rehearsal's `aws ecs …` answers from (ecs-stand-in.ts): per
 * account and region, clusters with their services and deployments, and task definition
 * revisions; and how each service's next rollout goes (completes after N looks, never, or fails
 * as a deployment circuit breaker makes it fail). Plain JSON data, changed in place by the calls.
 */

/** How a service's next deployment goes, counted in describe-services calls that look at it. */
export type RolloutPlan =
  | { readonly kind: 'completes'; readonly afterPolls: number }
  | { readonly kind: 'never' }
  /** The circuit breaker marks it FAILED with `reason` and rolls back to the task definition before. */
  | { readonly kind: 'fails'; readonly afterPolls: number; readonly reason: string };

/** One deployment of a service, as describe-services shows it. */
export interface EcsDeployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinition: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  failedTasks: number;
  createdAt: string;
  updatedAt: string;
  launchType: string;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
}

/** A rollout the stand-in moves on each time describe-services looks at its service. */
export interface TrackedRollout {
  readonly deploymentId: string;
  readonly plan: RolloutPlan;
  polls: number;
}

export interface EcsService {
  readonly serviceName: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  runningCount: number;
  taskDefinition: string;
  deploymentController: { type: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL' };
  deployments: EcsDeployment[];
  /** How the next update-service's deployment goes. */
  nextRollout: RolloutPlan;
  /**
   * False for a service whose deployments carry no rolloutState (ECS leaves it out for services
   * behind a Classic Load Balancer): stable is then one deployment, all its tasks running.
   */
  showsRolloutState: boolean;
  /** Deployments under way. */
  rollouts: TrackedRollout[];
}

export interface EcsCluster {
  readonly account: string;
  readonly region: string;
  readonly clusterName: string;
  /** The stage's deploy role: the only principal the stand-in answers for this cluster. */
  readonly deployRoleArn: string;
  /** The roles the deploy role may pass to ECS tasks (iam:PassRole). */
  readonly passRoles: readonly string[];
  readonly services: Record<string, EcsService>;
}

/** A task definition as describe-task-definition returns it (`taskDefinition`). */
export type TaskDefinition = Record<string, unknown> & {
  readonly taskDefinitionArn: string;
  readonly family: string;
  readonly revision: number;
  readonly containerDefinitions: ReadonlyArray<Record<string, unknown> & { name: string; image: string }>;
};

export interface EcsState {
  readonly clusters: EcsCluster[];
  /** Revisions by `ACCOUNT/REGION/FAMILY`, revision N at index N-1. */
  readonly taskDefinitions: Record<string, TaskDefinition[]>;
  /** Makes deployment IDs unique and timestamps move forward. */
  counter: number;
}

export function clusterArn(c: Pick<EcsCluster, 'account' | 'region' | 'clusterName'>): string {
  return `arn:aws:ecs:${c.region}:${c.account}:cluster/${c.clusterName}`;
}

export function serviceArn(c: EcsCluster, serviceName: string): string {
  return `arn:aws:ecs:${c.region}:${c.account}:service/${c.clusterName}/${serviceName}`;
}

export function taskDefinitionArn(account: string, region: string, family: string, revision: number): string {
  return `arn:aws:ecs:${region}:${account}:task-definition/${family}:${revision}`;
}

/** The account of an IAM role ARN. */
export function accountOf(roleArn: string): string {
  return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? '';
}

/** A timestamp that moves on with every change, as the AWS CLI prints one. */
export function tick(state: EcsState): string {
  state.counter++;
  return new Date(Date.UTC(2026, 0, 1) + state.counter * 1000).toISOString().replace('Z', '+00:00');
}

/** The task definition a reference names in `account`/`region`: ARN, `family:revision` or `family` (latest ACTIVE). */
export function findTaskDefinition(
  state: EcsState,
  account: string,
  region: string,
  reference: string,
): TaskDefinition | undefined {
  const arn = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):task-definition\/(.+)$/.exec(reference);
  if (arn && (arn[1] !== region || arn[2] !== account)) return undefined;
  const [family, revision] = (arn ? arn[3] : reference).split(':');
  const revisions = state.taskDefinitions[`${account}/${region}/${family}`] ?? [];
  if (revision === undefined) return [...revisions].reverse().find((td) => td.status === 'ACTIVE');
  return revisions.find((td) => String(td.revision) === revision);
}

/**
 * The service after one more look by describe-services: each rollout under way counts the look,
 * and completes (the older deployments drained away), fails (FAILED with the circuit breaker's
 * reason, and a rollback to the task definition before), or goes on.
 */
export function advanceRollouts(state: EcsState, service: EcsService): void {
  for (const rollout of [...service.rollouts]) {
    const deployment = service.deployments.find((d) => d.id === rollout.deploymentId);
    if (!deployment || deployment.rolloutState !== 'IN_PROGRESS') {
      service.rollouts = service.rollouts.filter((r) => r !== rollout);
      continue;
    }
    rollout.polls++;
    const plan = rollout.plan;
    if (plan.kind === 'never' || rollout.polls < plan.afterPolls) {
      deployment.pendingCount = deployment.desiredCount - deployment.runningCount;
      continue;
    }
    const now = tick(state);
    service.rollouts = service.rollouts.filter((r) => r !== rollout);
    if (plan.kind === 'completes') {
      Object.assign(deployment, {
        rolloutState: 'COMPLETED',
        rolloutStateReason: `ECS deployment ${deployment.id} completed.`,
        runningCount: deployment.desiredCount,
        pendingCount: 0,
        updatedAt: now,
      });
      service.deployments = [deployment];
      service.runningCount = deployment.desiredCount;
      continue;
    }
    Object.assign(deployment, {
      status: 'ACTIVE',
      rolloutState: 'FAILED',
      rolloutStateReason: plan.reason,
      failedTasks: deployment.desiredCount,
      updatedAt: now,
    });
    const previous = service.deployments.find((d) => d.id !== deployment.id && d.rolloutState === 'COMPLETED');
    if (previous) {
      const rollback = newDeployment(state, previous.taskDefinition, service.desiredCount, 'IN_PROGRESS');
      service.deployments = [rollback, ...service.deployments.filter((d) => d !== previous)];
      service.taskDefinition = previous.taskDefinition;
      service.rollouts.push({ deploymentId: rollback.id, plan: { kind: 'completes', afterPolls: 1 }, polls: 0 });
    }
  }
}

/** A new PRIMARY deployment of `taskDefinition`. */
export function newDeployment(
  state: EcsState,
  taskDefinition: string,
  desiredCount: number,
  rolloutState: EcsDeployment['rolloutState'],
): EcsDeployment {
  const now = tick(state);
  const id = `ecs-svc/4${String(state.counter).padStart(18, '0')}`;
  return {
    id,
    status: 'PRIMARY',
    taskDefinition,
    desiredCount,
    pendingCount: 0,
    runningCount: rolloutState === 'COMPLETED' ? desiredCount : 0,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    launchType: 'FARGATE',
    rolloutState,
    rolloutStateReason:
      rolloutState === 'COMPLETED' ? `ECS deployment ${id} completed.` : `ECS deployment ${id} in progress.`,
  };
}

/** A service as describe-services and update-service return it (without the stand-in's own fields). */
export function renderService(cluster: EcsCluster, service: EcsService): Record<string, unknown> {
  return {
    serviceArn: serviceArn(cluster, service.serviceName),
    serviceName: service.serviceName,
    clusterArn: clusterArn(cluster),
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: service.runningCount,
    pendingCount: service.deployments.reduce((n, d) => n + d.pendingCount, 0),
    launchType: 'FARGATE',
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: service.deployments.map(({ rolloutState, rolloutStateReason, ...d }) =>
      service.showsRolloutState ? { ...d, rolloutState, rolloutStateReason } : d,
    ),
    deploymentController: { ...service.deploymentController },
    events: [],
  };
}
