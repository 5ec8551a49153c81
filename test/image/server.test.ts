/**
 * The sample service as the container runs it: a child process on a free port (PORT=0), asked
 * over HTTP, stopped with a signal. Also the image's HEALTHCHECK script against it.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { join } from 'node:path';

const APP = join(__dirname, '..', '..', 'image');
const SERVER = join(APP, 'server.js');
const HEALTHCHECK = join(APP, 'healthcheck.js');

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly output: () => string;
}

/** Starts the service and resolves once it printed the port it listens on. */
async function start(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [SERVER], { env: { PATH: process.env.PATH ?? '', ...env } });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "listening" line within 5 s; output: ${out}`));
    }, 5000);
    child.stdout.on('data', (d: string) => {
      out += d;
      const m = /"msg":"listening","port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening; output: ${out}`));
    });
  });
  return { child, port, output: () => out };
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function request(port: number, method: string, path: string, agent?: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    // Its own limit, shorter than jest's per-test timeout: an answer that never ends fails here, naming the request.
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${path}: no complete answer within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends `signal` and resolves with the exit code and how long the exit took, once the child's
 * output is read to the end ('exit' can come before the last lines arrive through the pipe).
 */
async function stop(running: Running, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  const exited = once(running.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const closed = once(running.child, 'close');
  running.child.kill(signal);
  // A server that ignores the signal fails the test (and is killed) instead of hanging the run:
  // Its own limit, shorter than jest's per-test timeout, so a server that never stops fails with that message.
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 10_000);
  const [code, killedBy] = await exited;
  const ms = performance.now() - started;
  clearTimeout(timer);
  await closed;
  if (killedBy === 'SIGKILL' && signal !== 'SIGKILL')
    throw new Error(`still running 10 s after ${signal}; output: ${running.output()}`);
  return { code, ms };
}

describe('image/server.js', () => {
  const version = `test-${process.pid}-${Date.now()}`;
  let running: Running;
  // Keep-alive, so the server holds an idle connection when the stop signal arrives.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    running = await start({ PORT: '0', APP_VERSION: version });
  });

  afterAll(() => {
    agent.destroy();
    if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  });

  test('GET /health: 200, application/json, status ok and the APP_VERSION it was started with', async () => {
    const res = await request(running.port, 'GET', '/health', agent);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual({ status: 'ok', version });
  });

  test('HEAD /health: the same answer without a body', async () => {
    const res = await request(running.port, 'HEAD', '/health', agent);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });

  test('GET /health?probe=1: the query string does not change the route', async () => {
    const res = await request(running.port, 'GET', '/health?probe=1', agent);
    expect(res.status).toBe(200);
  });

  test('POST /health: 405 with Allow', async () => {
    const res = await request(running.port, 'POST', '/health', agent);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  test('an unknown path: 404 JSON', async () => {
    const res = await request(running.port, 'GET', '/nope', agent);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ error: 'not found', path: '/nope' });
  });

  test('the HEALTHCHECK script exits 0 against it', () => {
    const r = spawnSync(process.execPath, [HEALTHCHECK], {
      env: { PORT: String(running.port) },
      encoding: 'utf8',
      timeout: 5000,
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });

  test('SIGTERM with an idle keep-alive connection open: exit code 0 within 1 s', async () => {
    // The agent's socket from the requests above is idle and still open.
    expect(agent.freeSockets[Object.keys(agent.freeSockets)[0]]?.length ?? 0).toBeGreaterThan(0);
    const { code, ms } = await stop(running, 'SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(1000);
    expect(running.output()).toContain('"signal":"SIGTERM"');
  });

  test('the HEALTHCHECK script exits 1 once nothing answers', () => {
    const r = spawnSync(process.execPath, [HEALTHCHECK], {
      env: { PORT: String(running.port) },
      encoding: 'utf8',
      timeout: 5000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^unhealthy: /);
  });
});

describe('image/server.js start and stop', () => {
  test('SIGINT: exit code 0 within 1 s', async () => {
    const running = await start({ PORT: '0', APP_VERSION: 'x' });
    const { code, ms } = await stop(running, 'SIGINT');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(1000);
  });

  test('a request still running at SIGTERM does not hold the exit past 1 s', async () => {
    const running = await start({ PORT: '0' });
    // A request whose body never finishes keeps its connection busy (not idle).
    const req = http.request({
      host: '127.0.0.1',
      port: running.port,
      method: 'POST',
      path: '/health',
      headers: { 'content-length': '1000' },
    });
    req.on('error', () => undefined);
    req.write('x');
    await new Promise((r) => setTimeout(r, 100));
    const { code, ms } = await stop(running, 'SIGTERM');
    req.destroy();
    expect(code).toBe(0);
    expect(ms).toBeLessThan(1000);
  });

  test('without APP_VERSION it reports "unknown"', async () => {
    const running = await start({ PORT: '0' });
    try {
      expect(JSON.parse((await request(running.port, 'GET', '/health')).body).version).toBe('unknown');
    } finally {
      await stop(running, 'SIGTERM');
    }
  });

  test('a bad PORT: exit code 1 and a one-line reason', () => {
    const r = spawnSync(process.execPath, [SERVER], { env: { PORT: 'eighty' }, encoding: 'utf8', timeout: 5000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT must be a whole number from 0 to 65535, got \\"eighty\\"');
  });

  test('PORT defaults to 8080', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parsePort } = require(SERVER) as { parsePort: (text: string | undefined) => number };
    expect(parsePort(undefined)).toBe(8080);
    expect(parsePort('')).toBe(8080);
    expect(parsePort('0')).toBe(0);
    expect(() => parsePort('70000')).toThrow(/PORT/);
  });
});
