/**
 * The project's deploy workflow without the stage deploy jobs an adopter's `deployStages` added
 * (`npm run configure` writes one job per stage, docs/ecs-delivery.md). Tests about the push job,
 * and tests that add stage jobs of their own, start from this: with the adopter's jobs left in,
 * they would find jobs of stages their settings do not list, or add a job twice.
 * Every other line, comments included, stays as it is; without stage jobs it is the file itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEPLOY_WORKFLOW_PATH } from '../../lib/workflow/deploy-workflow';
import { isStageJob } from '../../lib/workflow/stage-job';
import { parseWorkflow } from '../../lib/workflow/workflow-document';

const REPO_ROOT = path.join(__dirname, '..', '..');

/** The checked-in deploy workflow (the adopter's, after `npm run configure`). */
export function projectWorkflow(): string {
  return fs.readFileSync(path.join(REPO_ROOT, DEPLOY_WORKFLOW_PATH), 'utf8');
}

/** The checked-in deploy workflow with its stage jobs cut out. */
export function projectWorkflowWithoutStages(): string {
  return withoutStageJobs(projectWorkflow(), DEPLOY_WORKFLOW_PATH);
}

/**
 * `text` with the lines of every stage job cut out (from its key to the next job, or to the end of
 * `jobs:`, leaving the blank lines and comments that lead the next job), and the blank lines just
 * before each.
 */
export function withoutStageJobs(text: string, file: string): string {
  const jobs = [...parseWorkflow(text, file).jobs].sort((a, b) => a.line - b.line);
  const lines = text.split('\n');
  const drop = new Set<number>(); // 0-based line indexes
  jobs.forEach((job, i) => {
    if (!isStageJob(job)) return;
    const start = job.line - 1;
    let end = i + 1 < jobs.length ? jobs[i + 1].line - 1 : endOfJobs(lines, start);
    // Blank lines and comments at the key's indentation before the next job are the next job's.
    const indent = lines[start].length - lines[start].trimStart().length;
    while (end > start + 1 && leadsNextJob(lines[end - 1], indent)) end--;
    for (let l = start; l < end; l++) drop.add(l);
    for (let l = start - 1; l >= 0 && lines[l].trim() === ''; l--) drop.add(l);
  });
  if (drop.size === 0) return text;
  const kept = lines.filter((_, l) => !drop.has(l));
  const body = kept.join('\n').replace(/\n+$/, '');
  return text.endsWith('\n') ? `${body}\n` : body;
}

/** Index of the first line after `start` that is a top-level key (the end of `jobs:`), else the end. */
function endOfJobs(lines: readonly string[], start: number): number {
  for (let l = start + 1; l < lines.length; l++) if (/^[^\s#]/.test(lines[l])) return l;
  return lines.length;
}

function leadsNextJob(line: string, indent: number): boolean {
  const trimmed = line.trimStart();
  return trimmed === '' || (trimmed.startsWith('#') && line.length - trimmed.length <= indent);
}
