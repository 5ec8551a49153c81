/**
 * Puts the rehearsal's `aws` stand-in (aws-stand-in.ts) first on the job's PATH: a small bash
 * script named `aws` that hands each call (its arguments, working directory and AWS_* variables)
 * to a server on 127.0.0.1 inside the rehearsal's own process, and prints the answer. A job's
 * scripts call `aws` dozens of times (the stage jobs poll); a node process per call cost about
 * 0.1 s of CPU each, a call answered in-process a few milliseconds. Also reads back the calls.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { type AwsStandInConfig, runAws } from './aws-stand-in';

/** The calls logged so far (for the rehearsal's checks). */
export function readCallLog(file: string): Array<Record<string, unknown>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A running stand-in: put `binDir` first on PATH; `close` when the jobs are done. */
export interface AwsStandIn {
  readonly binDir: string;
  readonly callLog: string;
  close(): Promise<void>;
}

/**
 * The `aws` client: NUL-separated fields (their count first): the token, the working directory,
 * every AWS_* variable as NAME=value, `--`, the arguments. The answer: exit code, stdout and
 * stderr, each NUL-terminated. bash opens the connection itself (/dev/tcp), so a call starts no
 * other process.
 */
function clientScript(port: number, token: string): string {
  return `#!/usr/bin/env bash
# The rehearsal's stand-in for the AWS CLI (scripts/e2e/lib/aws-stand-in.ts, answered inside the
# rehearsal's process on 127.0.0.1:${port}; scripts/e2e/lib/aws-stand-in-install.ts).
fields=(${token} "$PWD")
for name in "\${!AWS_@}"; do fields+=("$name=\${!name}"); done
fields+=(-- "$@")
if ! exec 3<>"/dev/tcp/127.0.0.1/${port}"; then
  echo "aws (rehearsal stand-in): nothing answers on 127.0.0.1:${port}; is the rehearsal still running?" >&2
  exit 255
fi
printf '%s\\0' "\${#fields[@]}" "\${fields[@]}" >&3
if ! { IFS= read -r -d '' code && IFS= read -r -d '' out && IFS= read -r -d '' err; } <&3; then
  echo "aws (rehearsal stand-in): the rehearsal closed the connection without an answer" >&2
  exit 255
fi
printf '%s' "$out"
printf '%s' "$err" >&2
exit "$code"
`;
}

/** Complete NUL-terminated fields of `buffer`. */
function fieldsOf(buffer: Buffer): string[] {
  const fields: string[] = [];
  let start = 0;
  for (let i = buffer.indexOf(0); i !== -1; i = buffer.indexOf(0, start)) {
    fields.push(buffer.subarray(start, i).toString('utf8'));
    start = i + 1;
  }
  return fields;
}

/**
 * Starts the stand-in for `config` (its make-believe ECS, when given, is changed in place) and
 * writes `DIR/bin/aws`; the calls are logged to `DIR/aws-calls.jsonl`.
 */
export async function startAwsStandIn(dir: string, config: Omit<AwsStandInConfig, 'callLog'>): Promise<AwsStandIn> {
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true, mode: 0o700 });
  const callLog = path.join(dir, 'aws-calls.jsonl');
  const token = crypto.randomBytes(16).toString('hex');
  const full: AwsStandInConfig = { ...config, callLog };

  const answer = async (fields: string[]): Promise<string> => {
    const [given, cwd, ...rest] = fields;
    if (given !== token) return `255\0\0aws (rehearsal stand-in): not this rehearsal's call\n\0`;
    const end = rest.indexOf('--');
    const env = Object.fromEntries(
      rest.slice(0, end).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    const { code, stdout, stderr } = await runAws(rest.slice(end + 1), env, full, undefined, cwd);
    return `${code}\0${stdout}\0${stderr}\0`;
  };
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let answered = false;
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const fields = fieldsOf(buffer);
      if (answered || fields.length === 0 || fields.length < Number(fields[0]) + 1) return;
      answered = true;
      answer(fields.slice(1, Number(fields[0]) + 1)).then(
        (text) => socket.end(text),
        (error: unknown) => socket.end(`255\0\0aws (rehearsal stand-in): ${String(error)}\n\0`),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  fs.writeFileSync(path.join(binDir, 'aws'), clientScript(port, token), { mode: 0o700 });
  return {
    binDir,
    callLog,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
