'use strict';
/**
 * The image's HEALTHCHECK: asks the running service for /health and exits 0 when it answers 200
 * with {"status":"ok"}, 1 otherwise. Uses `node` itself because the image has no curl or wget.
 */
const http = require('node:http');

const TIMEOUT_MS = 2000;
const port = Number(process.env.PORT || 8080);

function fail(reason) {
  console.error(`unhealthy: ${reason}`);
  process.exit(1);
}

const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: TIMEOUT_MS }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk) => (body += chunk));
  res.on('end', () => {
    if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`);
    try {
      if (JSON.parse(body).status !== 'ok') return fail(`status ${JSON.stringify(body)}`);
    } catch {
      return fail(`not JSON: ${JSON.stringify(body.slice(0, 200))}`);
    }
    process.exit(0);
  });
});
req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
req.on('error', (err) => fail(err.message));
