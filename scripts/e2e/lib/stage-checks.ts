/**
 * What the rehearsal checks after walking the stage deploy jobs, as pure functions of what the
 * walk left: the jobs' results, the `aws` calls logged, and the make-believe ECS before and after.
 * Each check is a line of the rehearsal's report (`Checks.expect`); the unit tests feed them
 * runs that went wrong, so every check is seen failing too.
 */
import type { EcsState, TaskDefinition } from './ecs-state';
import type { RehearsalStage } from './stage-fixtures';
import type { StageJobResult } from './stage-walk';

/** JSON with its keys sorted: equal texts for equal data, whatever the key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Equal as JSON data (key order and object prototypes aside). */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export interface CheckResult {
  readonly ok: boolean;
  readonly what: string;
  readonly detail?: string;
}

/** What one walk through the stage jobs left. */
export interface StageRun {
  readonly stages: readonly RehearsalStage[];
  readonly results: readonly StageJobResult[];
  /** The `aws` calls, in the order they were made. */
  readonly calls: ReadonlyArray<Record<string, unknown>>;
  readonly before: EcsState;
  readonly after: EcsState;
  /** The pushed repository as task definitions name it (ECR host/name, no tag). */
  readonly image: string;
  /** The digest the registry holds for the pushed commit (asked for by the rehearsal itself). */
  readonly digest: string;
}

/** Fields describe-task-definition adds that are not part of what a revision defines. */
const DESCRIBED_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

function defined(td: TaskDefinition): Record<string, unknown> {
  return Object.fromEntries(Object.entries(td).filter(([k]) => !DESCRIBED_ONLY.includes(k)));
}

/** True for an image of `repository`: bare, `:TAG` or `@DIGEST`. */
export function isImageOf(image: string, repository: string): boolean {
  return image === repository || image.startsWith(`${repository}:`) || image.startsWith(`${repository}@`);
}

function revisions(state: EcsState, stage: RehearsalStage, service: string): TaskDefinition[] {
  return state.taskDefinitions[`${stage.account}/${stage.region}/${stage.name}-${service}`] ?? [];
}

const shortArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

function callsBy(run: StageRun, stage: RehearsalStage): number[] {
  return run.calls.flatMap((c, i) => (c.role === stage.roleArn ? [i] : []));
}

/** The task definition revision the walk registered for a service (the one after the service's). */
function registeredFor(run: StageRun, stage: RehearsalStage, service: string) {
  const cluster = run.before.clusters.find((c) => c.clusterName === stage.cluster && c.account === stage.account);
  const previousArn = cluster?.services[service]?.taskDefinition;
  const previous = revisions(run.before, stage, service).find((td) => td.taskDefinitionArn === previousArn);
  const added = revisions(run.after, stage, service).slice(revisions(run.before, stage, service).length);
  return { previous, added };
}

