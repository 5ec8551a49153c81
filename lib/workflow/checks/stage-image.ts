/**
 * Rule `stage-image`: a stage job deploys the image the push job just pushed, by digest: it reads
 * `needs.push-image.outputs.image` and `.digest` and names the image as IMAGE@DIGEST, never
 * IMAGE:TAG. A tag can be moved or pushed again elsewhere; the digest is the image that was built,
 * and the one the stage before ran.
 */
import { PUSH_JOB_ID } from '../stage-deploy-job';
import { jobInputs, pushOutputsReadIn, type StageJob } from '../stage-job';
import type { WorkflowStep } from '../workflow-document';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stagesWithJobs, stepLabel } from './shared';

/** The push job's outputs a stage job deploys. */
const OUTPUTS = ['image', 'digest'];

/** Checks what each stage job reads of the push job and how it names the image. */
export function stageImage(context: CheckContext): WorkflowProblem[] {
  const path = context.workflow.path;
  const problems: WorkflowProblem[] = [];
  for (const { job } of stagesWithJobs(context)) {
    if (!job) continue;
    const report = (message: string, line = job.job.line) =>
      problems.push({ check: 'stage-image', severity: 'error', fix: ['workflow'], message, line });
    const read = new Set(jobInputs(job.job).flatMap(pushOutputsReadIn));
    for (const output of OUTPUTS.filter((o) => !read.has(o))) {
      report(
        `job "${job.id}" does not read needs.${PUSH_JOB_ID}.outputs.${output}, so it cannot deploy the pushed image by digest (IMAGE@DIGEST): pass both image and digest to its steps through env: in ${path}, as the template does (npm run configure writes it).`,
      );
    }
    for (const output of [...read].filter((o) => !OUTPUTS.includes(o)).sort()) {
      report(
        `job "${job.id}" reads needs.${PUSH_JOB_ID}.outputs.${output}: a stage deploys the pushed image by digest, from the outputs image and digest only (never a tag): stop reading it in ${path} (or remove the job and run npm run configure, which writes it from the template).`,
      );
    }
    for (const { step, where } of taggedImages(job)) {
      report(
        `job "${job.id}" step "${stepLabel(step)}" names the image by tag (${where}), which can be moved or pushed again: name it as IMAGE@DIGEST from needs.${PUSH_JOB_ID}.outputs.image and .digest in ${path} (or remove the job and run npm run configure, which writes it from the template).`,
        step.line,
      );
    }
  }
  return problems;
}

/** Where a step writes the push job's image followed by `:` (a tag): in a `with:` input or its script. */
function taggedImages(job: StageJob): { step: WorkflowStep; where: string }[] {
  const found: { step: WorkflowStep; where: string }[] = [];
  const imageIn = (text: string) => pushOutputsReadIn(text).includes('image');
  const jobImageVars = Object.entries(job.job.env)
    .filter(([, v]) => imageIn(v))
    .map(([k]) => k);
  for (const step of job.job.steps) {
    for (const [input, value] of Object.entries(step.with)) {
      if (/outputs(?:\.image|\[['"]image['"]\])\s*\}\}:/.test(value))
        found.push({ step, where: `with.${input}: ${value}` });
    }
    const script = step.run?.script ?? '';
    const vars = [
      ...jobImageVars.filter((k) => step.env[k] === undefined),
      ...Object.entries(step.env)
        .filter(([, v]) => imageIn(v))
        .map(([k]) => k),
    ];
    for (const name of vars) {
      const m = new RegExp(`\\$(?:\\{${name}\\}|${name}\\b):`).exec(script);
      if (m) found.push({ step, where: `"${m[0]}" in run:` });
    }
  }
  return found;
}
