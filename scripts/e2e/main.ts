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
 *  4c. stages  — the stage deploy jobs (two rehearsal stages rendered into a copy of the workflow)
 *     with the push job's outputs, against a make-believe ECS: both stages deliver the digest;
 *     then three runs that must stop at the first stage (phases/stages.ts).
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
import { DEPLOY_WORKFLOW_PATH, DeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { Engine, realDockerAnswers } from './lib/engine';
import { explainProblems, onPath, preflightProblems } from './lib/preflight';
import { Services } from './lib/processes';
import { Registry } from './lib/registry';
import { rehearsalSettings, RehearsalSettings } from './lib/rehearsal-context';
import { Checks, PhaseClock, seconds } from './lib/report';
import { pullInspectRun } from './lib/run-image';
import type { StandInState } from './lib/stand-in-state';
import { prepareWorkdirs, removeCache } from './lib/workdirs';
import { cleanupPhase } from './phases/cleanup';
import { childEnv, DOCKER_ACCESS, indented, log, Options, REPO_ROOT, Run } from './phases/run';
import { enginePhase, registryPhase } from './phases/setup';
import { rehearsalWorkflow, stagesPhase } from './phases/stages';
import { workflowPhases } from './phases/workflow';

const MARKER_NAME = 'GITHUB_OIDC_ECR_E2E_RUN';

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

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function settingsForRun(deploy: DeployWorkflow): RehearsalSettings {
  const cdk = readJson(path.join(REPO_ROOT, 'cdk.json'));
  const pkg = readJson(path.join(REPO_ROOT, 'package.json'));
  return rehearsalSettings({
    cdkContext: (cdk.context ?? {}) as Record<string, unknown>,
    pushBranches: [...(deploy.push?.branches ?? [])],
    pushTags: [...(deploy.push?.tags ?? [])],
    license: typeof pkg.license === 'string' ? pkg.license : undefined,
    movingTagsOverride: process.env.E2E_MOVING_TAGS,
    sha: crypto.randomBytes(20).toString('hex'),
    runId: String(crypto.randomInt(1_000_000_000, 9_999_999_999)),
  });
}

function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ---------------------------------------------------------------------------------------------
// Phases (1–4 and 6 in phases/)

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
      `\ne2e: PASS in ${total} (${temperature}) — ${run.clock.render()} — ${pushed.image}@${pushed.digest.slice(0, 19)}… as ${tags.join(' + ')}${run.stages ? `; ${run.stages}` : ''}, healthy after ${run.ran.healthyMs} ms, exit 0 ${run.ran.stopMs} ms after SIGTERM`,
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
    const workflow = rehearsalWorkflow(REPO_ROOT);
    const deploy = workflow.deploy;
    const settings = settingsForRun(deploy);
    run.settings = settings;
    const registry = await registryPhase(run, settings);
    const engine = await enginePhase(run, registry);
    const push = await workflowPhases(run, deploy, workflow.links[deploy.job!.id].outputs, settings, engine, registry);
    await stagesPhase(run, workflow, settings, registry, push);
    await runPhase(run, push.state, engine, registry, settings);
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
