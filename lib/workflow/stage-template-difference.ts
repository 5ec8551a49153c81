/**
 * How a stage's deploy job differs from the template (lib/workflow/stage-deploy-job.ts renders
 * it): the first job key or step that is not as rendered, in words. `needs:` and `environment:`
 * are left out (the stage-needs and stage-environment rules judge them, and configure rewrites
 * them); the order of a mapping's keys does not count.
 */
import { parse } from 'yaml';
import { renderStageDeployJob, stageJobId, type StageJobStage } from './stage-deploy-job';
import type { WorkflowJob } from './workflow-document';

/** Job keys compared elsewhere (steps one by one, below). */
const NOT_COMPARED = ['needs', 'environment', 'steps'];

/**
 * Where `job` first differs from the template rendered for `stage` (after `previous`), e.g.
 * `at step 4 "Update the services" (its run differs)`; undefined when it does not.
 */
export function templateDifference(job: WorkflowJob, stage: StageJobStage, previous?: string): string | undefined {
  const rendered = parse(renderStageDeployJob(stage, previous)) as Record<string, Record<string, unknown>>;
  return firstDifference(job.json, rendered[stageJobId(stage.name)]);
}

/** Where the job first differs from the template, in words; undefined when it does not. */
function firstDifference(
  actual: Readonly<Record<string, unknown>>,
  expected: Record<string, unknown>,
): string | undefined {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter(
    (k) => !NOT_COMPARED.includes(k),
  );
  for (const key of keys) {
    if (!same(actual[key], expected[key])) {
      return `at its "${key}:" (${key in actual ? (key in expected ? 'changed' : 'added') : 'removed'})`;
    }
  }
  const steps = Array.isArray(actual.steps) ? (actual.steps as unknown[]) : [];
  const want = expected.steps as Record<string, unknown>[];
  for (let i = 0; i < Math.max(steps.length, want.length); i++) {
    if (same(steps[i], want[i])) continue;
    const step = steps[i] as Record<string, unknown> | undefined;
    const label = (s: Record<string, unknown> | undefined) => `step ${i + 1}${s?.name ? ` "${String(s.name)}"` : ''}`;
    if (step === undefined) return `at ${label(want[i])}, which the job lacks`;
    if (want[i] === undefined) return `at ${label(step)}, which the template does not have`;
    const fields = [...new Set([...Object.keys(step), ...Object.keys(want[i])])].filter(
      (k) => !same(step[k], want[i][k]),
    );
    return `at ${label(step)} (its ${fields.join(', ')} ${fields.length > 1 ? 'differ' : 'differs'})`;
  }
  return undefined;
}

/** Equal as data: the order of a mapping's keys does not count. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  );
}
