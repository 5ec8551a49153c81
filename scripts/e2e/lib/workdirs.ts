/**
 * Where the rehearsal keeps things. Two places under the temp directory:
 *
 * - the cache (E2E_CACHE_DIR, default $TMPDIR/github-oidc-ecr-e2e): podman's image storage and the
 *   registry's blobs, kept between runs so a warm run does not make and upload the base image
 *   again; wiped by --cold, after a reboot, or when unusable; one run at a time (a lock);
 * - the run directory: configuration, credentials, sockets, logs and the workspace of this run,
 *   always removed at the end.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlive, runCommand } from './processes';

export interface Workdirs {
  readonly runDir: string;
  /** podman storage and registry data; the cache, or a private copy inside runDir. */
  readonly stateDir: string;
  readonly cached: boolean;
  /** Why the run starts without a cache (undefined for a warm start). */
  readonly coldBecause?: string;
  release(): void;
}

function bootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** Mount points at or below `dir` (deepest first), from this process's mount table. */
function mountsUnder(dir: string): string[] {
  const prefix = path.resolve(dir);
  return fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((mp): mp is string => mp !== undefined && (mp === prefix || mp.startsWith(prefix + '/')))
    .sort((a, b) => b.length - a.length);
}

/** Removes a directory tree, unmounting whatever a crashed engine left mounted inside it first. */
export async function removeTree(dir: string): Promise<void> {
  if (!fs.existsSync(dir)) return;
  for (const mountPoint of mountsUnder(dir)) {
    await runCommand('umount', ['--lazy', mountPoint], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      check: false,
    });
  }
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

function tryLock(lockDir: string): number | undefined {
  try {
    fs.mkdirSync(lockDir);
    fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
    if (holder > 0 && holder !== process.pid && isAlive(holder)) return holder;
    // Just made by a run that has not written its PID yet.
    if (holder === 0 && Date.now() - fs.statSync(lockDir).mtimeMs < 5000) return -1;
    // Left by a run that died: take it over.
    fs.rmSync(lockDir, { recursive: true, force: true });
    return tryLock(lockDir);
  }
}

export async function prepareWorkdirs(options: { cold: boolean }): Promise<Workdirs> {
  const cacheRoot = path.resolve(process.env.E2E_CACHE_DIR || path.join(os.tmpdir(), 'github-oidc-ecr-e2e'));
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'github-oidc-ecr-e2e-run-'));
  fs.mkdirSync(cacheRoot, { recursive: true });
  const lockDir = path.join(cacheRoot, 'lock');
  const holder = tryLock(lockDir);
  if (holder !== undefined) {
    const stateDir = path.join(runDir, 'state');
    return {
      runDir,
      stateDir,
      cached: false,
      coldBecause: `cache in use by ${holder > 0 ? `pid ${holder}` : 'another run'}: private storage for this run`,
      release: () => {},
    };
  }
  const release = () => fs.rmSync(lockDir, { recursive: true, force: true });

  const stateDir = path.join(cacheRoot, 'state');
  const bootFile = path.join(stateDir, 'boot-id');
  let coldBecause: string | undefined;
  if (options.cold) coldBecause = '--cold';
  else if (!fs.existsSync(stateDir)) coldBecause = 'no cache yet';
  else if (!fs.existsSync(bootFile) || fs.readFileSync(bootFile, 'utf8').trim() !== bootId())
    coldBecause = 'cache from before a reboot';
  if (coldBecause) await removeTree(stateDir);
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(bootFile, bootId());
  return { runDir, stateDir, cached: true, coldBecause, release };
}

/** Deletes the cache (for --clean). */
export async function removeCache(): Promise<string> {
  const cacheRoot = path.resolve(process.env.E2E_CACHE_DIR || path.join(os.tmpdir(), 'github-oidc-ecr-e2e'));
  const holder = fs.existsSync(cacheRoot) ? tryLock(path.join(cacheRoot, 'lock')) : undefined;
  if (holder !== undefined) throw new Error(`the cache is in use by pid ${holder}`);
  await removeTree(cacheRoot);
  return cacheRoot;
}
