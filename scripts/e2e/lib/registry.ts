/**
 * A real OCI registry (Debian's docker-registry, i.e. distribution 2.x) on 127.0.0.1 with the
 * authentication ECR gives `docker login`: HTTP basic, user `AWS`, a token as the password
 * (bcrypt in an htpasswd file). Plus the few registry API calls the rehearsal checks with.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { runCommand, Service, Services } from './processes';

export const REGISTRY_USER = 'AWS';

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export type Credentials = 'anonymous' | 'wrong-token' | 'token';

export interface Manifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly config: { digest: string; mediaType: string };
  readonly layers: Array<{ digest: string; size: number; mediaType: string }>;
}

/** The image configuration blob (Docker format: Config.Healthcheck, Config.User, …). */
export interface ImageConfig {
  readonly config?: {
    User?: string;
    ExposedPorts?: Record<string, unknown>;
    Labels?: Record<string, string>;
    Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number };
    Env?: string[];
    Cmd?: string[];
    StopSignal?: string;
  };
  readonly rootfs?: { diff_ids?: string[] };
}

/** A free port on 127.0.0.1: `preferred` when it is free, else one the kernel picks. */
function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (preferred ? resolve(freePort(0)) : reject(error)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The environment minus REGISTRY_* (distribution reads each as a config override). */
function withoutRegistryOverrides(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('REGISTRY_')));
}

export class Registry {
  /**
   * The name clients use: `localhost:PORT`. The registry listens on 127.0.0.1 only, but podman's
   * Docker API checks a `docker login` over TLS unless the host is spelled `localhost:…`,
   * whatever registries.conf says; a Docker engine treats both as local, plain-HTTP registries.
   */
  readonly host: string;

  private constructor(
    readonly port: number,
    readonly token: string,
    readonly service: Service,
  ) {
    this.host = `localhost:${port}`;
  }

  /**
   * Starts the registry with a fresh random token. `dataDir` may be kept between runs (the
   * rehearsal's cache); config, htpasswd and logs live in `dir`.
   */
  static async start(options: {
    dir: string;
    dataDir: string;
    services: Services;
    env: Record<string, string>;
  }): Promise<Registry> {
    // The port of the last run when it is free: podman remembers which blobs a registry (host and
    // port) already has, so a warm run does not compress the base image again to find out.
    const portFile = path.join(options.dataDir, 'last-port');
    const lastPort = Number(fs.existsSync(portFile) ? fs.readFileSync(portFile, 'utf8') : 0) || 0;
    // ECR's tokens are long base64 strings; bcrypt reads at most 72 bytes, so stay below that.
    const token = crypto.randomBytes(36).toString('base64url');
    const htpasswdFile = path.join(options.dir, 'htpasswd');
    const hashed = await runCommand('htpasswd', ['-niB', REGISTRY_USER], { env: options.env, input: `${token}\n` });
    fs.writeFileSync(htpasswdFile, hashed.stdout.trim() + '\n', { mode: 0o600 });
    fs.mkdirSync(options.dataDir, { recursive: true });

    let lastError = '';
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort(attempt === 1 ? lastPort : 0);
      const configFile = path.join(options.dir, 'config.yml');
      fs.writeFileSync(configFile, registryConfig(port, options.dataDir, htpasswdFile));
      const service = options.services.start(
        'docker-registry',
        'docker-registry',
        ['serve', configFile],
        withoutRegistryOverrides(options.env),
        path.join(options.dir, 'registry.log'),
      );
      const registry = new Registry(port, token, service);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !service.exited()) {
        if ((await registry.status('/v2/', 'anonymous').catch(() => 0)) !== 0) {
          fs.writeFileSync(portFile, String(port));
          return registry;
        }
        await sleep(50);
      }
      lastError = fs.readFileSync(service.logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
      await options.services.stop(service);
    }
    throw new Error(`docker-registry did not start:\n${lastError}`);
  }

  /** Status of a GET (or HEAD) with the given credentials. */
  async status(apiPath: string, credentials: Credentials, method = 'GET'): Promise<number> {
    const response = await this.request(apiPath, credentials, method);
    await response.arrayBuffer();
    return response.status;
  }

  async manifest(repository: string, reference: string): Promise<Manifest> {
    const response = await this.request(`/v2/${repository}/manifests/${reference}`, 'token');
    if (response.status !== 200) throw new Error(`registry: ${repository}:${reference} → HTTP ${response.status}`);
    const body = (await response.json()) as Omit<Manifest, 'digest'>;
    const digest = response.headers.get('docker-content-digest');
    if (!digest) throw new Error(`registry: ${repository}:${reference} has no Docker-Content-Digest`);
    return { ...body, digest, mediaType: body.mediaType ?? response.headers.get('content-type') ?? '' };
  }

  async imageConfig(repository: string, digest: string): Promise<ImageConfig> {
    const response = await this.request(`/v2/${repository}/blobs/${digest}`, 'token');
    if (response.status !== 200) throw new Error(`registry: blob ${digest} → HTTP ${response.status}`);
    return (await response.json()) as ImageConfig;
  }

  async tags(repository: string): Promise<string[]> {
    const response = await this.request(`/v2/${repository}/tags/list`, 'token');
    if (response.status !== 200) throw new Error(`registry: tags of ${repository} → HTTP ${response.status}`);
    return ((await response.json()) as { tags?: string[] }).tags ?? [];
  }

  private request(apiPath: string, credentials: Credentials, method = 'GET'): Promise<Response> {
    const headers: Record<string, string> = { accept: MANIFEST_TYPES };
    if (credentials !== 'anonymous') {
      const password = credentials === 'token' ? this.token : `${this.token.slice(0, -4)}nope`;
      headers.authorization = `Basic ${Buffer.from(`${REGISTRY_USER}:${password}`).toString('base64')}`;
    }
    return fetch(`http://127.0.0.1:${this.port}${apiPath}`, { method, headers, signal: AbortSignal.timeout(10_000) });
  }
}

function registryConfig(port: number, dataDir: string, htpasswdFile: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(dataDir)}`,
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${crypto.randomBytes(16).toString('hex')}`,
    'auth:',
    '  htpasswd:',
    '    realm: e2e-ecr',
    `    path: ${JSON.stringify(htpasswdFile)}`,
    '',
  ].join('\n');
}
