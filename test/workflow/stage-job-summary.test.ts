/**
 * The stage deploy job's summary when the job stops part-way: the "Update the services" and
 * "Job summary" steps of lib/workflow/stage-deploy-job.template.yml run as GitHub runs them
 * (bash -e -o pipefail), with an `aws` on PATH that answers update-service for one service and
 * refuses the other. A service whose rollout was started must never be reported as not updated.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { renderStageDeployJob } from '../../lib/workflow/stage-deploy-job';

type Step = { name: string; run?: string };
const job = (
  parse(renderStageDeployJob({ name: 'staging', environment: 'staging' })) as Record<string, { steps: Step[] }>
)['deploy-staging'];
const script = (name: string): string => {
  const step = job.steps.find((s) => s.name === name);
  if (!step?.run) throw new Error(`no run: step "${name}" in the template`);
  return step.run;
};

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app';
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const TD = (family: string) => `arn:aws:ecs:eu-west-1:222222222222:task-definition/${family}:8`;

/** update-service starts deployment ecs-svc/111 for web, and is refused for worker. */
const FAKE_AWS = `#!/bin/bash
case " $* " in
  *" update-service "*"--service web "*) echo ecs-svc/111 ;;
  *" update-service "*) echo "An error occurred (AccessDeniedException) when calling the UpdateService operation" >&2; exit 254 ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stage-summary-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'aws'), FAKE_AWS, { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'temp', 'ecs-deploy'), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function runStep(name: string, env: Record<string, string>) {
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script(name)], {
    encoding: 'utf8',
    env: {
      PATH: `${path.join(dir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      RUNNER_TEMP: path.join(dir, 'temp'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
      ...env,
    },
  });
}
const summary = () => fs.readFileSync(path.join(dir, 'summary.md'), 'utf8');
const summaryEnv = { IMAGE, DIGEST, CLUSTER: 'apps', ENVIRONMENT: 'staging' };

test('update-service refused for the second service: the summary still shows the rollout started for the first', () => {
  // What "Register task definitions with the new image" leaves for two services.
  fs.writeFileSync(
    path.join(dir, 'temp', 'ecs-deploy', 'registered.tsv'),
    `web\t${TD('web')}\nworker\t${TD('worker')}\n`,
  );
  const update = runStep('Update the services', { CLUSTER: 'apps' });
  expect(update.status).not.toBe(0);
  expect(update.stdout).toContain('web: deployment ecs-svc/111');

  // The wait step is skipped after a failed step; the summary runs (if: always()).
  const done = runStep('Job summary', summaryEnv);
  expect(done.status).toBe(0);
  const text = summary();
  expect(text).not.toContain('No service was updated');
  expect(text).toMatch(/\| `web` \| `web:8` \| [^|\n]*ecs-svc\/111[^|\n]*not known[^|\n]* \|/);
  expect(text).toMatch(/\| `worker` \| `worker:8` \| not updated[^|\n]* \|/);
});

test('nothing registered: the summary says no service was updated', () => {
  const done = runStep('Job summary', summaryEnv);
  expect(done.status).toBe(0);
  expect(summary()).toContain('No service was updated');
});

test('every service followed to the end: one row each with its outcome', () => {
  const work = path.join(dir, 'temp', 'ecs-deploy');
  fs.writeFileSync(path.join(work, 'registered.tsv'), `web\t${TD('web')}\nworker\t${TD('worker')}\n`);
  fs.writeFileSync(
    path.join(work, 'updated.tsv'),
    `web\t${TD('web')}\tecs-svc/1\nworker\t${TD('worker')}\tecs-svc/2\n`,
  );
  fs.writeFileSync(
    path.join(work, 'outcome.tsv'),
    `worker\t${TD('worker')}\tfailed: circuit breaker\nweb\t${TD('web')}\tstable\n`,
  );
  expect(runStep('Job summary', summaryEnv).status).toBe(0);
  const rows = summary()
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .sort();
  expect(rows).toEqual(['| `web` | `web:8` | stable |', '| `worker` | `worker:8` | failed: circuit breaker |']);
});
