/**
 * Rule `repository` (and `ecr-login`, `tags`, `build`): the image reaches the ECR repository the
 * stack created. The job logs in to ECR, names the image after the repository variable the
 * stack's output fills in (so a renamed repository follows), and pushes what it builds.
 */
import { dependsOnVariable } from '../deploy-workflow';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Checks the ECR login, metadata and build-push steps of the deploy job. */
export function repository({ workflow, variables }: CheckContext): WorkflowProblem[] {
  const path = workflow.path;
  const variable = variables.repositoryName;
  const problems: WorkflowProblem[] = [];
  if (!workflow.ecrLoginStep) {
    problems.push({
      check: 'ecr-login',
      severity: 'error',
      fix: ['workflow'],
      message: `no step of ${path} uses aws-actions/amazon-ecr-login, so docker cannot push to ECR: add it after configure-aws-credentials.`,
    });
  }
  const meta = workflow.metadataStep;
  if (!meta) {
    problems.push({
      check: 'tags',
      severity: 'error',
      fix: ['workflow'],
      message: `no step of ${path} uses docker/metadata-action, so the image gets neither its commit tag nor its OCI labels: add it.`,
    });
    return problems;
  }
  const images = meta.with.images ?? '';
  if (!dependsOnVariable(images, variable.variable, workflow.job)) {
    problems.push({
      check: 'repository',
      severity: 'error',
      fix: ['workflow'],
      message: `docker/metadata-action images is "${images}", which does not come from vars.${variable.variable} (stack output ${variable.output}): build it as <ECR registry>/\${{ vars.${variable.variable} }} in ${path}.`,
      line: meta.line,
    });
  }
  const build = workflow.buildStep;
  if (!build) {
    problems.push({
      check: 'build',
      severity: 'error',
      fix: ['workflow'],
      message: `no step of ${path} uses docker/build-push-action: add it with push: true and tags: \${{ steps.${meta.id ?? 'meta'}.outputs.tags }}.`,
    });
  } else if (build.with.push !== 'true') {
    problems.push({
      check: 'build',
      severity: 'error',
      fix: ['workflow'],
      message: `docker/build-push-action does not set push: true, so nothing reaches ECR: set it in ${path}.`,
      line: build.line,
    });
  }
  return problems;
}
