/**
 * The rehearsal's make-believe ECS (scripts/e2e/lib/ecs-stand-in.ts, ecs-state.ts): the four
 * calls the stage deploy job makes, answered as ECS answers them, only for the stage's deploy
 * role. No containers (the `aws` client: aws-client.test.ts).
 */
import { AwsCliError, parseAwsArgs, sessionCredentials } from '../../../scripts/e2e/lib/aws-cli';
import { ecsCall, REGISTER_TASK_DEFINITION_INPUT } from '../../../scripts/e2e/lib/ecs-stand-in';
import { advanceRollouts, EcsState, renderService } from '../../../scripts/e2e/lib/ecs-state';
import { ecsStateFor, REHEARSAL_STAGES, Scenario } from '../../../scripts/e2e/lib/stage-fixtures';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app';
const [STAGING, PRODUCTION] = REHEARSAL_STAGES;
const TD = (family: string, revision: number) =>
  `arn:aws:ecs:eu-west-1:111111111111:task-definition/${family}:${revision}`;

function fresh(scenario: Partial<Scenario> = {}): EcsState {
  return ecsStateFor(REHEARSAL_STAGES, IMAGE, { name: 'test', ...scenario });
}

const asStaging = { AWS_REGION: 'eu-west-1', ...sessionCredentials({ roleArn: STAGING.roleArn, sessionName: 's' }) };

/** One call as the staging deploy role (or `env`); the response, or the CLI's error. */
function call(state: EcsState, argv: string[], env: NodeJS.ProcessEnv = asStaging, files: Record<string, string> = {}) {
  const parsed = parseAwsArgs(argv);
  return ecsCall(parsed, state, {
    region: parsed.region ?? env.AWS_REGION!,
    env,
    readFile: (file) => {
      if (!(file in files)) throw new Error(`no file ${file}`);
      return files[file];
    },
  });
}

function fails(run: () => unknown): { exitCode: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof AwsCliError) return { exitCode: error.exitCode, message: error.message };
    throw error;
  }
  throw new Error('expected the call to fail');
}

const describeServices = (...services: string[]) => [
  'ecs',
  'describe-services',
  '--cluster',
  'staging-cluster',
  '--services',
  ...services,
];

describe('who may call', () => {
  test('no role session: the CLI finds no credentials (exit 253)', () => {
    expect(fails(() => call(fresh(), describeServices('web'), { AWS_REGION: 'eu-west-1' }))).toMatchObject({
      exitCode: 253,
      message: expect.stringContaining('Unable to locate credentials'),
    });
  });

  test("another stage's role is denied; another region or account has no such cluster", () => {
    const asProduction = {
      AWS_REGION: 'eu-west-1',
      ...sessionCredentials({ roleArn: PRODUCTION.roleArn, sessionName: 'p' }),
    };
    // The production role's account has no cluster "staging-cluster" in any region.
    expect(fails(() => call(fresh(), describeServices('web'), asProduction)).message).toMatch(
      /ClusterNotFoundException/,
    );
    const otherRole = {
      ...asStaging,
      ...sessionCredentials({ roleArn: 'arn:aws:iam::111111111111:role/someone-else', sessionName: 'x' }),
    };
    expect(fails(() => call(fresh(), describeServices('web'), otherRole))).toEqual({
      exitCode: 254,
      message: expect.stringContaining(
        'User: arn:aws:sts::111111111111:assumed-role/someone-else/x is not authorized to perform: ecs:DescribeServices on resource: arn:aws:ecs:eu-west-1:111111111111:service/staging-cluster/web',
      ),
    });
    expect(fails(() => call(fresh(), [...describeServices('web'), '--region', 'us-east-1'])).message).toMatch(
      /ClusterNotFoundException/,
    );
  });

  test('options and commands it does not know are refused by name', () => {
    expect(fails(() => call(fresh(), [...describeServices('web'), '--include', 'TAGS'])).message).toMatch(
      /--include is not rehearsed/,
    );
    expect(fails(() => call(fresh(), ['ecs', 'run-task', '--cluster', 'c'])).message).toMatch(
      /aws ecs run-task is not rehearsed/,
    );
  });
});

