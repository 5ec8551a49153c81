/**
 * Phase 5: the pushed image, pulled back by digest into an engine that no longer has it, checked
 * (non-root user, health check, labels, exposed port), run with its port published on 127.0.0.1,
 * asked for /health, health-checked by the engine, then stopped with SIGTERM.
 */
import * as fs from 'node:fs';
import { Engine } from './engine';
import { Registry } from './registry';
import { Checks } from './report';
import type { PushedImage } from './stand-in-state';

export interface RunImageOptions {
  readonly engine: Engine;
  readonly registry: Registry;
  readonly checks: Checks;
  readonly pushed: PushedImage;
  /** IDs of the images the builds made, removed before the pull. */
  readonly builtImages: readonly string[];
  readonly sha: string;
  readonly containerName: string;
  /** Names of containers to remove at cleanup (this adds its own). */
  readonly containers: string[];
  readonly log: (line: string) => void;
}

export interface RunImageResult {
  readonly healthyMs: number;
  readonly stopMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STOP_BUDGET_MS = 5000;

/** Drops every image this run built (and, on podman, their dangling build layers). */
async function removeLocalCopies(o: RunImageOptions): Promise<void> {
  const { docker } = o.engine;
  await o.engine.removeBuildLeftovers();
  for (const image of o.builtImages) await docker(['rmi', '--force', image], { check: false });
  if (o.engine.kind === 'podman') await docker(['image', 'prune', '--force']);
  const left = await docker(['image', 'inspect', o.pushed.imageId], { check: false });
  o.checks.expect(left.code !== 0, 'the engine no longer holds the image it built');
}

/** The user part of USER ("10001:10001" → "10001") when it is numeric. */
function numericUser(user: string | undefined): number | undefined {
  const name = (user ?? '').split(':')[0];
  return /^\d+$/.test(name) ? Number(name) : undefined;
}

async function inspectImage(o: RunImageOptions, ref: string): Promise<number> {
  const { docker } = o.engine;
  const local = JSON.parse((await docker(['image', 'inspect', ref])).stdout)[0] as {
    Id: string;
    RepoDigests?: string[];
    Config?: { User?: string; ExposedPorts?: Record<string, unknown>; Labels?: Record<string, string> };
  };
  o.checks.expect(
    local.Id === o.pushed.imageId,
    'pulled by digest: the same image that was built',
    local.Id.slice(7, 19),
  );
  o.checks.expect(
    (local.RepoDigests ?? []).some((d) => d.endsWith(`@${o.pushed.digest}`)),
    'the pulled image records the pushed digest',
  );

  // The registry's copy of the image configuration: podman's Docker API leaves Healthcheck out of
  // `docker image inspect`, the blob itself has everything.
  const config = (await o.registry.imageConfig(o.pushed.repository, o.pushed.imageId)).config ?? {};
  const uid = numericUser(config.User);
  o.checks.expect(uid !== undefined && uid !== 0, 'runs as a numeric non-root user', `USER ${config.User ?? '(none)'}`);
  o.checks.expect(numericUser(local.Config?.User) === uid, 'docker image inspect shows the same user');
  const test = config.Healthcheck?.Test ?? [];
  o.checks.expect(
    ['CMD', 'CMD-SHELL'].includes(test[0]) && test.slice(1).some((w) => /(^|\/)node\b/.test(w)),
    'has a HEALTHCHECK that runs node',
    test.slice(1).join(' '),
  );
  const ports = Object.keys(config.ExposedPorts ?? {});
  o.checks.expect(ports.includes('8080/tcp'), 'exposes 8080/tcp', ports.join(', '));
  const labels = config.Labels ?? {};
  o.checks.expect(
    labels['org.opencontainers.image.revision'] === o.sha,
    'label org.opencontainers.image.revision is the commit SHA',
  );
  o.checks.expect(
    labels['org.opencontainers.image.version'] === o.sha,
    'label org.opencontainers.image.version is the commit SHA, not a moving tag',
    labels['org.opencontainers.image.version'] === o.sha
      ? undefined
      : `got '${labels['org.opencontainers.image.version'] ?? '(none)'}'`,
  );
  const wrong = Object.entries(o.pushed.labels).filter(([k, v]) => labels[k] !== v);
  o.checks.expect(
    wrong.length === 0,
    `carries the ${Object.keys(o.pushed.labels).length} labels the workflow sets`,
    wrong.length
      ? wrong.map(([k, v]) => `${k}: want '${v}', got '${labels[k] ?? '(none)'}'`).join('; ')
      : `version=${labels['org.opencontainers.image.version'] ?? ''}`,
  );
  return Number(ports[0]?.split('/')[0] ?? '8080');
}

async function waitForHealth(url: string, sha: string, timeoutMs: number): Promise<{ ms: number; body: string }> {
  const started = Date.now();
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const body = await response.text();
      last = `HTTP ${response.status} ${body}`;
      const json = JSON.parse(body) as { status?: string; version?: string };
      if (response.status === 200 && json.status === 'ok' && json.version === sha)
        return { ms: Date.now() - started, body };
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(
    `GET ${url} never answered 200 {"status":"ok","version":"${sha}"} within ${timeoutMs} ms (last: ${last})`,
  );
}

/** UID of the container's main process, from the host's /proc (root engine, no user namespace). */
function hostUidOf(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
  } catch {
    return undefined;
  }
}

