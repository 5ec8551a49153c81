/**
 * `npm run bench -- --only registry`: how `npx cdk synth` grows with the number of repositories
 * (`repositories` with 1, 10, 50 and 150 entries, beside today's single-repository settings),
 * each as a ratio to the single-repository synth, and the cost of each added repository.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { measure, median, Sample, synthVariant } from './measure';

/** The sizes the issue asks for. */
const COUNTS = [1, 10, 50, 150];

const SINGLE = 'one repository (settings as today)';

/** `-c` settings that serve `count` repositories (the top-level names a list may not hold cleared). */
function listOf(count: number): string[] {
  const entries = Array.from({ length: count }, (_, i) => ({ githubRepository: `bench-service-${i + 1}` }));
  return ['-c', 'githubRepository=', '-c', 'ecrRepositoryName=', '-c', `repositories=${JSON.stringify(entries)}`];
}

const seconds = (samples: readonly Sample[], pick: (s: Sample) => number | undefined) => {
  const values = samples.flatMap((s) => {
    const v = pick(s);
    return v === undefined ? [] : [v];
  });
  return values.length ? median(values) : undefined;
};

/** Measures and prints the scaling table. */
export function benchRegistry(runs: number): void {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-registry-'));
  const name = (count: number) => `repositories: ${count}`;
  try {
    const times = measure(
      [synthVariant(SINGLE, outDir), ...COUNTS.map((count) => synthVariant(name(count), outDir, listOf(count)))],
      runs,
    );
    const wall = (n: string) => seconds(times.get(n)!, (s) => s.wall)!;
    const cpu = (n: string) => seconds(times.get(n)!, (s) => s.cpu);
    console.log('\nnpx cdk synth by number of repositories (medians; CloudFormation validation and cdk-nag on)');
    for (const n of [SINGLE, ...COUNTS.map(name)]) {
      const c = cpu(n);
      console.log(
        `  ${n.padEnd(36)} wall ${wall(n).toFixed(2)} s  ${(wall(n) / wall(SINGLE)).toFixed(2)}× one repository` +
          (c === undefined ? '' : `  cpu ${c.toFixed(2)} s  ${(c / cpu(SINGLE)!).toFixed(2)}×`),
      );
    }
    const first = name(COUNTS[0]);
    for (const count of COUNTS.slice(1)) {
      const added = count - COUNTS[0];
      const perWall = ((wall(name(count)) - wall(first)) / added) * 1000;
      const cFirst = cpu(first);
      const cCount = cpu(name(count));
      const perCpu =
        cFirst === undefined || cCount === undefined
          ? ''
          : `, cpu ${(((cCount - cFirst) / added) * 1000).toFixed(1)} ms`;
      console.log(`  each added repository, ${COUNTS[0]} → ${count}: wall ${perWall.toFixed(1)} ms${perCpu}`);
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
