/**
 * `npm run test:e2e`: a real rehearsal, on this machine, of everything the deploy workflow does
 * after "assume the role" (issue 4).
 *
 *  1. registry — docker-registry on 127.0.0.1:<random port>, ECR-style basic auth (user AWS, a
 *     random token, bcrypt htpasswd); anonymous and wrong-token requests must get 401.
 *  2. login    — the container engine (a Docker engine if one answers, else podman's Docker API),
 *     then the workflow's steps up to amazon-ecr-login: `docker login -u AWS --password-stdin`.
 *  3. build    — the workflow's next steps as written (its bash, metadata-action's tags and
 *     labels), and build-push-action's build with `docker build`, on a base image made from this
 *     machine's node and pushed to the loopback registry.
 *  4. push     — every tag the workflow pushes; the registry must hold them under one digest;
 *     a second build must come from the cache; then the workflow's remaining steps. Before the
 *     build, the job's `aws ecr batch-get-image` (a stand-in answering from the registry) must
 *     have found no image of the commit.
 *  4b. rerun   — the job again for the same commit ("Re-run jobs"): the lookup finds the image,
 *     metadata, buildx and build-push are skipped, and the summary names the pushed digest.
 *  5. run      — pull by digest, inspect, run, /health with the commit SHA, the image's
 *     HEALTHCHECK, SIGTERM → exit 0 within 5 s.
 *  6. cleanup  — containers, images of this run, login, services (by PID), the run directory;
 *     whatever happened, Ctrl-C included.
 *
 * Options: --cold (drop the cache first), --clean (only drop the cache), --verbose (show the
 * commands' output), --keep (leave the run directory for a look). E2E_MOVING_TAGS overrides the
 * ECR_MOVING_TAGS the run pretends the stack set (default: cdk.json's movingTags, else "latest").
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BuildArg,
  DEPLOY_WORKFLOW_PATH,
  DeployWorkflow,
  readDeployWorkflow,
  renderBuildArgs,
} from '../../lib/workflow/deploy-workflow';
import { Engine, realDockerAnswers, startPodman, useRealDocker } from './lib/engine';
import { explainProblems, onPath, preflightProblems } from './lib/preflight';
import { processesMarkedWith, Services, terminate } from './lib/processes';
import { Registry } from './lib/registry';
import { rehearsalContexts, rehearsalSettings, RehearsalSettings } from './lib/rehearsal-context';
import { installAwsStandIn, readCallLog } from './lib/aws-stand-in';
import { REGISTRY_USER } from './lib/registry';
import { Checks, PhaseClock, seconds } from './lib/report';
import { pullInspectRun, RunImageResult } from './lib/run-image';
import { standIns, StandInState } from './lib/stand-ins';
import { prepareWorkdirs, removeCache, removeTree, Workdirs } from './lib/workdirs';
import { JobReport, rehearseJob, StepReport } from './lib/workflow-runner';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const MARKER_NAME = 'GITHUB_OIDC_ECR_E2E_RUN';
/** Variables that tell the docker CLI where a Docker engine is. */
const DOCKER_ACCESS = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'];

const log = (line: string) => console.log(line);
const indented = (line: string) => log(`    ${line}`);

