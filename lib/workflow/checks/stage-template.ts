/**
 * Rule `stage-template`: a stage job that differs from the template (what `npm run configure`
 * writes for its stage) is reported as a warning naming the first difference, so a customised job
 * is visible rather than silently taken for the checked one. Its `needs:` and `environment:` are
 * the `stage-needs` and `stage-environment` rules'; everything else is compared as written.
 */
import { parse } from 'yaml';
import { renderStageDeployJob, stageJobId, STAGE_TEMPLATE_PATH } from '../stage-deploy-job';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stagesWithJobs } from './shared';

/** Job keys other rules judge. */
const JUDGED_ELSEWHERE = ['needs', 'environment', 'steps'];

/** Compares each stage job with the template rendered for its stage. */
export function stageTemplate(context: CheckContext): WorkflowProblem[] {
  const path = context.workflow.path;
  const problems: WorkflowProblem[] = [];
  for (const { stage, index, job } of stagesWithJobs(context)) {
    if (!job) continue;
    const rendered = parse(renderStageDeployJob(stage, context.stages[index - 1]?.name)) as Record<
      string,
      Record<string, unknown>
    >;
    const expected = rendered[stageJobId(stage.name)];
    const difference = firstDifference(job.job.json, expected);
    if (difference === undefined) continue;
    problems.push({
      check: 'stage-template',
      severity: 'warning',
      fix: ['workflow'],
      message: `job "${job.id}" differs from the template (${STAGE_TEMPLATE_PATH}) ${difference}: a customised job is not what these checks and the e2e rehearsal know to work, so review it yourself; to go back to the template, remove the job from ${path} and run npm run configure.`,
      line: job.job.line,
    });
  }
  return problems;
}

/** Where the job first differs from the template, in words; undefined when it does not. */
function firstDifference(
  actual: Readonly<Record<string, unknown>>,
  expected: Record<string, unknown>,
): string | undefined {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter(
    (k) => !JUDGED_ELSEWHERE.includes(k),
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
