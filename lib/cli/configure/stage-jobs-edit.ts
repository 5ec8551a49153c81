/**
 * Brings the deploy jobs of cdk.json `deployStages` in step, on the workflow's YAML Document (so
 * every comment of the rest of the file stays): adds the job of a stage that has none, rendered
 * from the template (lib/workflow/stage-deploy-job.ts); sets `needs:` and `environment:` of the
 * jobs already there (and the environment name the template's steps print), keeping whatever else
 * a person changed; removes the job of a stage no longer listed, but only when it is as the
 * template wrote it; keeps the stage jobs in promotion order; and gives the push job its `image`
 * and `digest` outputs where they are missing. Without stages and stage jobs it changes nothing.
 */
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { parseDeployWorkflow, type DeployWorkflow } from '../../workflow/deploy-workflow';
import { pushOutputsOf } from '../../workflow/push-job-outputs';
import {
  PUSH_JOB_ID,
  renderStageDeployJob,
  stageJobId,
  stageJobNeeds,
  type StageJobStage,
} from '../../workflow/stage-deploy-job';
import { templateDifference } from '../../workflow/stage-template-difference';
import type { WorkflowJob } from '../../workflow/workflow-document';
import { WorkflowEditError } from './workflow-edit-error';

/** What changed, and where the caller's "nothing else changed" check must look away. */
export interface StageJobsEdit {
  /** Paths set (`jobs.deploy-production.needs`), or what was done in words (`added job "deploy-staging" …`). */
  readonly changed: readonly string[];
  /** Paths whose values changed (left out when the rest of the file is compared). */
  readonly edited: readonly (readonly (string | number)[])[];
  /** Jobs added, removed or moved: left out, comments included, when the rest is compared. */
  readonly jobs: readonly string[];
}

/** The environment name the template's steps print (env `ENVIRONMENT`). */
const ENVIRONMENT_ENV = 'ENVIRONMENT';

/** Edits `doc` (parsed from `text`) so its stage jobs follow `stages`. */
export function editStageJobs(
  doc: Document,
  text: string,
  path: string,
  stages: readonly StageJobStage[],
): StageJobsEdit {
  const wf = parseDeployWorkflow(text, path);
  const jobsNode = doc.get('jobs', true);
  if (!isMap(jobsNode)) throw new WorkflowEditError(`${path}: expected a "jobs:" mapping`);
  const edit = { changed: [] as string[], edited: [] as (string | number)[][], jobs: [] as string[] };
  removeUnlisted(jobsNode, wf, path, stages, edit);
  stages.forEach((stage, i) => {
    const id = stageJobId(stage.name);
    const previous = stages[i - 1]?.name;
    const existing = wf.document.jobs.find((j) => j.id === id);
    if (existing === undefined) {
      insertJob(jobsNode, stages, i, renderedPair(stage, previous));
      edit.changed.push(`added job "${id}" for stage ${stage.name} (from the template)`);
      edit.jobs.push(id);
    } else if (!wf.stageJobs.some((j) => j.id === id)) {
      throw new WorkflowEditError(
        `${path}: job "${id}" is named for stage "${stage.name}" but does not deploy it (a stage job assumes a role, deploys to ECS and pushes nothing): rename or remove it, then run npm run configure again`,
      );
    } else {
      // Needs of the user's own (tests to pass first, …) stay, after the push and the stage before.
      const stageIds = new Set([...wf.stageJobs.map((j) => j.id), ...stages.map((s) => stageJobId(s.name))]);
      const own = existing.needs.filter((n) => n !== PUSH_JOB_ID && !stageIds.has(n));
      updateJob(doc, existing, stage, [...stageJobNeeds(previous), ...own], edit);
    }
  });
  keepInOrder(jobsNode, stages, edit);
  if (stages.length > 0) addPushOutputs(doc, wf, edit);
  return edit;
}

/** Removes the jobs of stages no longer listed, when they are as the template wrote them. */
function removeUnlisted(
  jobs: YAMLMap,
  wf: DeployWorkflow,
  path: string,
  stages: readonly StageJobStage[],
  edit: { changed: string[]; jobs: string[] },
): void {
  for (const job of wf.stageJobs) {
    if (job.stage === undefined || stages.some((s) => s.name === job.stage)) continue;
    const environment = job.environment.kind === 'literal' ? job.environment.name : undefined;
    const difference =
      environment === undefined
        ? 'in its environment (not a name)'
        : templateDifference(job.job, { name: job.stage, environment });
    if (difference !== undefined) {
      throw new WorkflowEditError(
        `${path}: job "${job.id}" deploys stage "${job.stage}", which cdk.json deployStages no longer lists, but it differs from the template ${difference}: configure removes only a job as it wrote it; remove this one by hand (or list the stage again)`,
      );
    }
    jobs.delete(job.id);
    edit.changed.push(`removed job "${job.id}" (stage ${job.stage} is no longer in deployStages)`);
    edit.jobs.push(job.id);
  }
}

/** The rendered job of a stage, as a pair to add under `jobs:` (after a blank line). */
function renderedPair(stage: StageJobStage, previous: string | undefined): Pair {
  const rendered = parseDocument(renderStageDeployJob(stage, previous)).contents as YAMLMap;
  const pair = rendered.items[0];
  (pair.key as Scalar).spaceBefore = true;
  return pair;
}

