/**
 * The container engine behind the plain `docker` CLI: a real Docker engine when one answers,
 * otherwise podman's Docker-compatible API (`podman system service`) with all of its storage and
 * configuration in the rehearsal's own directories and the settings these sandboxes need
 * (runc, cgroupfs, ulimits, k8s-file logs, file events, slirp4netns networking).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { commandLine, runCommand, CommandResult, Services } from './processes';

export interface DockerCli {
  /** Runs `docker …` against the engine; logs the command line. */
  (
    args: readonly string[],
    options?: { input?: string; timeoutMs?: number; check?: boolean; cwd?: string },
  ): Promise<CommandResult>;
}

export interface Engine {
  readonly kind: 'podman' | 'docker';
  readonly description: string;
  /** Environment for the docker CLI and for the workflow's `run:` steps. */
  readonly env: Record<string, string>;
  readonly docker: DockerCli;
  /** Extra `docker run` arguments this engine needs. */
  readonly runArgs: readonly string[];
  /** Runs the image's HEALTHCHECK once now; returns the engine's verdict ("healthy", …). */
  runHealthcheck(container: string): Promise<string>;
  /** Removes containers a build left behind (buildah working containers). */
  removeBuildLeftovers(): Promise<void>;
  /** After the engine's service has stopped: put back what it borrowed outside the run. */
  release(): void;
}

