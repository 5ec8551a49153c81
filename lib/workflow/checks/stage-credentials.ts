/**
 * Rule `stage-credentials` (and `stage-role`, `stage-region`): a stage job assumes its stage's
 * deploy role from the variables of its GitHub environment (`vars.AWS_ROLE_ARN`,
 * `vars.AWS_REGION`, set per environment from the stage stack's outputs), never from a value
 * written into the file, with a session named after the run and no longer than the role allows
 * (the `session-name` and `session-duration` rules, on the stage job).
 */
import type { GitHubVariable } from '../../stack/github-variables';
import { deployJobSteps } from '../deploy-job';
import { expressionsIn, variablesReadIn } from '../expressions';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { sessionDuration } from './session-duration';
import { sessionName } from './session-name';
import { stagesWithJobs } from './shared';

/** Checks the configure-aws-credentials step of each stage job. */
export function stageCredentials(context: CheckContext): WorkflowProblem[] {
  const { workflow, stageVariables } = context;
  const path = workflow.path;
  const problems: WorkflowProblem[] = [];
  for (const { stage, job } of stagesWithJobs(context)) {
    if (!job) continue;
    const step = job.credentialsStep;
    for (const [check, input, variable] of [
      ['stage-role', 'role-to-assume', stageVariables.roleArn],
      ['stage-region', 'aws-region', stageVariables.region],
    ] as const) {
      const value = step.with[input];
      if (readsExactly(value, variable)) continue;
      problems.push({
        check,
        severity: 'error',
        fix: ['workflow'],
        message: `job "${job.id}" has ${input} ${value === undefined ? 'not set' : `"${value}"`}: set it to \${{ vars.${variable.variable} }}, which environment "${stage.environment}" sets for the stage (stage stack output ${variable.output}; npm run github-setup sets it), in ${path} (or remove the job and run npm run configure, which writes it from the template).`,
        line: step.line,
      });
    }
    const view = { ...workflow, ...deployJobSteps(job.job), job: job.job };
    for (const problem of [
      ...sessionName({ ...context, workflow: view }),
      ...sessionDuration({ ...context, workflow: view }),
    ]) {
      const message = problem.message.includes(`job "${job.id}"`)
        ? problem.message
        : `job "${job.id}": ${problem.message}`;
      problems.push({ ...problem, message: `${message} (The template's: remove the job and run npm run configure.)` });
    }
  }
  return problems;
}

/** True when `value` is exactly `${{ vars.NAME }}` for the variable. */
function readsExactly(value: string | undefined, variable: GitHubVariable): boolean {
  const v = value?.trim();
  return (
    v !== undefined &&
    expressionsIn(v).length === 1 &&
    v.startsWith('${{') &&
    v.endsWith('}}') &&
    variablesReadIn(v).join() === variable.variable
  );
}