/** Index of job `id` among the pairs of `jobs:` (-1 when absent). */
function indexOf(jobs: YAMLMap, id: string): number {
  return jobs.items.findIndex((p) => isScalar(p.key) && p.key.value === id);
}

/**
 * Adds stage `i`'s job after the job of the stage before it; for the first stage (or when that
 * job is missing), before the job of a later stage, else after the push job, else at the end.
 */
function insertJob(jobs: YAMLMap, stages: readonly StageJobStage[], i: number, pair: Pair): void {
  const previous = i > 0 ? indexOf(jobs, stageJobId(stages[i - 1].name)) : -1;
  const later = stages
    .slice(i + 1)
    .map((s) => indexOf(jobs, stageJobId(s.name)))
    .filter((x) => x >= 0);
  const push = indexOf(jobs, PUSH_JOB_ID);
  const at =
    previous >= 0 ? previous + 1 : later.length > 0 ? Math.min(...later) : push >= 0 ? push + 1 : jobs.items.length;
  jobs.items.splice(at, 0, pair);
}

/** Sets needs: and environment: of a stage job that is there (and the environment its steps print). */
function updateJob(
  doc: Document,
  job: WorkflowJob,
  stage: StageJobStage,
  needs: readonly string[],
  edit: { changed: string[]; edited: (string | number)[][] },
): void {
  const at = ['jobs', job.id];
  if (JSON.stringify(job.needs) !== JSON.stringify(needs) || !isSeq(doc.getIn([...at, 'needs'], true))) {
    const node = doc.createNode(needs);
    node.flow = true;
    setKeeping(doc, [...at, 'needs'], node, ['name']);
    edit.changed.push(`jobs.${job.id}.needs`);
    edit.edited.push([...at, 'needs']);
  }
  if (job.environment === stage.environment) return;
  const asMap = isMap(doc.getIn([...at, 'environment'], true));
  const keys = asMap ? [...at, 'environment', 'name'] : [...at, 'environment'];
  const value = new Scalar(stage.environment);
  value.type = Scalar.QUOTE_DOUBLE;
  setKeeping(doc, keys, value, ['runs-on', 'needs', 'name']);
  edit.changed.push(`jobs.${keys.slice(1).join('.')}`);
  edit.edited.push(keys);
  // The template's steps print the environment's name: follow it where they still print the old one.
  job.steps.forEach((step, index) => {
    if (job.environment === undefined || step.env[ENVIRONMENT_ENV] !== job.environment) return;
    const envPath = [...at, 'steps', index, 'env', ENVIRONMENT_ENV];
    const node = new Scalar(stage.environment);
    node.type = Scalar.QUOTE_DOUBLE;
    setKeeping(doc, envPath, node, []);
    edit.edited.push(envPath);
  });
}

/**
 * Sets a value, keeping the comments of the node it replaces; a key that is not there yet goes
 * right after the first of `after` its mapping has.
 */
function setKeeping(doc: Document, keys: (string | number)[], node: Node, after: readonly string[]): void {
  const old = doc.getIn(keys, true) as Node | undefined;
  if (old !== undefined && old !== null) {
    node.comment = old.comment;
    node.commentBefore = old.commentBefore;
    doc.setIn(keys, node);
    return;
  }
  const parent = doc.getIn(keys.slice(0, -1), true) as YAMLMap;
  const key = keys[keys.length - 1];
  const anchor = after.map((a) => indexOf(parent, a)).find((x) => x >= 0);
  parent.items.splice(anchor === undefined ? 0 : anchor + 1, 0, doc.createPair(key, node));
}

/** Puts the stage jobs back in promotion order (as one block, where the first of them is) if they are not. */
function keepInOrder(
  jobs: YAMLMap,
  stages: readonly StageJobStage[],
  edit: { changed: string[]; jobs: string[] },
): void {
  const ids = stages.map((s) => stageJobId(s.name));
  const at = ids.map((id) => indexOf(jobs, id));
  if (at.every((x, i) => i === 0 || x > at[i - 1])) return;
  const pairs = ids.map((id) => jobs.items[indexOf(jobs, id)]);
  const first = Math.min(...at);
  jobs.items = jobs.items.filter((p) => !pairs.includes(p));
  jobs.items.splice(first, 0, ...pairs);
  edit.changed.push('put the stage jobs in promotion order');
  edit.jobs.push(...ids.filter((id) => !edit.jobs.includes(id)));
}

/** Adds the push job's outputs `image` and `digest` where they are missing and can be written. */
function addPushOutputs(doc: Document, wf: DeployWorkflow, edit: { changed: string[]; edited: (string | number)[][] }) {
  const push = wf.deployJobs.find((j) => j.id === PUSH_JOB_ID);
  if (!push) return;
  const written = pushOutputsOf(push);
  const missing = (['image', 'digest'] as const).filter(
    (name) => push.job.outputs[name] === undefined && written[name] !== undefined,
  );
  if (missing.length === 0) return;
  const at = ['jobs', PUSH_JOB_ID, 'outputs'];
  const had = isMap(doc.getIn(at, true));
  if (!had) setKeeping(doc, at, doc.createNode({}), ['runs-on', 'environment', 'if', 'name']);
  for (const name of missing) {
    doc.setIn([...at, name], written[name]);
    edit.changed.push(`jobs.${PUSH_JOB_ID}.outputs.${name}`);
    if (had) edit.edited.push([...at, name]);
  }
  if (!had) edit.edited.push(at);
}
