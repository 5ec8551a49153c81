/**
 * The workflow rules, in the order their problems are reported (who reads the list top down
 * meets the triggers first, the build cache last). Every rule file of this folder is listed
 * here: test/workflow/checks/index.test.ts fails for one that is not. A rule about a job runs once
 * per job that assumes the role (`perJob`); `triggers` and `dispatch` judge every deploy job
 * themselves, since what one job leaves unused another may use. The rules about the deploy jobs of
 * cdk.json `deployStages` (push-outputs, stage-*) come last; the push rules do not see those jobs
 * (deploy-workflow.ts lists them apart).
 */
import { actionPins } from './action-pins';
import { cache } from './cache';
import { checkout } from './checkout';
import { concurrency } from './concurrency';
import type { WorkflowRule } from './context';
import { credentials } from './credentials';
import { dispatch } from './dispatch';
import { ecrPermissions } from './ecr-permissions';
import { imageManifest } from './image-manifest';
import { movingTags } from './moving-tags';
import { perJob } from './per-job';
import { permissions } from './permissions';
import { pushOutputs } from './push-outputs';
import { readme } from './readme';
import { repository } from './repository';
import { rerun } from './rerun';
import { runExpressions } from './run-expressions';
import { sessionDuration } from './session-duration';
import { sessionName } from './session-name';
import { stageCredentials } from './stage-credentials';
import { stageEnvironment } from './stage-environment';
import { stageImage } from './stage-image';
import { stageJobs } from './stage-jobs';
import { stageNeeds } from './stage-needs';
import { stagePermissions } from './stage-permissions';
import { stageTemplate } from './stage-template';
import { stageVariables } from './stage-variables';
import { tagPriority } from './tag-priority';
import { tags } from './tags';
import { triggers } from './triggers';
import { variables } from './variables';
import { workflowFile } from './workflow-file';

export type { CheckContext, DeployConfig, DeployVariables, StageVariables, WorkflowRule } from './context';
export { ROLE_ECR_ACTIONS } from './ecr-permissions';

/** Every rule that `checkDeployWorkflow` runs, in order. */
export const DEPLOY_WORKFLOW_RULES: readonly WorkflowRule[] = [
  triggers,
  dispatch,
  workflowFile,
  perJob(permissions),
  perJob(credentials),
  perJob(sessionName),
  perJob(sessionDuration),
  perJob(repository),
  variables,
  readme,
  actionPins,
  runExpressions,
  perJob(checkout),
  concurrency,
  perJob(tags),
  perJob(movingTags),
  perJob(tagPriority),
  perJob(imageManifest),
  perJob(rerun),
  perJob(ecrPermissions),
  perJob(cache),
  pushOutputs,
  stageJobs,
  stageNeeds,
  stageEnvironment,
  stagePermissions,
  stageCredentials,
  stageVariables,
  stageImage,
  stageTemplate,
];