interface Options {
  readonly cold: boolean;
  readonly clean: boolean;
  readonly verbose: boolean;
  readonly keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const known = ['--cold', '--clean', '--verbose', '--keep'];
  const unknown = argv.filter((a) => !known.includes(a));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(' ')} (known: ${known.join(' ')})`);
  return {
    cold: argv.includes('--cold') || process.env.E2E_COLD === '1',
    clean: argv.includes('--clean'),
    verbose: argv.includes('--verbose') || process.env.E2E_VERBOSE === '1',
    keep: argv.includes('--keep'),
  };
}

/** Everything one run has started or learned: what the phases share and what cleanup undoes. */
interface Run {
  readonly options: Options;
  /** NAME=value in the environment of every process the run starts. */
  readonly marker: string;
  readonly realDocker: boolean;
  readonly workdirs: Workdirs;
  readonly checks: Checks;
  readonly clock: PhaseClock;
  readonly services: Services;
  /** Containers and images to remove at cleanup. */
  readonly containers: string[];
  readonly localImages: string[];
  readonly notes: string[];
  engine?: Engine;
  registry?: Registry;
  settings?: RehearsalSettings;
  state?: StandInState;
  ran?: RunImageResult;
}

/** The environment every child starts from: a few basics, no proxies, and the run's marker. */
function childEnv(marker: string, extra: readonly string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'USER', 'LOGNAME', ...extra]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  const [name, value] = marker.split('=');
  env[name] = value;
  return env;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function settingsForRun(deploy: DeployWorkflow): RehearsalSettings {
  const cdk = readJson(path.join(REPO_ROOT, 'cdk.json'));
  const pkg = readJson(path.join(REPO_ROOT, 'package.json'));
  return rehearsalSettings({
    cdkContext: (cdk.context ?? {}) as Record<string, unknown>,
    pushBranches: [...(deploy.push?.branches ?? [])],
    license: typeof pkg.license === 'string' ? pkg.license : undefined,
    movingTagsOverride: process.env.E2E_MOVING_TAGS,
    sha: crypto.randomBytes(20).toString('hex'),
    runId: String(crypto.randomInt(1_000_000_000, 9_999_999_999)),
  });
}

/** The build-args as the static model reads them, when they read nothing but the commit SHA. */
function staticBuildArgs(args: readonly BuildArg[], sha: string, notes: string[]): Record<string, string> | undefined {
  try {
    return renderBuildArgs(args, { 'github.sha': sha });
  } catch (error) {
    notes.push(`build-args not cross-checked with lib/workflow/deploy-workflow.ts: ${(error as Error).message}`);
    return undefined;
  }
}

function describeStep(report: StepReport): string {
  const head = `  · step ${report.step.index + 1} "${report.title}"`;
  if (report.kind === 'skipped') return `${head}: skipped (if: ${String(report.step.if)})`;
  const outputs = Object.entries(report.outputs)
    .filter(([, v]) => !v.includes('\n') && v.length < 90)
    .map(([k, v]) => `${k}=${v}`);
  const detail = report.note ?? (outputs.length ? outputs.join(', ') : report.kind === 'run' ? 'ran' : 'done');
  return `${head}: ${detail} [${seconds(report.ms)}]`;
}

function processName(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------
// Phases

/** 1. The registry, and proof that it refuses what ECR refuses. */
async function registryPhase(run: Run, settings: RehearsalSettings): Promise<Registry> {
  run.clock.enter('registry');
  const dir = path.join(run.workdirs.runDir, 'registry');
  fs.mkdirSync(dir);
  const registry = await Registry.start({
    dir,
    dataDir: path.join(run.workdirs.stateDir, 'registry'),
    services: run.services,
    env: childEnv(run.marker),
  });
  run.registry = registry;
  log(
    `  docker-registry on 127.0.0.1:${registry.port} (pid ${registry.service.pid}) as ${registry.host}, user AWS, ${registry.token.length}-character token`,
  );
  const expectStatus = async (what: string, status: Promise<number>, want: number) => {
    const got = await status;
    run.checks.expect(got === want, what, `HTTP ${got}`);
  };
  await expectStatus('anonymous GET /v2/ is refused', registry.status('/v2/', 'anonymous'), 401);
  await expectStatus('AWS with a wrong token is refused', registry.status('/v2/', 'wrong-token'), 401);
  await expectStatus(
    'an anonymous upload is refused',
    registry.status(`/v2/${settings.ecrRepository}/blobs/uploads/`, 'anonymous', 'POST'),
    401,
  );
  await expectStatus('AWS with the token is let in', registry.status('/v2/', 'token'), 200);
  return registry;
}

/** 2 (first half). The engine behind the docker CLI, and a login that must fail. */
async function enginePhase(run: Run, registry: Registry): Promise<Engine> {
  run.clock.enter('login');
  const engineOptions = {
    stateDir: run.workdirs.stateDir,
    runDir: run.workdirs.runDir,
    registryHost: registry.host,
    services: run.services,
    // With podman's API the classic builder is the only one (no BuildKit behind it).
    env: run.realDocker
      ? childEnv(run.marker, DOCKER_ACCESS)
      : { ...childEnv(run.marker), DOCKER_BUILDKIT: '0', DOCKER_CLI_HINTS: 'false' },
    log: indented,
    verbose: run.options.verbose,
  };
  const engine = run.realDocker ? useRealDocker(engineOptions) : await startPodman(engineOptions);
  run.engine = engine;
  fs.mkdirSync(engine.env.DOCKER_CONFIG, { recursive: true });
  log(`  engine: ${engine.description}`);
  const refused = await engine.docker(['login', '--username', 'AWS', '--password-stdin', registry.host], {
    input: `${registry.token.slice(0, -4)}nope`,
    check: false,
  });
  run.checks.expect(
    refused.code !== 0 && /401|unauthorized/i.test(refused.stderr),
    'docker login with a wrong token is refused',
    refused.stderr.trim().split('\n').pop(),
  );
  return engine;
}

/** The account ID the rehearsal's ECR answers with (as in rehearsal-context's role ARN). */
const REHEARSAL_ACCOUNT = '123456789012';

/** 2–4. The deploy job, step by step; the stand-ins move the clock through login, build and push. */
async function workflowPhases(
  run: Run,
  deploy: DeployWorkflow,
  settings: RehearsalSettings,
  engine: Engine,
  registry: Registry,
): Promise<StandInState> {
  const job = deploy.job;
  if (!job) throw new Error(`${DEPLOY_WORKFLOW_PATH}: no job assumes the deploy role (configure-aws-credentials)`);
  // The `aws` the job's scripts call: a stand-in that answers ECR's way from the loopback registry.
  const aws = installAwsStandIn(path.join(run.workdirs.runDir, 'aws'), {
    registryUrl: `http://127.0.0.1:${registry.port}`,
    user: REGISTRY_USER,
    token: registry.token,
    registryId: REHEARSAL_ACCOUNT,
    repositories: [settings.ecrRepository],
  });
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
    `  workflow job "${job.id}": push of ${settings.sha} to ${settings.branch}, ECR_MOVING_TAGS='${settings.movingTags}'`,
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
      onStep: (report) => log(describeStep(report)),
    });

  const firstRun = await walk(1, first, state);
  if (!firstRun.ran) throw new Error(`job "${job.id}" was skipped (if: ${job.if}) for a push to ${settings.branch}`);
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
  return state;
}

