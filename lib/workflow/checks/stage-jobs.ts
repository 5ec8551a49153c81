/**
 * Rule `stage-jobs`: the workflow has one deploy job `deploy-NAME` per stage of cdk.json
 * `deployStages`, and no job that deploys to ECS for a stage that is not listed (a stage role
 * trusts only its own environment's jobs; a job left behind deploys nowhere it should). Without
 * deployStages and without stage jobs there is nothing to report.
 */
import { stageJobId, STAGE_TEMPLATE_PATH } from '../stage-deploy-job';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { listOr, stagesWithJobs } from './shared';

/** Compares the stage jobs of the workflow with cdk.json deployStages. */
export function stageJobs(context: CheckContext): WorkflowProblem[] {
  const { workflow, stages } = context;
  const path = workflow.path;
  const problems: WorkflowProblem[] = [];
  const report = (message: string, line?: number, fix: WorkflowProblem['fix'] = ['workflow']) =>
    problems.push({ check: 'stage-jobs', severity: 'error', fix, message, line });
  for (const { stage, index, job } of stagesWithJobs(context)) {
    if (job) continue;
    const id = stageJobId(stage.name);
    const other = workflow.document.jobs.find((j) => j.id === id);
    if (other === undefined) {
      report(
        `cdk.json deployStages[${index}] is stage "${stage.name}" but ${path} has no job "${id}" to deploy it: run npm run configure, which adds it from ${STAGE_TEMPLATE_PATH}.`,
      );
    } else {
      report(
        `job "${id}" is the job of stage "${stage.name}" (cdk.json deployStages[${index}]) but does not deploy it: a stage job assumes the stage's role with configure-aws-credentials, rolls the pushed image out to ECS and pushes nothing. Remove the job from ${path} and run npm run configure, which writes it from ${STAGE_TEMPLATE_PATH}.`,
        other.line,
      );
    }
  }
  const names = stages.map((s) => s.name);
  for (const job of workflow.stageJobs) {
    if (job.stage !== undefined && names.includes(job.stage)) continue;
    report(
      job.stage === undefined
        ? `job "${job.id}" assumes a role and deploys to ECS without pushing, like a stage's deploy job, but is not named deploy-STAGE for a stage of cdk.json deployStages (${listOr(names, 'none listed')}): name it after its stage, or remove it from ${path}.`
        : `job "${job.id}" deploys stage "${job.stage}", which cdk.json deployStages does not list (${listOr(names, 'none listed')}): remove the job from ${path} (npm run configure removes it when it is as the template wrote it), or add the stage to deployStages in cdk.json.`,
      job.job.line,
      ['workflow', 'cdk-config'],
    );
  }
  return problems;
}
