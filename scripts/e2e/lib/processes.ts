/**
 * Commands and background services for the rehearsal. Every service is started here and
 * stopped here by its PID; every process the rehearsal starts (and everything those start, such
 * as conmon, slirp4netns and rootlessport, which podman detaches) carries a marker variable in its
 * environment, so a final sweep can find leftovers of this run, and only of this run, by PID.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly env: Record<string, string>;
  readonly cwd?: string;
  /** Written to stdin (then closed); stdin is empty otherwise. */
  readonly input?: string;
  readonly timeoutMs?: number;
  /** Throw when the exit code is not 0 (default true). */
  readonly check?: boolean;
  /** Copy the command's output to stderr as it comes (E2E_VERBOSE=1). */
  readonly echo?: boolean;
}

export class CommandError extends Error {
  constructor(
    readonly commandLine: string,
    readonly result: CommandResult,
  ) {
    const tail = (result.stderr.trim() || result.stdout.trim()).split('\n').slice(-12).join('\n');
    super(`${commandLine} exited with ${result.code}${tail ? `:\n${tail}` : ''}`);
    this.name = 'CommandError';
  }
}

/** Shell-like rendering of a command line, for logs. */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (options.echo) process.stderr.write(d);
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (options.echo) process.stderr.write(d);
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${options.timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr, ms: Date.now() - started };
      if (result.code !== 0 && options.check !== false) reject(new CommandError(commandLine(command, args), result));
      else resolve(result);
    });
  });
}

/** True for a process that exists and is not a zombie (exited, waiting for its parent). */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    // No /proc entry: gone (or no /proc on this system, then ask the kernel).
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL for whatever is still alive after `graceMs`. Returns the PIDs it had to kill. */
export async function terminate(pids: readonly number[], graceMs = 5000): Promise<number[]> {
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  };
  pids.forEach((pid) => signal(pid, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await sleep(50);
  const stubborn = pids.filter(isAlive);
  stubborn.forEach((pid) => signal(pid, 'SIGKILL'));
  return stubborn;
}

export interface Service {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly child: ChildProcess;
  exited(): boolean;
  /** Settles once the process has exited and been reaped. */
  readonly exit: Promise<void>;
}

/** Long-running processes of this run, stopped in reverse order of start. */
export class Services {
  private readonly running: Service[] = [];

  start(name: string, command: string, args: readonly string[], env: Record<string, string>, logFile: string): Service {
    const log = fs.openSync(logFile, 'a');
    // Own process group: a Ctrl-C in the terminal reaches the rehearsal, which then stops the
    // services in order (containers first), instead of killing them all at once.
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    if (child.pid === undefined) throw new Error(`cannot start ${name} (${command})`);
    let done = false;
    const exit = new Promise<void>((resolve) => {
      const finish = () => {
        done = true;
        resolve();
      };
      child.on('exit', finish);
      child.on('error', finish);
    });
    const service: Service = { name, pid: child.pid, logFile, child, exited: () => done, exit };
    this.running.push(service);
    return service;
  }

  list(): readonly Service[] {
    return this.running;
  }

  /** Stops one service (or all, newest first) by PID. */
  async stop(service?: Service): Promise<string[]> {
    const targets = service ? [service] : [...this.running].reverse();
    const problems: string[] = [];
    for (const s of targets) {
      if (!s.exited()) {
        const killed = await terminate([s.pid]);
        if (killed.length > 0) problems.push(`${s.name} (pid ${s.pid}) ignored SIGTERM and was killed`);
        // Reap it, so no zombie is left to a PID 1 that may not collect orphans.
        await Promise.race([s.exit, sleep(2000)]);
      }
      this.running.splice(this.running.indexOf(s), 1);
    }
    return problems;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * PIDs of live processes whose environment holds `marker` (NAME=value), plus their descendants
 * (a container's own process does not inherit the marker, its conmon parent does).
 */
export function processesMarkedWith(marker: string): number[] {
  const all = fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
  const marked = new Set<number>();
  for (const pid of all) {
    if (pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) marked.add(pid);
    } catch {
      // gone, or not ours to read
    }
  }
  let grew = marked.size > 0;
  while (grew) {
    grew = false;
    for (const pid of all) {
      const parent = parentOf(pid);
      if (!marked.has(pid) && parent !== undefined && marked.has(parent)) {
        marked.add(pid);
        grew = true;
      }
    }
  }
  return [...marked];
}