/** 5. Pull by digest, inspect, run, health, SIGTERM. */
async function runPhase(
  run: Run,
  state: StandInState,
  engine: Engine,
  registry: Registry,
  settings: RehearsalSettings,
): Promise<void> {
  run.clock.enter('run');
  run.ran = await pullInspectRun({
    engine,
    registry,
    checks: run.checks,
    pushed: state.pushed!,
    builtImages: run.localImages,
    sha: settings.sha,
    containerName: `github-oidc-ecr-e2e-${crypto.randomBytes(3).toString('hex')}`,
    containers: run.containers,
    log: indented,
  });
}

/** 6. Undoes everything the run started, in order; returns what did not go cleanly. */
async function cleanupPhase(run: Run): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  };
  const engine = run.engine;
  if (engine) {
    for (const name of [...run.containers])
      await attempt(`remove container ${name}`, () => engine.docker(['rm', '--force', name]));
    await attempt('remove build leftovers', () => engine.removeBuildLeftovers());
    for (const image of run.localImages) {
      await attempt(`remove image ${image}`, () => engine.docker(['rmi', '--force', image], { check: false }));
    }
    // Dangling layers of this run's builds; podman's storage is the rehearsal's own.
    if (engine.kind === 'podman') await attempt('prune images', () => engine.docker(['image', 'prune', '--force']));
    const registry = run.registry;
    if (run.state?.loggedIn && registry) await attempt('docker logout', () => engine.docker(['logout', registry.host]));
  }
  problems.push(...(await run.services.stop()));
  if (engine) await attempt('put back the blob-info cache', async () => engine.release());
  const leftovers = processesMarkedWith(run.marker);
  if (leftovers.length > 0) {
    const names = leftovers.map((pid) => `${processName(pid)}[${pid}]`);
    await terminate(leftovers, 2000);
    problems.push(`stopped leftover processes of this run: ${names.join(', ')}`);
  }
  run.workdirs.release();
  if (run.options.keep) log(`  run directory kept: ${run.workdirs.runDir}`);
  else await attempt('remove the run directory', () => removeTree(run.workdirs.runDir));
  return problems;
}