describe('describe-services and describe-task-definition', () => {
  test('a service: ACTIVE, its task definition, one completed PRIMARY deployment; an unknown one is MISSING', () => {
    const { response } = call(fresh(), describeServices('web', 'nope'));
    const { services, failures } = response as { services: Array<Record<string, unknown>>; failures: unknown[] };
    expect(services).toHaveLength(1);
    expect(services[0]).toMatchObject({
      serviceName: 'web',
      status: 'ACTIVE',
      taskDefinition: TD('staging-web', 2),
      deploymentController: { type: 'ECS' },
      deployments: [{ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: TD('staging-web', 2) }],
    });
    expect(failures).toEqual([
      { arn: 'arn:aws:ecs:eu-west-1:111111111111:service/staging-cluster/nope', reason: 'MISSING' },
    ]);
  });

  test('a task definition by ARN, family:revision or family (the latest ACTIVE); an unknown one is a ClientException', () => {
    const state = fresh();
    const byArn = call(state, ['ecs', 'describe-task-definition', '--task-definition', TD('staging-web', 1)]);
    expect(byArn.response).toMatchObject({ taskDefinition: { revision: 1, status: 'INACTIVE' } });
    const byFamily = call(state, ['ecs', 'describe-task-definition', '--task-definition', 'staging-web']);
    expect(byFamily.response).toMatchObject({
      taskDefinition: { revision: 2, taskDefinitionArn: TD('staging-web', 2) },
    });
    expect(
      fails(() => call(state, ['ecs', 'describe-task-definition', '--task-definition', 'staging-web:9'])).message,
    ).toMatch(/ClientException.*Unable to describe task definition/);
  });
});

const current = (state: EcsState) =>
  (
    call(state, ['ecs', 'describe-task-definition', '--task-definition', 'staging-web']).response as {
      taskDefinition: Record<string, unknown>;
    }
  ).taskDefinition;
const register = (state: EcsState, input: unknown) =>
  call(state, ['ecs', 'register-task-definition', '--cli-input-json', 'file:///in.json'], asStaging, {
    '/in.json': JSON.stringify(input),
  });
const registrable = (td: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(td).filter(([k]) => REGISTER_TASK_DEFINITION_INPUT.includes(k)));

/** Registers the service's current definition again: revision 3, ACTIVE. */
function newRevision(state: EcsState): string {
  register(state, registrable(current(state)));
  return 'staging-web:3';
}

describe('register-task-definition --cli-input-json', () => {
  test('what describe-task-definition adds is refused, as the CLI refuses it', () => {
    const state = fresh();
    const result = fails(() => register(state, current(state)));
    expect(result.exitCode).toBe(252);
    for (const key of [
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'registeredBy',
    ]) {
      expect(result.message).toContain(`Unknown parameter in input: "${key}"`);
    }
  });

  test('a new revision with exactly the definition given; the roles must be ones the deploy role may pass', () => {
    const state = fresh();
    const input = { ...registrable(current(state)), cpu: '512' };
    const { response, record } = register(state, input);
    expect(response).toMatchObject({
      taskDefinition: { ...input, revision: 3, status: 'ACTIVE', taskDefinitionArn: TD('staging-web', 3) },
    });
    expect(record.registered).toEqual({
      arn: TD('staging-web', 3),
      images: { web: expect.stringMatching(/app:/), proxy: `${IMAGE}-proxy:1.4.2` },
    });
    const foreign = { ...input, taskRoleArn: 'arn:aws:iam::111111111111:role/admin' };
    expect(fails(() => register(state, foreign)).message).toMatch(
      /not authorized to perform: iam:PassRole on resource: arn:aws:iam::111111111111:role\/admin/,
    );
    expect(fails(() => register(state, { containerDefinitions: [] })).message).toMatch(
      /Missing required parameter in input: "family"/,
    );
  });
});

