/**
 * `aws ecs …` for the rehearsal, answered from the make-believe ECS of ecs-state.ts the way ECS
 * answers: the four calls the stage deploy job makes (describe-services, describe-task-definition,
 * register-task-definition, update-service), in the account and region of the caller's role
 * session, for the stage's deploy role only. Like the real CLI, register-task-definition refuses
 * input fields the API does not take (what describe-task-definition adds must be removed first).
 */
import { AssumedRole, assumedRole, AwsCall, AwsCliError, cliInputJson } from './aws-cli';
import {
  accountOf,
  advanceRollouts,
  EcsCluster,
  EcsState,
  findTaskDefinition,
  newDeployment,
  renderService,
  serviceArn,
  TaskDefinition,
  taskDefinitionArn,
  tick,
} from './ecs-state';

/** The API operation of each command the stand-in answers. */
const OPERATIONS: Record<string, string> = {
  'describe-services': 'DescribeServices',
  'describe-task-definition': 'DescribeTaskDefinition',
  'register-task-definition': 'RegisterTaskDefinition',
  'update-service': 'UpdateService',
};

/** The options each command takes here (others are refused by name). */
const OPTIONS: Record<string, readonly string[]> = {
  'describe-services': ['cluster', 'services'],
  'describe-task-definition': ['task-definition'],
  'register-task-definition': ['cli-input-json'],
  'update-service': ['cluster', 'service', 'task-definition'],
};

/** RegisterTaskDefinition's request members (Amazon ECS API Reference). */
export const REGISTER_TASK_DEFINITION_INPUT = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
];

/** What one call did, for the call log the rehearsal checks. */
export interface EcsCallRecord {
  readonly role: string;
  readonly region: string;
  readonly cluster?: string;
  readonly services?: string[];
  /** describe-services: each service's deployments as `id status rolloutState`. */
  readonly deployments?: Record<string, string[]>;
  readonly taskDefinition?: string;
  /** register-task-definition: the new revision and its containers' images by name. */
  readonly registered?: { readonly arn: string; readonly images: Record<string, string> };
  /** update-service: the deployment it started. */
  readonly deploymentId?: string;
}

export interface EcsContext {
  readonly region: string;
  readonly env: NodeJS.ProcessEnv;
  readonly readFile: (path: string) => string;
}

function serviceError(operation: string, code: string, message: string): AwsCliError {
  return new AwsCliError(`\nAn error occurred (${code}) when calling the ${operation} operation: ${message}`, 254);
}

function one(call: AwsCall, name: string, required: boolean): string | undefined {
  const values = call.options[name];
  if (values === undefined) {
    if (required) throw new AwsCliError(`aws: error: the following arguments are required: --${name}`, 252);
    return undefined;
  }
  if (values.length !== 1) throw new AwsCliError(`aws: error: argument --${name}: expected one argument`, 252);
  return values[0];
}

/** The caller, as ECS names it in AccessDenied messages. */
function principal(session: AssumedRole): string {
  const name = session.roleArn
    .slice(session.roleArn.indexOf(':role/') + ':role/'.length)
    .split('/')
    .pop();
  return `arn:aws:sts::${accountOf(session.roleArn)}:assumed-role/${name}/${session.sessionName}`;
}