function printSummary(run: Run, failure: unknown): void {
  run.notes.forEach((n) => log(`  note: ${n}`));
  const total = seconds(run.clock.totalMs());
  const temperature = run.workdirs.coldBecause ? 'cold' : 'warm';
  const pushed = run.state?.pushed;
  if (!failure && pushed && run.ran) {
    const tags = pushed.tags
      .map((t) => t.slice(t.lastIndexOf(':') + 1))
      .map((t) => (t === run.settings?.sha ? 'SHA' : t));
    log(
      `\ne2e: PASS in ${total} (${temperature}) — ${run.clock.render()} — ${pushed.image}@${pushed.digest.slice(0, 19)}… as ${tags.join(' + ')}, healthy after ${run.ran.healthyMs} ms, exit 0 ${run.ran.stopMs} ms after SIGTERM`,
    );
  } else {
    log(`\ne2e: FAIL in ${total} (${temperature}) — ${run.clock.render()}`);
  }
  // A failure that was not a check (a command, a timeout) counts as one failed check.
  log(`e2e: ${run.checks.passed} passed, ${run.checks.failed + (failure && run.checks.failed === 0 ? 1 : 0)} failed`);
}

// ---------------------------------------------------------------------------------------------

async function rehearse(options: Options): Promise<number> {
  const marker = `${MARKER_NAME}=${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  const realDocker = onPath('docker') && (await realDockerAnswers(childEnv(marker, DOCKER_ACCESS)));
  const problems = preflightProblems(realDocker);
  if (problems.length > 0) {
    console.error(explainProblems(problems));
    return 2;
  }

  const workdirs = await prepareWorkdirs({ cold: options.cold });
  const run: Run = {
    options,
    marker,
    realDocker,
    workdirs,
    checks: new Checks(log),
    clock: new PhaseClock((phase) => log(`\ne2e ▸ ${phase}`)),
    services: new Services(),
    containers: [],
    localImages: [],
    notes: [],
  };
  log(
    `e2e: rehearsing ${DEPLOY_WORKFLOW_PATH} on this machine (${workdirs.coldBecause ? `cold: ${workdirs.coldBecause}` : 'warm: cache kept from an earlier run'})`,
  );

  let cleanedUp: Promise<string[]> | undefined;
  const cleanup = () => (cleanedUp ??= cleanupPhase(run));
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    console.error(`\ne2e: ${signal} received in ${run.clock.phase ?? 'setup'}: stopping everything this run started`);
    void cleanup().then((left) => {
      left.forEach((p) => console.error(`  ! ${p}`));
      console.error(`e2e: interrupted by ${signal}; cleaned up`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let failure: unknown;
  try {
    const deploy = readDeployWorkflow(REPO_ROOT);
    const settings = settingsForRun(deploy);
    run.settings = settings;
    const registry = await registryPhase(run, settings);
    const engine = await enginePhase(run, registry);
    const state = await workflowPhases(run, deploy, settings, engine, registry);
    await runPhase(run, state, engine, registry, settings);
  } catch (error) {
    failure = error;
  }
  // After a signal, the handler cleans up and exits; what failed meanwhile is its consequence.
  if (interrupted) return new Promise<number>(() => {});

  if (failure) {
    console.error(
      `\ne2e: FAILED in ${run.clock.phase ?? 'setup'}: ${failure instanceof Error ? failure.message : String(failure)}`,
    );
    for (const s of run.services.list())
      console.error(`--- last lines of ${s.name} (${path.basename(s.logFile)}):\n${tail(s.logFile, 12)}`);
  }
  run.clock.enter('cleanup');
  const left = await cleanup();
  left.forEach((p) => log(`  ! ${p}`));
  if (!failure) run.checks.expect(left.length === 0, 'cleanup left nothing running');
  run.clock.close();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  printSummary(run, failure);
  return failure ? 1 : 0;
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`e2e: ${(error as Error).message}`);
    return 2;
  }
  if (options.clean) {
    log(`e2e: removed the cache ${await removeCache()}`);
    return 0;
  }
  return rehearse(options);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