async function engineHealth(o: RunImageOptions, name: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const verdict = await o.engine.runHealthcheck(name);
    if (verdict === 'healthy' || Date.now() > deadline) return verdict;
    await sleep(o.engine.kind === 'docker' ? 1000 : 250);
  }
}

async function stopWithSigterm(o: RunImageOptions, name: string): Promise<number> {
  const { docker } = o.engine;
  const started = Date.now();
  await docker(['kill', '--signal', 'SIGTERM', name]);
  for (;;) {
    const state = (await docker(['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}}', name])).stdout
      .trim()
      .split(' ');
    const elapsed = Date.now() - started;
    if (state[0] === 'false') {
      o.checks.expect(elapsed < STOP_BUDGET_MS, `exits within ${STOP_BUDGET_MS / 1000} s of SIGTERM`, `${elapsed} ms`);
      o.checks.expect(state[1] === '0', 'exits with code 0 on SIGTERM', `exit code ${state[1]}`);
      return elapsed;
    }
    if (elapsed > STOP_BUDGET_MS) {
      o.checks.expect(false, `exits within ${STOP_BUDGET_MS / 1000} s of SIGTERM`, `still running after ${elapsed} ms`);
    }
    await sleep(50);
  }
}

export async function pullInspectRun(o: RunImageOptions): Promise<RunImageResult> {
  const { docker } = o.engine;
  const ref = `${o.pushed.image}@${o.pushed.digest}`;
  await removeLocalCopies(o);
  await docker(['pull', ref], { timeoutMs: 300_000 });
  const port = await inspectImage(o, ref);

  const name = o.containerName;
  o.containers.push(name);
  await docker(['run', '--detach', '--name', name, ...o.engine.runArgs, '--publish', `127.0.0.1::${port}`, ref]);
  const started = Date.now();
  const published = (await docker(['port', name, `${port}/tcp`])).stdout.trim().split('\n')[0];
  const hostPort = /:(\d+)$/.exec(published)?.[1];
  if (!hostPort) throw new Error(`docker port ${name} ${port}/tcp gave '${published}'`);
  const url = `http://127.0.0.1:${hostPort}/health`;
  const health = await waitForHealth(url, o.sha, 30_000);
  const healthyMs = Date.now() - started;
  o.checks.expect(true, `GET ${url} → 200 ${health.body}`, `${healthyMs} ms after start`);

  const pid = Number((await docker(['inspect', '--format', '{{.State.Pid}}', name])).stdout.trim());
  const uid = hostUidOf(pid);
  // An engine in a VM runs the process where this machine's /proc cannot see it.
  if (uid !== undefined) o.checks.expect(uid !== 0, 'the service process runs as a non-root user', `uid ${uid}`);
  else o.log(`(pid ${pid} is not visible here: the process's user is checked through the image only)`);

  const verdict = await engineHealth(o, name);
  o.checks.expect(
    verdict === 'healthy',
    `the image's HEALTHCHECK passes (${o.engine.kind === 'podman' ? 'podman healthcheck run' : 'Docker'})`,
    verdict,
  );
  const status = (await docker(['inspect', '--format', '{{.State.Health.Status}}', name])).stdout.trim();
  o.checks.expect(status === 'healthy', 'docker inspect reports the container healthy', status);

  const stopMs = await stopWithSigterm(o, name);
  await docker(['rm', name]);
  o.containers.splice(o.containers.indexOf(name), 1);
  return { healthyMs, stopMs };
}
