/**
 * Rule `rerun`: a re-run, or a manual run of a commit already pushed, must not build and push
 * again: the SHA tag is immutable and a new build differs (its created label), so ECR refuses
 * the push. The job looks the commit's tag up first, with credentials, and skips the build when
 * it is found.
 */
import { contextPathsIn, stepOutputsReadIn } from '../expressions';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stepLabel } from './shared';

/** Checks the image lookup step and the build step's condition on it. */
export function rerun({ workflow }: CheckContext): WorkflowProblem[] {
  const build = workflow.buildStep;
  if (!build || !workflow.job) return [];
  const path = workflow.path;
  const lookup = workflow.imageLookupStep;
  if (!lookup) {
    return [
      {
        check: 'rerun',
        severity: 'error',
        fix: ['workflow'],
        message: `nothing in ${path} checks whether the commit's image is already in ECR before docker/build-push-action, so "Re-run jobs" or a manual run of a pushed commit rebuilds it and fails with ImageTagAlreadyExistsException (the SHA tag is immutable and every build differs): add a step that looks the tag up (aws ecr batch-get-image --image-ids imageTag=<SHA>; the role has ecr:BatchGetImage, not ecr:DescribeImages) and skip the build when it is found, in ${path}.`,
        line: build.line,
      },
    ];
  }
  const problems: WorkflowProblem[] = [];
  const credentials = workflow.credentialsStep;
  if (credentials && lookup.index < credentials.index) {
    problems.push({
      check: 'rerun',
      severity: 'error',
      fix: ['workflow'],
      message: `step "${stepLabel(lookup)}" looks the image up before configure-aws-credentials, without AWS credentials: move it after "${credentials.name ?? 'Assume the deploy role'}" in ${path}.`,
      line: lookup.line,
    });
  }
  const readsSha = [...Object.values(lookup.env), lookup.run?.script ?? ''].some((text) =>
    contextPathsIn(text).includes('github.sha'),
  );
  if (!readsSha) {
    problems.push({
      check: 'rerun',
      severity: 'error',
      fix: ['workflow'],
      message: `step "${stepLabel(lookup)}" does not look up the commit's own tag: pass \${{ github.sha }} to it through env: in ${path}.`,
      line: lookup.line,
    });
  }
  const gated =
    lookup.id !== undefined && stepOutputsReadIn(`\${{ ${build.if ?? ''} }}`).some((o) => o.step === lookup.id);
  if (!gated) {
    problems.push({
      check: 'rerun',
      severity: 'error',
      fix: ['workflow'],
      message: `docker/build-push-action runs whether or not step "${stepLabel(lookup)}" found the image, so a re-run still fails with ImageTagAlreadyExistsException: give the lookup an id and the build step "if: steps.<id>.outputs.<found> != 'true'" in ${path}.`,
      line: build.line,
    });
  }
  return problems;
}
