/** Timing for `npm run bench`: runs commands interleaved and reports medians of wall and CPU time. */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The project root, where every command runs. */
export const ROOT = path.resolve(__dirname, '..', '..');

/** One command to time. */
export interface Variant {
  readonly name: string;
  readonly command: string[];
  readonly env?: Record<string, string>;
}

/** One timed run. */
export interface Sample {
  /** Wall-clock seconds. */
  readonly wall: number;
  /** CPU seconds (user + system) of the command and every process it waited for; undefined off Linux. */
  readonly cpu?: number;
}

let clockTicks: number | undefined;

/** CPU seconds used so far by this process's waited-for children (Linux: /proc/self/stat cutime + cstime). */
function childrenCpuSeconds(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  // Fields after "pid (comm) ": state is field 3, cutime 16, cstime 17 (1-based, proc(5)).
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / clockTicks;
}

/** Runs a command once and returns its wall and CPU time; throws if it fails. */
export function timeOnce(variant: Variant): Sample {
  const cpuBefore = childrenCpuSeconds();
  const start = process.hrtime.bigint();
  const result = spawnSync(variant.command[0], variant.command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', CDK_DISABLE_CLI_TELEMETRY: '1', ...variant.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuAfter = childrenCpuSeconds();
  if (result.status !== 0) {
    throw new Error(`${variant.name} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  return { wall, cpu: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore };
}

/** The median of `values`. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Warm-up once each (file cache, npx resolution), then `runs` interleaved rounds. */
export function measure(variants: Variant[], runs: number): Map<string, Sample[]> {
  const times = new Map(variants.map((v) => [v.name, [] as Sample[]]));
  for (const v of variants) timeOnce(v);
  for (let round = 0; round < runs; round++) {
    for (const v of variants) times.get(v.name)!.push(timeOnce(v));
    process.stderr.write(`  round ${round + 1}/${runs} done\n`);
  }
  return times;
}

/**
 * Medians of wall time and of CPU time. On a shared machine the wall time drifts with other load;
 * the CPU time (what the work costs) drifts much less, and wall ≈ CPU / cores says a run is
 * CPU-bound, i.e. it would be faster on more cores.
 */
export function report(title: string, times: Map<string, Sample[]>, baseline?: string): void {
  console.log(`\n${title}`);
  const base = baseline ? median(times.get(baseline)!.map((s) => s.wall)) : undefined;
  for (const [name, samples] of times) {
    const walls = samples.map((s) => s.wall);
    const cpus = samples.flatMap((s) => (s.cpu === undefined ? [] : [s.cpu]));
    const m = median(walls);
    const ratio = base ? `  ${(m / base).toFixed(2)}× ${baseline}` : '';
    const cpu = cpus.length ? `  cpu ${median(cpus).toFixed(1)} s` : '';
    console.log(
      `  ${name.padEnd(44)} median ${m.toFixed(2)} s  (min ${Math.min(...walls).toFixed(2)}, max ${Math.max(...walls).toFixed(2)}, n=${walls.length})${cpu}${ratio}`,
    );
  }
}

/** `npx cdk synth` (quiet, into its own directory under `outDir`) with extra CLI arguments, as a variant. */
export function synthVariant(name: string, outDir: string, args: readonly string[] = []): Variant {
  return {
    name,
    command: ['npx', 'cdk', 'synth', '-q', '--no-notices', '-o', path.join(outDir, name.replace(/\W+/g, '-')), ...args],
  };
}
