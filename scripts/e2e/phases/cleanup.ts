/** The rehearsal's last phase: everything the run started, undone in order, whatever happened. */
import * as fs from 'node:fs';
import { processesMarkedWith, terminate } from '../lib/processes';
import { removeTree } from '../lib/workdirs';
import { log, type Run } from './run';

function processName(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

/** 6. Undoes everything the run started, in order; returns what did not go cleanly. */
export async function cleanupPhase(run: Run): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  };
  const engine = run.engine;
  if (engine) {
    for (const name of [...run.containers])
      await attempt(`remove container ${name}`, () => engine.docker(['rm', '--force', name]));
    await attempt('remove build leftovers', () => engine.removeBuildLeftovers());
    for (const image of run.localImages) {
      await attempt(`remove image ${image}`, () => engine.docker(['rmi', '--force', image], { check: false }));
    }
    // Dangling layers of this run's builds; podman's storage is the rehearsal's own.
    if (engine.kind === 'podman') await attempt('prune images', () => engine.docker(['image', 'prune', '--force']));
    const registry = run.registry;
    if (run.state?.loggedIn && registry) await attempt('docker logout', () => engine.docker(['logout', registry.host]));
  }
  problems.push(...(await run.services.stop()));
  if (engine) await attempt('put back the blob-info cache', async () => engine.release());
  const leftovers = processesMarkedWith(run.marker);
  if (leftovers.length > 0) {
    const names = leftovers.map((pid) => `${processName(pid)}[${pid}]`);
    await terminate(leftovers, 2000);
    problems.push(`stopped leftover processes of this run: ${names.join(', ')}`);
  }
  run.workdirs.release();
  if (run.options.keep) log(`  run directory kept: ${run.workdirs.runDir}`);
  else await attempt('remove the run directory', () => removeTree(run.workdirs.runDir));
  return problems;
}
