/**
 * `npm run bench`: measures what users wait for all day and prints medians.
 *
 *  synth  `npx cdk synth` on the defaults in cdk.json, four ways:
 *         - this project's app command (ts-node with its swc transpiler, no type-check);
 *         - the same app pre-compiled to JavaScript (the floor: no TypeScript work at all);
 *         - the app command with two V8 flags (an opt-in, docs/development.md: what they save here);
 *         - what `cdk init app` generates today: type-check with TypeScript 7, then run with tsx
 *           (installed once into .bench/tools from the npm registry).
 *  test   `npm test` as a whole, one test file, and its two halves: `tsc --noEmit` and `jest`.
 *
 * Variants run interleaved (round-robin) so drift in machine load hits all of them alike.
 *  registry  `npx cdk synth` with 1, 10, 50 and 150 repositories (scripts/bench/registry.ts).
 * Usage: npm run bench [-- --runs N] [-- --only synth|test|registry]
 */
import { execFileSync } from 'child_process';
import { measure, report, ROOT, synthVariant } from './bench/measure';
import { benchRegistry } from './bench/registry';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const BENCH = path.join(ROOT, '.bench');
const TOOLS = path.join(BENCH, 'tools');
const CDK_INIT_TOOLS = { typescript: '7.0.2', tsx: '4.23.15' };
/** V8 flags that cut the CPU of CDK's WebAssembly validator on a 2-core machine (docs/development.md). */
const V8_FLAGS = '--liftoff-only --single-threaded-gc';

function parseArgs(argv: string[]): { runs: number; only?: string } {
  let runs = 5;
  let only: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (argv[i] === '--only') only = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (use --runs N, --only synth|test|registry)`);
  }
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1');
  if (only !== undefined && !['synth', 'test', 'registry'].includes(only)) {
    throw new Error('--only takes synth, test or registry');
  }
  return { runs, only };
}

/** Compiles the app to JavaScript under .bench/dist, where node_modules still resolves. */
function precompile(): string {
  const outDir = path.join(BENCH, 'dist');
  fs.rmSync(outDir, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript-native', 'bin', 'tsc'), '-p', ROOT, '--outDir', outDir],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
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
  const synth = (name: string, app?: string) => synthVariant(name, outDir, app ? ['--app', app] : []);
  const js = precompile();
  const tools = cdkInitTools();
  // V8 flags that cut the CPU of CDK's WebAssembly validator on a 2-core machine
  // (docs/development.md); an opt-in, measured here, not in cdk.json.
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')).app as string;
  if (!app.startsWith('node ')) throw new Error(`cdk.json's app does not start with "node ": ${app}`);
  const variants = [
    synth('project app (cdk.json: ts-node + swc)'),
    synth('precompiled JavaScript', `node ${js}`),
    synth(`project app + ${V8_FLAGS} (opt-in)`, app.replace(/^node /, `node ${V8_FLAGS} `)),
    synth(
      'cdk init app (tsc 7 check, then tsx)',
      `${tools.tsc} -p ${tools.tsconfig} && ${tools.tsx} bin/github-oidc-ecr.ts`,
    ),
  ];
  try {
    const times = measure(variants, runs);
    report('npx cdk synth (defaults, CloudFormation validation and cdk-nag on)', times, 'precompiled JavaScript');
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

function benchTest(runs: number): void {
  const modules = path.join(ROOT, 'node_modules');
  const jest = [process.execPath, path.join(modules, 'jest', 'bin', 'jest.js'), '--silent'];
  const times = measure(
    [
      { name: 'npm test (tsc 7 --noEmit beside jest)', command: ['npm', 'test', '--silent'] },
      {
        name: 'npm test -- test/stack/config.test.ts (one suite)',
        command: ['npm', 'test', '--silent', '--', 'test/stack/config.test.ts'],
      },
      // The two halves as scripts/test.sh runs them.
      {
        name: 'tsc --noEmit (TypeScript 7, --singleThreaded)',
        command: [
          process.execPath,
          path.join(modules, 'typescript-native', 'bin', 'tsc'),
          '--noEmit',
          '-p',
          ROOT,
          '--singleThreaded',
        ],
      },
      {
        name: 'tsc --noEmit (TypeScript 6, for comparison)',
        command: [process.execPath, path.join(modules, 'typescript', 'bin', 'tsc'), '--noEmit', '-p', ROOT],
      },
      { name: 'jest', command: jest },
    ],
    runs,
  );
  report(`test suite (${os.availableParallelism?.() ?? os.cpus().length} cores)`, times);
}

function main(): void {
  const { runs, only } = parseArgs(process.argv.slice(2));
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load ${os.loadavg()[0].toFixed(2)}`,
  );
  if (only === undefined || only === 'synth') benchSynth(runs);
  if (only === undefined || only === 'registry') benchRegistry(runs);
  if (only === undefined || only === 'test') benchTest(Math.max(1, Math.ceil(runs / 2)));
}

try {
  main();
} catch (err) {
  console.error(`bench: ${(err as Error).message}`);
  process.exit(1);
}