/** Runs one `aws ecs …` call on `state` (changed in place); returns the response and what it did. */
export function ecsCall(
  call: AwsCall,
  state: EcsState,
  context: EcsContext,
): { response: unknown; record: EcsCallRecord } {
  const operation = OPERATIONS[call.command];
  if (!operation) {
    throw new AwsCliError(
      `aws ecs ${call.command} is not rehearsed (scripts/e2e/lib/ecs-stand-in.ts knows ${Object.keys(OPERATIONS).join(', ')})`,
      252,
    );
  }
  for (const name of Object.keys(call.options)) {
    if (!OPTIONS[call.command].includes(name))
      throw new AwsCliError(`aws ecs ${call.command} --${name} is not rehearsed`, 252);
  }
  const session = assumedRole(context.env);
  const account = accountOf(session.roleArn);
  const region = context.region;
  const base = { role: session.roleArn, region };
  const denied = (resource: string) =>
    serviceError(
      operation,
      'AccessDeniedException',
      `User: ${principal(session)} is not authorized to perform: ecs:${operation} on resource: ${resource} because no identity-based policy allows the ecs:${operation} action`,
    );
  /** The cluster named in this account and region, if the caller is its deploy role. */
  const cluster = (name: string | undefined): EcsCluster => {
    const clusterName = name ?? 'default';
    const found = state.clusters.find(
      (c) => c.account === account && c.region === region && c.clusterName === clusterName,
    );
    if (!found) throw serviceError(operation, 'ClusterNotFoundException', 'Cluster not found.');
    return found;
  };
  /** Task definitions: only a deploy role of some cluster of this account and region may touch them. */
  const mayUseTaskDefinitions = (resource: string) => {
    if (
      !state.clusters.some((c) => c.account === account && c.region === region && c.deployRoleArn === session.roleArn)
    )
      throw denied(resource);
  };

  switch (call.command) {
    case 'describe-services': {
      const c = cluster(one(call, 'cluster', false));
      const names = call.options.services ?? [];
      if (names.length === 0)
        throw new AwsCliError('aws: error: the following arguments are required: --services', 252);
      if (c.deployRoleArn !== session.roleArn) throw denied(serviceArn(c, names[0]));
      const services: unknown[] = [];
      const failures: unknown[] = [];
      const deployments: Record<string, string[]> = {};
      for (const name of names) {
        const service = c.services[name];
        if (!service) {
          failures.push({ arn: serviceArn(c, name), reason: 'MISSING' });
          continue;
        }
        advanceRollouts(state, service);
        deployments[name] = service.deployments.map((d) => `${d.id} ${d.status} ${d.rolloutState}`);
        services.push(renderService(c, service));
      }
      return {
        response: { services, failures },
        record: { ...base, cluster: c.clusterName, services: names, deployments },
      };
    }
    case 'describe-task-definition': {
      const reference = one(call, 'task-definition', true)!;
      mayUseTaskDefinitions(`arn:aws:ecs:${region}:${account}:task-definition/${reference.split('/').pop()}`);
      const found = findTaskDefinition(state, account, region, reference);
      if (!found) throw serviceError(operation, 'ClientException', 'Unable to describe task definition.');
      return {
        response: { taskDefinition: structuredClone(found) },
        record: { ...base, taskDefinition: found.taskDefinitionArn },
      };
    }
    case 'register-task-definition': {
      const input = cliInputJson(one(call, 'cli-input-json', true), context.readFile);
      const registered = registerTaskDefinition(state, input, session, account, region, denied);
      const images = Object.fromEntries(registered.containerDefinitions.map((c) => [c.name, c.image]));
      return {
        response: { taskDefinition: structuredClone(registered) },
        record: { ...base, registered: { arn: registered.taskDefinitionArn, images } },
      };
    }
    default: {
      // update-service
      const c = cluster(one(call, 'cluster', false));
      const name = one(call, 'service', true)!;
      if (c.deployRoleArn !== session.roleArn) throw denied(serviceArn(c, name));
      const service = c.services[name];
      if (!service || service.status !== 'ACTIVE')
        throw serviceError(operation, 'ServiceNotFoundException', 'Service not found.');
      const reference = one(call, 'task-definition', true)!;
      const target = findTaskDefinition(state, account, region, reference);
      if (!target || target.status !== 'ACTIVE') {
        throw serviceError(operation, 'ClientException', `TaskDefinition not found or is inactive: ${reference}`);
      }
      const deployment = newDeployment(state, target.taskDefinitionArn, service.desiredCount, 'IN_PROGRESS');
      for (const d of service.deployments) d.status = 'ACTIVE';
      service.deployments.unshift(deployment);
      service.taskDefinition = target.taskDefinitionArn;
      service.rollouts.push({ deploymentId: deployment.id, plan: service.nextRollout, polls: 0 });
      return {
        response: { service: renderService(c, service) },
        record: {
          ...base,
          cluster: c.clusterName,
          services: [name],
          taskDefinition: target.taskDefinitionArn,
          deploymentId: deployment.id,
        },
      };
    }
  }
}

/** RegisterTaskDefinition: the API's input checks, iam:PassRole on the roles it names, a new revision. */
function registerTaskDefinition(
  state: EcsState,
  input: Record<string, unknown>,
  session: AssumedRole,
  account: string,
  region: string,
  denied: (resource: string) => AwsCliError,
): TaskDefinition {
  const unknown = Object.keys(input).filter((k) => !REGISTER_TASK_DEFINITION_INPUT.includes(k));
  if (unknown.length > 0) {
    throw new AwsCliError(
      `\nParameter validation failed:\n${unknown
        .map((k) => `Unknown parameter in input: "${k}", must be one of: ${REGISTER_TASK_DEFINITION_INPUT.join(', ')}`)
        .join('\n')}`,
      252,
    );
  }
  for (const key of ['family', 'containerDefinitions']) {
    if (input[key] === undefined)
      throw new AwsCliError(`\nParameter validation failed:\nMissing required parameter in input: "${key}"`, 252);
  }
  const family = String(input.family);
  const containers = input.containerDefinitions as TaskDefinition['containerDefinitions'];
  if (!Array.isArray(containers) || containers.length === 0 || containers.some((c) => !c.name || !c.image)) {
    throw new AwsCliError(
      '\nAn error occurred (ClientException) when calling the RegisterTaskDefinition operation: Container definitions need a name and an image.',
      254,
    );
  }
  const resource = `arn:aws:ecs:${region}:${account}:task-definition/${family}:*`;
  const roleCluster = state.clusters.find(
    (c) => c.account === account && c.region === region && c.deployRoleArn === session.roleArn,
  );
  if (!roleCluster) throw denied(resource);
  for (const role of [input.taskRoleArn, input.executionRoleArn]) {
    if (typeof role === 'string' && !roleCluster.passRoles.includes(role)) {
      throw new AwsCliError(
        `\nAn error occurred (AccessDeniedException) when calling the RegisterTaskDefinition operation: User: ${principal(session)} is not authorized to perform: iam:PassRole on resource: ${role}`,
        254,
      );
    }
  }
  const key = `${account}/${region}/${family}`;
  const revisions = (state.taskDefinitions[key] ??= []);
  const revision = revisions.length + 1;
  const registered: TaskDefinition = {
    taskDefinitionArn: taskDefinitionArn(account, region, family, revision),
    ...structuredClone(input),
    family,
    containerDefinitions: structuredClone(containers),
    revision,
    status: 'ACTIVE',
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.ecr-auth' }],
    compatibilities: ['EC2', 'FARGATE'],
    registeredAt: tick(state),
    registeredBy: principal(session),
  };
  delete (registered as Record<string, unknown>).tags;
  revisions.push(registered);
  return registered;
}
