/**
 * Rule `stage-environment`: each stage job names exactly its stage's GitHub environment (cdk.json
 * deployStages[].environment). The stage role trusts only that environment's jobs, the
 * environment's protection rules (reviewers, branches) guard the stage, and its environment-scoped
 * variables (AWS_ROLE_ARN, …) are what the job reads: without it, the job reads the repository's
 * variables, which are the push role's.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stagesWithJobs } from './shared';

/** Checks `environment:` of each stage job. */
export function stageEnvironment(context: CheckContext): WorkflowProblem[] {
  const path = context.workflow.path;
  const problems: WorkflowProblem[] = [];
  for (const { stage, index, job } of stagesWithJobs(context)) {
    if (!job) continue;
    const env = job.environment;
    if (env.kind === 'literal' && env.name === stage.environment) continue;
    const written =
      env.kind === 'none'
        ? `names no environment, so it reads the repository's variables (vars.AWS_ROLE_ARN is the push role's) instead of environment "${stage.environment}"'s, and no environment protection rule guards the stage`
        : env.kind === 'literal'
          ? `runs in environment "${env.name}"`
          : `picks its environment with "${env.text}"`;
    problems.push({
      check: 'stage-environment',
      severity: 'error',
      fix: ['workflow', 'cdk-config'],
      message: `job "${job.id}" ${written}, but stage "${stage.name}" is environment "${stage.environment}" (cdk.json deployStages[${index}].environment), the only one its role trusts: set environment: ${JSON.stringify(stage.environment)} on the job in ${path} (npm run configure sets it).`,
      line: job.job.line,
    });
  }
  return problems;
}