export interface EngineOptions {
  readonly stateDir: string;
  readonly runDir: string;
  readonly registryHost: string;
  readonly services: Services;
  /** Base environment for every command (PATH, HOME, the run marker). */
  readonly env: Record<string, string>;
  readonly log: (line: string) => void;
  readonly verbose: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A CLI (docker or podman) with the engine's environment; logs each command line and its time. */
function loggedCli(
  command: string,
  env: Record<string, string>,
  log: (line: string) => void,
  verbose: boolean,
): DockerCli {
  return async (args, options = {}) => {
    const line = `$ ${commandLine(command, args)}`;
    if (verbose) log(line);
    const started = Date.now();
    try {
      return await runCommand(command, args, {
        env,
        cwd: options.cwd,
        input: options.input,
        timeoutMs: options.timeoutMs ?? 120_000,
        check: options.check,
        echo: verbose,
      });
    } finally {
      if (!verbose) log(`${line}  [${((Date.now() - started) / 1000).toFixed(1)}s]`);
    }
  };
}

/** True when DOCKER_HOST or /var/run/docker.sock answers as a Docker engine (not podman). */
export async function realDockerAnswers(env: Record<string, string>): Promise<boolean> {
  const result = await runCommand('docker', ['version', '--format', '{{json .Server}}'], {
    env,
    check: false,
    timeoutMs: 10_000,
  }).catch(() => undefined);
  if (!result || result.code !== 0) return false;
  return !/podman/i.test(result.stdout);
}

export function useRealDocker(options: EngineOptions): Engine {
  const env = { ...options.env, DOCKER_CONFIG: path.join(options.runDir, 'docker-config') };
  const docker = loggedCli('docker', env, options.log, options.verbose);
  return {
    kind: 'docker',
    description: 'Docker engine',
    env,
    docker,
    runArgs: [],
    // Docker runs HEALTHCHECK itself: wait for its verdict (the caller polls).
    runHealthcheck: async (container) =>
      (await docker(['inspect', '--format', '{{.State.Health.Status}}', container])).stdout.trim(),
    removeBuildLeftovers: async () => {},
    release: () => {},
  };
}

/**
 * The one file root podman writes outside its configured directories: containers/image's
 * blob-info cache (which compressed blob a registry already has), at a fixed system path. When
 * no other podman uses it, the rehearsal brings its own copy in for the run and takes it back
 * out afterwards, so a warm run skips compressing the base image again and nothing stays behind.
 */
const SYSTEM_BLOB_INFO_CACHE = '/var/lib/containers/cache/blob-info-cache-v1.boltdb';

function borrowBlobInfoCache(stateDir: string): () => void {
  if (fs.existsSync(SYSTEM_BLOB_INFO_CACHE)) return () => {};
  const kept = path.join(stateDir, path.basename(SYSTEM_BLOB_INFO_CACHE));
  const dirs = ['/var/lib/containers', path.dirname(SYSTEM_BLOB_INFO_CACHE)];
  const created = dirs.filter((d) => !fs.existsSync(d));
  if (fs.existsSync(kept)) {
    fs.mkdirSync(path.dirname(SYSTEM_BLOB_INFO_CACHE), { recursive: true, mode: 0o700 });
    fs.copyFileSync(kept, SYSTEM_BLOB_INFO_CACHE);
  }
  return () => {
    if (fs.existsSync(SYSTEM_BLOB_INFO_CACHE)) {
      fs.copyFileSync(SYSTEM_BLOB_INFO_CACHE, kept);
      fs.rmSync(SYSTEM_BLOB_INFO_CACHE);
    }
    for (const dir of created.reverse()) {
      if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    }
  };
}

/** Writes podman's configuration under `stateDir` (kept between runs) and `runDir` (this run). */
function writePodmanConfig(stateDir: string, runDir: string, registryHost: string): Record<string, string> {
  const dirs = ['storage', 'run', 'tmp', 'cni'].map((d) => path.join(stateDir, d));
  dirs.forEach((d) => fs.mkdirSync(d, { recursive: true }));
  const [storage, run, tmp, cni] = dirs;
  const containersConf = path.join(stateDir, 'containers.conf');
  fs.writeFileSync(
    containersConf,
    [
      '[containers]',
      // The sandbox's own limits are above what runc may set for a container.
      'default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]',
      'log_driver = "k8s-file"',
      '[engine]',
      // crun fails on this machine's hybrid cgroup layout; no systemd to manage cgroups.
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      `events_logfile_path = ${JSON.stringify(path.join(runDir, 'podman-events.log'))}`,
      `tmp_dir = ${JSON.stringify(tmp)}`,
      '[network]',
      `network_config_dir = ${JSON.stringify(cni)}`,
      '',
    ].join('\n'),
  );
  const storageConf = path.join(stateDir, 'storage.conf');
  fs.writeFileSync(
    storageConf,
    [
      '[storage]',
      'driver = "overlay"',
      `graphroot = ${JSON.stringify(storage)}`,
      `runroot = ${JSON.stringify(run)}`,
      '',
    ].join('\n'),
  );
  // The loopback registry speaks plain HTTP, as a Docker engine allows for 127.0.0.0/8.
  const registriesConf = path.join(runDir, 'registries.conf');
  fs.writeFileSync(
    registriesConf,
    [
      'unqualified-search-registries = []',
      '',
      '[[registry]]',
      `location = "${registryHost}"`,
      'insecure = true',
      '',
    ].join('\n'),
  );
  return {
    CONTAINERS_CONF: containersConf,
    CONTAINERS_STORAGE_CONF: storageConf,
    CONTAINERS_REGISTRIES_CONF: registriesConf,
    REGISTRY_AUTH_FILE: path.join(runDir, 'podman-auth.json'),
    TMPDIR: tmp,
  };
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath: socket, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

export async function startPodman(options: EngineOptions): Promise<Engine> {
  const podmanEnv = { ...options.env, ...writePodmanConfig(options.stateDir, options.runDir, options.registryHost) };
  const socket = path.join(options.runDir, 'podman.sock');
  const release = borrowBlobInfoCache(options.stateDir);
  const service = options.services.start(
    'podman system service',
    'podman',
    ['--log-level=warn', 'system', 'service', '--time=0', `unix://${socket}`],
    podmanEnv,
    path.join(options.runDir, 'podman.log'),
  );
  const deadline = Date.now() + 30_000;
  while (!(await ping(socket))) {
    if (service.exited() || Date.now() > deadline) {
      const log = fs.readFileSync(service.logFile, 'utf8').trim().split('\n').slice(-8).join('\n');
      await options.services.stop(service);
      release();
      throw new Error(`podman system service did not answer on ${socket}:\n${log}`);
    }
    await sleep(100);
  }
  const env = {
    ...podmanEnv,
    DOCKER_HOST: `unix://${socket}`,
    DOCKER_CONFIG: path.join(options.runDir, 'docker-config'),
  };
  const podman = loggedCli('podman', podmanEnv, options.log, options.verbose);
  const version = await runCommand('podman', ['--version'], { env: podmanEnv });
  return {
    kind: 'podman',
    description: `${version.stdout.trim()} (Docker API on ${socket})`,
    env,
    docker: loggedCli('docker', env, options.log, options.verbose),
    // Root podman's default network needs netavark or CNI plugins and iptables; slirp4netns is a
    // user-mode stack that works in any sandbox and still publishes ports on 127.0.0.1.
    runArgs: ['--network', 'slirp4netns'],
    runHealthcheck: async (container) => {
      // No systemd here, so podman cannot schedule the HEALTHCHECK interval: run it on demand.
      const result = await podman(['healthcheck', 'run', container], { check: false });
      return result.code === 0 ? 'healthy' : `unhealthy (${(result.stdout + result.stderr).trim()})`;
    },
    removeBuildLeftovers: async () => {
      const ids = (await podman(['ps', '--all', '--external', '--quiet', '--no-trunc'])).stdout
        .split('\n')
        .filter(Boolean);
      if (ids.length > 0) await podman(['rm', '--force', ...ids]);
    },
    release,
  };
}
