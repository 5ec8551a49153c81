/** The rehearsal's first phases: the loopback registry, then the container engine and its login. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, startPodman, useRealDocker } from '../lib/engine';
import { Registry } from '../lib/registry';
import type { RehearsalSettings } from '../lib/rehearsal-context';
import { childEnv, DOCKER_ACCESS, indented, log, type Run } from './run';

/** 1. The registry, and proof that it refuses what ECR refuses. */
export async function registryPhase(run: Run, settings: RehearsalSettings): Promise<Registry> {
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
export async function enginePhase(run: Run, registry: Registry): Promise<Engine> {
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