describe('update-service and the rollout', () => {
  const update = (state: EcsState, service: string, taskDefinition: string) =>
    call(state, [
      'ecs',
      'update-service',
      '--cluster',
      'staging-cluster',
      '--service',
      service,
      '--task-definition',
      taskDefinition,
    ]);
  const look = (state: EcsState, service: string) => {
    const { services } = call(state, describeServices(service)).response as {
      services: Array<{ taskDefinition: string; deployments: Array<Record<string, unknown>> }>;
    };
    return services[0];
  };

  test('a new PRIMARY deployment IN_PROGRESS, the old one ACTIVE; it completes on the second look', () => {
    const state = fresh();
    const { response, record } = update(state, 'web', newRevision(state));
    const id = record.deploymentId;
    expect((response as { service: { deployments: unknown[] } }).service.deployments).toEqual([
      expect.objectContaining({
        id,
        status: 'PRIMARY',
        rolloutState: 'IN_PROGRESS',
        taskDefinition: TD('staging-web', 3),
      }),
      expect.objectContaining({ status: 'ACTIVE', rolloutState: 'COMPLETED', taskDefinition: TD('staging-web', 2) }),
    ]);
    expect(look(state, 'web').deployments.map((d) => d.rolloutState)).toEqual(['IN_PROGRESS', 'COMPLETED']);
    expect(look(state, 'web').deployments).toEqual([
      expect.objectContaining({ id, rolloutState: 'COMPLETED', runningCount: 2, desiredCount: 2 }),
    ]);
  });

  test('never: in progress however often it is looked at', () => {
    const state = fresh({ rollouts: { 'staging/web': { kind: 'never' } } });
    update(state, 'web', newRevision(state));
    for (let i = 0; i < 20; i++) look(state, 'web');
    expect(look(state, 'web').deployments[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', runningCount: 0 });
  });

  test('fails: FAILED with the reason, and the circuit breaker rolls back to the revision before', () => {
    const state = fresh({
      rollouts: { 'staging/web': { kind: 'fails', afterPolls: 1, reason: 'tasks failed to start' } },
    });
    const { record } = update(state, 'web', newRevision(state));
    const service = look(state, 'web');
    expect(service.taskDefinition).toBe(TD('staging-web', 2));
    expect(service.deployments).toEqual([
      expect.objectContaining({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: TD('staging-web', 2) }),
      expect.objectContaining({
        id: record.deploymentId,
        status: 'ACTIVE',
        rolloutState: 'FAILED',
        rolloutStateReason: 'tasks failed to start',
      }),
    ]);
    // The rollback completes, and the failed deployment is gone.
    expect(look(state, 'web').deployments).toEqual([
      expect.objectContaining({ rolloutState: 'COMPLETED', taskDefinition: TD('staging-web', 2) }),
    ]);
  });

  test('a service behind a Classic Load Balancer shows no rolloutState', () => {
    const state = fresh();
    const cluster = state.clusters[1];
    expect(cluster.clusterName).toBe('production-cluster');
    const rendered = renderService(cluster, cluster.services.worker) as { deployments: object[] };
    expect(rendered.deployments[0]).not.toHaveProperty('rolloutState');
    expect(renderService(cluster, cluster.services.web)).toMatchObject({
      deployments: [{ rolloutState: 'COMPLETED' }],
    });
    advanceRollouts(state, cluster.services.worker); // nothing under way: nothing changes
    expect(cluster.services.worker.deployments).toHaveLength(1);
  });

  test('an unknown or inactive task definition, an unknown service', () => {
    const state = fresh();
    const inactive = { ...state.taskDefinitions['111111111111/eu-west-1/staging-web'][0] };
    expect(inactive.status).toBe('INACTIVE');
    expect(fails(() => update(state, 'web', TD('staging-web', 1))).message).toMatch(/inactive/);
    expect(fails(() => update(state, 'web', 'staging-web:7')).message).toMatch(/ClientException/);
    expect(fails(() => update(state, 'api', 'staging-web:2')).message).toMatch(/ServiceNotFoundException/);
  });
});