/** The checks of a run where every stage should have delivered the pushed digest. */
export function deliveredChecks(run: StageRun): CheckResult[] {
  const checks: CheckResult[] = [];
  const check = (ok: boolean, what: string, detail?: string) => checks.push({ ok, what, detail });
  const ref = `${run.image}@${run.digest}`;
  const jobOrder = run.results.map((r) => `${r.jobId} ${r.result}`);
  check(
    same(
      jobOrder,
      run.stages.map((s) => `deploy-${s.name} success`),
    ),
    `the stage jobs ran in promotion order and succeeded: ${run.stages.map((s) => `deploy-${s.name}`).join(', then ')}`,
    jobOrder.join('; '),
  );
  for (const stage of run.stages) {
    const result = run.results.find((r) => r.jobId === `deploy-${stage.name}`);
    const roleCalls = callsBy(run, stage);
    check(
      result?.environment === stage.environment &&
        result.credentials?.['role-to-assume'] === stage.roleArn &&
        result.credentials['aws-region'] === stage.region &&
        roleCalls.length > 0 &&
        roleCalls.every((i) => run.calls[i].region === stage.region),
      `deploy-${stage.name} ran in environment ${stage.environment} and assumed its AWS_ROLE_ARN in its AWS_REGION`,
      `${result?.credentials?.['role-to-assume']} in ${result?.credentials?.['aws-region']}, ${roleCalls.length} ECS calls`,
    );
    const rows: string[] = [];
    for (const service of stage.services) {
      const { previous, added } = registeredFor(run, stage, service);
      const registered = added[0];
      const ours = previous?.containerDefinitions.filter((c) => isImageOf(c.image, run.image)) ?? [];
      const expected = previous && {
        ...defined(previous),
        containerDefinitions: previous.containerDefinitions.map((c) =>
          isImageOf(c.image, run.image) ? { ...c, image: ref } : c,
        ),
      };
      check(
        added.length === 1 && ours.length > 0 && same(defined(registered), expected),
        `${stage.name}/${service}: the task definition registered names exactly ${ref.replace(/@sha256:(.{12}).*/, '@sha256:$1…')} (the registry's digest) in its ${ours.length} container(s) of the repository; the other containers and fields are as they were`,
        registered
          ? `${shortArn(registered.taskDefinitionArn)}: ${registered.containerDefinitions.map((c) => `${c.name}=${c.image.replace(/^.*\//, '')}`).join(', ')}`
          : `${added.length} revisions registered`,
      );
      const arn = registered?.taskDefinitionArn;
      const updates = run.calls.filter(
        (c) =>
          c.command === 'ecs update-service' &&
          c.role === stage.roleArn &&
          c.cluster === stage.cluster &&
          same(c.services, [service]),
      );
      const cluster = run.after.clusters.find((c) => c.clusterName === stage.cluster && c.account === stage.account);
      const now = cluster?.services[service];
      check(
        arn !== undefined &&
          updates.length === 1 &&
          updates[0].taskDefinition === arn &&
          now?.taskDefinition === arn &&
          now.deployments.length === 1 &&
          now.deployments[0].rolloutState === 'COMPLETED',
        `${stage.name}/${service}: update-service got that revision, and its rollout completed`,
        updates.map((u) => shortArn(String(u.taskDefinition))).join(', ') || 'no update-service call',
      );
      if (arn) rows.push(`| \`${service}\` | \`${shortArn(arn)}\` | stable |`);
    }
    const summary = result?.report?.summary ?? '';
    const missing = rows.filter((row) => !summary.includes(row));
    check(
      rows.length === stage.services.length && missing.length === 0 && summary.includes(`\`${ref}\``),
      `deploy-${stage.name}'s job summary lists each service with its revision and outcome, and the image by digest`,
      missing.length ? `missing: ${missing.join(' ')}` : rows.map((r) => r.replace(/[|`]/g, ' ').trim()).join('; '),
    );
  }
  const [first, ...later] = run.stages;
  for (const stage of later) {
    const before = callsBy(run, first);
    const after = callsBy(run, stage);
    const images = (s: RehearsalStage) =>
      s.services.flatMap((svc) =>
        registeredFor(run, s, svc).added.flatMap((td) => td.containerDefinitions.map((c) => c.image)),
      );
    const deployed = (s: RehearsalStage) =>
      new Set(images(s).filter((i) => i.includes('@sha256:') && isImageOf(i, run.image)));
    check(
      before.length > 0 &&
        after.length > 0 &&
        Math.max(...before) < Math.min(...after) &&
        same([...deployed(first)], [ref]) &&
        same([...deployed(stage)], [ref]),
      `${stage.name} ran after ${first.name} had finished, with the same digest`,
      `calls ${Math.min(...before)}–${Math.max(...before)} then ${Math.min(...after)}–${Math.max(...after)}`,
    );
  }
  return checks;
}

/** What a run that must stop at one stage is expected to show. */
export interface StopExpectation {
  readonly stage: RehearsalStage;
  /** The step that fails, and text its error must hold. */
  readonly step: string;
  readonly message: readonly string[];
  /** Rows the job summary must hold (`| \`SERVICE\` | … | OUTCOME |`), by service: the outcome. */
  readonly outcomes?: Readonly<Record<string, string>>;
  /** True when no service may have been updated at all. */
  readonly noUpdate?: boolean;
}

/** The checks of a run that must fail at `expected.stage` and go no further. */
export function stoppedChecks(run: StageRun, expected: StopExpectation): CheckResult[] {
  const checks: CheckResult[] = [];
  const check = (ok: boolean, what: string, detail?: string) => checks.push({ ok, what, detail });
  const jobId = `deploy-${expected.stage.name}`;
  const result = run.results.find((r) => r.jobId === jobId);
  const failure = result?.report?.failure;
  const line = failure?.message.split('\n').find((l) => expected.message.every((m) => l.includes(m)));
  check(
    result?.result === 'failure' && failure?.title === expected.step && line !== undefined,
    `${jobId} fails at "${expected.step}" with "${expected.message.join(' … ')}"`,
    line?.replace(/^.*::error title=[^:]*::/, '').trim() ?? failure?.message.split('\n').pop() ?? result?.result,
  );
  const later = run.stages.slice(run.stages.indexOf(expected.stage) + 1);
  const skipped = later.map((s) => run.results.find((r) => r.jobId === `deploy-${s.name}`)?.result);
  check(
    later.length > 0 && skipped.every((r) => r === 'skipped') && later.every((s) => callsBy(run, s).length === 0),
    `${later.map((s) => `deploy-${s.name}`).join(', ')} did not run (skipped: a job it needs failed)`,
    skipped.join(', '),
  );
  if (expected.outcomes) {
    const summary = result?.report?.summary ?? '';
    const rows = Object.entries(expected.outcomes).map(([service, outcome]) => {
      const row = new RegExp(
        `^\\| \`${service}\` \\| \`${expected.stage.name}-${service}:\\d+\` \\| ([^|]*) \\|$`,
        'm',
      );
      return { service, outcome, got: row.exec(summary)?.[1] };
    });
    check(
      rows.every((r) => r.got?.startsWith(r.outcome)),
      `${jobId}'s job summary still lists each service's outcome`,
      rows.map((r) => `${r.service}: ${r.got ?? 'no row'}`).join('; '),
    );
  }
  if (expected.noUpdate) {
    const updates = run.calls.filter((c) => c.command === 'ecs update-service');
    check(updates.length === 0, 'no service was updated', `${updates.length} update-service calls`);
  }
  return checks;
}
