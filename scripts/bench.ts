/**
 * `npm run bench`: measures what users wait for all day and prints medians.
 *
 *  synth  `npx cdk synth` on the defaults in cdk.json, three ways:
 *         - this project's app command (ts-node with its swc transpiler, no type-check);
 *         - the same app pre-compiled to JavaScript (the floor: no TypeScript work at all);
 *         - what `cdk init app` generates today: type-check with TypeScript 7, then run with tsx
 *           (installed once into .bench/tools from the npm registry).
 *  test   `npm test` as a whole, and its two halves: `tsc --noEmit` and `jest`.
 *
 * Variants run interleaved (round-robin) so drift in machine load hits all of them alike.
 * Usage: npm run bench [-- --runs N] [-- --only synth|test]
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, '.bench');
const TOOLS = path.join(BENCH, 'tools');
const CDK_INIT_TOOLS = { typescript: '7.0.2', tsx: '4.23.15' };

interface Variant {
  readonly name: string;
  readonly command: string[];
  readonly env?: Record<string, string>;
}

function parseArgs(argv: string[]): { runs: number; only?: string } {
  let runs = 5;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--only') only = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (use --runs N, --only synth|test)`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1');
  if (only !== undefined && only !== 'synth' && only !== 'test') throw new Error('--only takes synth or test');
  return { runs, only };
}

/** Runs a command once and returns its wall time in seconds; throws if it fails. */
function timeOnce(variant: Variant): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(variant.command[0], variant.command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', CDK_DISABLE_CLI_TELEMETRY: '1', ...variant.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${variant.name} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
  }
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Warm-up once each (file cache, npx resolution), then `runs` interleaved rounds. */
function measure(variants: Variant[], runs: number): Map<string, number[]> {
  const times = new Map(variants.map((v) => [v.name, [] as number[]]));
  for (const v of variants) timeOnce(v);
  for (let round = 0; round < runs; round++) {
    for (const v of variants) times.get(v.name)!.push(timeOnce(v));
    process.stderr.write(`  round ${round + 1}/${runs} done\n`);
  }
  return times;
}

function report(title: string, times: Map<string, number[]>, baseline?: string): void {
  console.log(`\n${title}`);
  const base = baseline ? median(times.get(baseline)!) : undefined;
  for (const [name, values] of times) {
    const m = median(values);
    const ratio = base ? `  ${(m / base).toFixed(2)}× ${baseline}` : '';
    console.log(
      `  ${name.padEnd(44)} median ${m.toFixed(2)} s  (min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)}, n=${values.length})${ratio}`,
    );
  }
}

/** Compiles the app to JavaScript under .bench/dist, where node_modules still resolves. */
function precompile(): string {
  const outDir = path.join(BENCH, 'dist');
  fs.rmSync(outDir, { recursive: true, force: true });
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript-native', 'bin', 'tsc'), '-p', ROOT, '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return path.join(outDir, 'bin', 'github-oidc-ecr.js');
}

/** Installs TypeScript 7 and tsx (what `cdk init app` uses) into .bench/tools, once. */
function cdkInitTools(): { tsc: string; tsx: string; tsconfig: string } {
  const bin = path.join(TOOLS, 'node_modules', '.bin');
  const wanted = Object.entries(CDK_INIT_TOOLS).map(([name, version]) => `${name}@${version}`);
  const stamp = path.join(TOOLS, 'installed.txt');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== wanted.join(' ')) {
    process.stderr.write(`installing ${wanted.join(', ')} into .bench/tools (once)\n`);
    fs.mkdirSync(TOOLS, { recursive: true });
    fs.writeFileSync(path.join(TOOLS, 'package.json'), '{"private":true}\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', TOOLS, ...wanted], { stdio: 'inherit' });
    fs.writeFileSync(stamp, wanted.join(' '));
  }
  // The tsconfig `cdk init app` generates (NodeNext, noEmit, isolatedModules), over this app.
  const tsconfig = path.join(BENCH, 'tsconfig.cdk-init.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['es2022'],
          strict: true,
          noEmit: true,
          isolatedModules: true,
          skipLibCheck: true,
          experimentalDecorators: true,
          strictPropertyInitialization: false,
          typeRoots: [path.join(ROOT, 'node_modules', '@types')],
          types: ['node'],
        },
        include: [path.join(ROOT, 'bin', '**', '*.ts'), path.join(ROOT, 'lib', '**', '*.ts')],
      },
      null,
      2,
    ),
  );
  return { tsc: path.join(bin, 'tsc'), tsx: path.join(bin, 'tsx'), tsconfig };
}

function benchSynth(runs: number): void {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const synth = (name: string, app?: string): Variant => ({
    name,
    command: ['npx', 'cdk', 'synth', '-q', '--no-notices', '-o', path.join(outDir, name.replace(/\W+/g, '-')), ...(app ? ['--app', app] : [])],
  });
  const js = precompile();
  const tools = cdkInitTools();
  const variants = [
    synth('project app (ts-node + swc, cdk.json)'),
    synth('precompiled JavaScript', `node ${js}`),
    synth('cdk init app (tsc 7 check, then tsx)', `${tools.tsc} -p ${tools.tsconfig} && ${tools.tsx} bin/github-oidc-ecr.ts`),
  ];
  try {
    const times = measure(variants, runs);
    report('npx cdk synth (defaults, CloudFormation validation and cdk-nag on)', times, 'precompiled JavaScript');
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

function benchTest(runs: number): void {
  const bin = path.join(ROOT, 'node_modules', '.bin');
  const times = measure(
    [
      { name: 'npm test (tsc 7 --noEmit beside jest)', command: ['npm', 'test', '--silent'] },
      { name: 'tsc --noEmit (TypeScript 7, native)', command: [process.execPath, path.join(ROOT, 'node_modules', 'typescript-native', 'bin', 'tsc'), '--noEmit', '-p', ROOT] },
      { name: 'tsc --noEmit (TypeScript 6)', command: [process.execPath, path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT] },
      { name: 'jest', command: [path.join(bin, 'jest'), '--silent'] },
    ],
    runs,
  );
  report('test suite', times);
}

function main(): void {
  const { runs, only } = parseArgs(process.argv.slice(2));
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`);
  if (only !== 'test') benchSynth(runs);
  if (only !== 'synth') benchTest(Math.max(1, Math.ceil(runs / 2)));
}

try {
  main();
} catch (err) {
  console.error(`bench: ${(err as Error).message}`);
  process.exit(1);
}
