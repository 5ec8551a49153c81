'use strict';
/**
 * The sample service the deploy workflow ships: a stand-in for your application.
 *
 * Plain Node with no npm dependencies, so the image needs nothing but `node` and builds the same
 * on a CI runner and offline. Configuration comes from the environment:
 *   PORT         port to listen on (default 8080; 0 picks a free port, which tests use)
 *   APP_VERSION  version reported by /health (the image bakes in the commit SHA)
 *
 * It prints one JSON line when it listens ({"msg":"listening","port":…}) and exits 0 on SIGTERM
 * or SIGINT within a second, because container runtimes send SIGTERM and escalate to SIGKILL.
 */
const http = require('node:http');

const DEFAULT_PORT = 8080;
// Requests still running when a stop signal arrives get this long; then their connections are
// cut so the process always exits well inside the runtime's grace period (and our 1 s budget).
const SHUTDOWN_GRACE_MS = 400;

function sendJson(res, status, body, extraHeaders) {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    // Health answers must never come from a cache, and a JSON body must never be sniffed as HTML.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extraHeaders,
  });
  // HEAD gets the headers of the GET answer without its body (HTTP semantics).
  res.end(res.req.method === 'HEAD' ? undefined : payload);
}

/** Builds the request handler; `version` is fixed at start so every answer reports the same one. */
function createHandler(version) {
  return (req, res) => {
    // Only the path matters; the base is a placeholder because req.url has no scheme or host.
    const { pathname } = new URL(req.url ?? '/', 'http://service.invalid');
    if (pathname === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { error: 'method not allowed' }, { allow: 'GET, HEAD' });
        return;
      }
      sendJson(res, 200, { status: 'ok', version });
      return;
    }
    sendJson(res, 404, { error: 'not found', path: pathname });
  };
}

function parsePort(text) {
  if (text === undefined || text === '') return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(text)}`);
  }
  return port;
}

/** Starts the service and wires the stop signals; returns the server. */
function start(env = process.env) {
  const version = env.APP_VERSION || 'unknown';
  const port = parsePort(env.PORT);
  const server = http.createServer(createHandler(version));

  server.listen(port, () => {
    const address = server.address();
    console.log(JSON.stringify({ msg: 'listening', port: address.port, version }));
  });

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(JSON.stringify({ msg: 'stopping', signal }));
    // close() stops accepting, drops idle keep-alive connections (Node >= 19) and calls back once
    // the busy ones are done; those get a short grace, then are cut so the exit stays prompt.
    server.close(() => process.exit(0));
    setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return server;
}

if (require.main === module) {
  try {
    start();
  } catch (err) {
    console.error(JSON.stringify({ msg: 'cannot start', error: err.message }));
    process.exit(1);
  }
}

module.exports = { createHandler, parsePort, start };
