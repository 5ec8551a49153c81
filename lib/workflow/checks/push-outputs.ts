/**
 * Rule `push-outputs`: with cdk.json `deployStages`, the job that pushes the image is `push-image`
 * (the stage jobs read `needs.push-image.outputs`) and gives two job outputs: `image`, the
 * repository's address without a tag (REGISTRY/REPOSITORY, from the repository variable), and
 * `digest`, the pushed manifest's (from the build, or from the image lookup when a re-run finds
 * the commit's image already in ECR and skips the build). Without stages there is nothing to
 * check.
 */
import { dependsOnVariable } from '../deploy-workflow';
import { hasExpression, stepOutputsReadIn } from '../expressions';
import { pushOutputsOf } from '../push-job-outputs';
import { PUSH_JOB_ID } from '../stage-deploy-job';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stepLabel } from './shared';

/** Checks the push job's id and its `outputs:` image and digest. */
export function pushOutputs({ workflow, stages, variables }: CheckContext): WorkflowProblem[] {
  if (stages.length === 0) return [];
  const path = workflow.path;
  const problems: WorkflowProblem[] = [];
  const report = (message: string, line?: number) =>
    problems.push({ check: 'push-outputs', severity: 'error', fix: ['workflow'], message, line });
  const push = workflow.deployJobs.find((j) => j.id === PUSH_JOB_ID);
  if (!push) {
    const ids = workflow.deployJobs.map((j) => `"${j.id}"`).join(', ');
    report(
      `cdk.json deployStages deploys the image of job "${PUSH_JOB_ID}" (the stage jobs read needs.${PUSH_JOB_ID}.outputs), but ${path} has no such job that pushes${ids ? ` (the push job is ${ids})` : ''}: give the job that pushes the image the id ${PUSH_JOB_ID} in ${path}, then run npm run configure to add the stage jobs' needs on it.`,
    );
    return problems;
  }
  const outputs = push.job.outputs;
  const build = push.buildStep;
  const lookup = push.imageLookupStep;
  const written = pushOutputsOf(push);
  const suggestion = {
    image: written.image ?? `<ECR registry>/\${{ vars.${variables.repositoryName.variable} }}`,
    digest: written.digest ?? '${{ steps.<build id>.outputs.digest || steps.<lookup id>.outputs.digest }}',
  };
  const image = outputs.image;
  if (image === undefined) {
    report(
      `job "${PUSH_JOB_ID}" has no output "image", so the stage jobs get no image to deploy: add "outputs: { image: ${suggestion.image} }" to the job in ${path} (npm run configure adds it).`,
      push.job.line,
    );
  } else if (
    !dependsOnVariable(image, variables.repositoryName.variable, push.job) ||
    /[:@]/.test(image.replace(/\$\{\{[\s\S]*?\}\}/g, '')) ||
    stepOutputsReadIn(image).some((o) => o.output === 'tags')
  ) {
    report(
      `job "${PUSH_JOB_ID}" output image is "${image}": it must be the repository's address without a tag or digest (REGISTRY/REPOSITORY, from vars.${variables.repositoryName.variable}), e.g. ${suggestion.image}, in ${path} (npm run configure adds this output only when it is missing).`,
      push.job.line,
    );
  }
  const digest = outputs.digest;
  if (digest === undefined || !hasExpression(digest)) {
    report(
      `job "${PUSH_JOB_ID}" has ${digest === undefined ? 'no output "digest"' : `output digest "${digest}", a fixed text`}, so the stage jobs cannot deploy the pushed image by digest: add "digest: ${suggestion.digest}" to the job's outputs in ${path} (npm run configure adds it when it is missing).`,
      push.job.line,
    );
    return problems;
  }
  const reads = stepOutputsReadIn(digest);
  for (const step of [build, lookup]) {
    if (!step) continue;
    if (reads.some((o) => o.step === step.id && (o.output === 'digest' || o.output === '*'))) continue;
    const why =
      step === build
        ? 'the digest of the image it builds'
        : 'the digest found when a re-run skips the build (the stage jobs would get none)';
    report(
      `job "${PUSH_JOB_ID}" output digest ("${digest}") does not read ${why}, from step "${stepLabel(step)}"${step.id === undefined ? ' (give the step an id)' : ''}: set it to ${suggestion.digest} in ${path} (npm run configure adds this output only when it is missing).`,
      push.job.line,
    );
  }
  return problems;
}
