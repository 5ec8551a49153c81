/**
 * Rewrites in the deploy workflow exactly what must agree with the deploy role — `on.push.branches`,
 * `on.push.tags`, and the push job's `if:` and `environment:` — and the deploy jobs of cdk.json
 * `deployStages` (stage-jobs-edit.ts), through the yaml package's Document API, so every comment
 * and every other line stays as it was. The result is read back and compared with the original
 * outside the edited places; any other difference is an error.
 */
import { isMap, isScalar, isSeq, Pair, parseDocument, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { DEPLOY_ACTIONS, parseDeployWorkflow } from '../../workflow/deploy-workflow';
import type { StageJobStage } from '../../workflow/stage-deploy-job';
import { renderJobCondition } from './job-condition';
import { editStageJobs } from './stage-jobs-edit';
import { WorkflowEditError } from './workflow-edit-error';

/** What the deploy job is to run on, and in which environment. */
export interface DeployJobPlan {
  readonly branches: readonly string[];
  readonly tags: readonly string[];
  /** The GitHub environment the job names; undefined: none. */
  readonly environment?: string;
}

/** The edited text, and which of the four places changed (empty: the workflow already agreed). */
export interface WorkflowEdit {
  readonly text: string;
  readonly changed: readonly string[];
}

export { WorkflowEditError };

/**
 * The id of the one job that assumes the push role (uses configure-aws-credentials and is not
 * the deploy job of a stage).
 */
export function deployJobId(text: string, path: string): string {
  const jobs = parseDeployWorkflow(text, path).deployJobs;
  if (jobs.length !== 1) {
    const which = jobs.length === 0 ? 'none' : jobs.map((j) => `"${j.id}"`).join(', ');
    throw new WorkflowEditError(
      `${path}: configure edits one job that assumes the role (uses ${DEPLOY_ACTIONS.credentials}); found ${which}: edit the workflow by hand and check it with npm run doctor -- --workflow`,
    );
  }
  return jobs[0].id;
}

/**
 * Applies the plan to the workflow's text, and brings the stage jobs in step with `stages`
 * (cdk.json deployStages, in promotion order).
 */
export function editDeployWorkflow(
  text: string,
  path: string,
  plan: DeployJobPlan,
  stages: readonly StageJobStage[] = [],
): WorkflowEdit {
  const jobId = deployJobId(text, path);
  const doc = parseDocument(text);
  keepTrailingCommentsInPlace(doc, text);
  const changed: string[] = [];
  const set = (where: string, keys: string[], value: unknown, after: readonly string[] = []) => {
    const before = doc.getIn(keys);
    const beforeJs = isNode(before) ? before.toJSON() : before;
    if (JSON.stringify(beforeJs) === JSON.stringify(value)) return;
    if (value === undefined) doc.deleteIn(keys);
    else if (doc.hasIn(keys)) doc.setIn(keys, replacement(doc, before as Node, value));
    else insertAfter(doc, keys, value, after);
    changed.push(where);
  };
  const push = doc.getIn(['on', 'push']);
  if (!isMap(doc.get('on')) || (doc.hasIn(['on', 'push']) && push !== null && !isMap(push))) {
    throw new WorkflowEditError(
      `${path}: "on:" must be a mapping with "push:" as a mapping (branches:, tags:) for configure to edit it`,
    );
  }
  set('on.push.branches', ['on', 'push', 'branches'], plan.branches.length > 0 ? [...plan.branches] : undefined);
  set('on.push.tags', ['on', 'push', 'tags'], plan.tags.length > 0 ? [...plan.tags] : undefined, ['branches']);
  set(`jobs.${jobId}.if`, ['jobs', jobId, 'if'], renderJobCondition(plan), ['name']);
  // `environment:` may be a name or a map with its name (and a url): keep the map, set its name.
  if (isMap(doc.getIn(['jobs', jobId, 'environment'])) && plan.environment !== undefined) {
    set(`jobs.${jobId}.environment.name`, ['jobs', jobId, 'environment', 'name'], plan.environment);
  } else {
    set(`jobs.${jobId}.environment`, ['jobs', jobId, 'environment'], plan.environment, ['if', 'name']);
  }
  const stageEdit = editStageJobs(doc, text, path, stages);
  changed.push(...stageEdit.changed);
  if (changed.length === 0) return { text, changed };
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  // Only these may differ; everything else (other on.push filters, an environment's url, …) must
  // read as before. An empty on.push (`push: {}` or `push:`) reads as null either way.
  const environmentMap = isMap(parseDocument(text).getIn(['jobs', jobId, 'environment']));
  checkOnlyEdited(
    text,
    out,
    path,
    [
      ['on', 'push', 'branches'],
      ['on', 'push', 'tags'],
      ['jobs', jobId, 'if'],
      environmentMap && plan.environment !== undefined
        ? ['jobs', jobId, 'environment', 'name']
        : ['jobs', jobId, 'environment'],
      ...stageEdit.edited,
      ...stageEdit.jobs.map((id) => ['jobs', id]),
    ],
    stageEdit.jobs,
  );
  return { text: out, changed };
}

/** A new value node written like the one it replaces (flow or block) and keeping its comments. */
function replacement(doc: Document, old: Node, value: unknown): Node {
  const node = doc.createNode(value) as Node & { flow?: boolean };
  if (isSeq(old) && isSeq(node)) node.flow = old.flow;
  node.comment = old.comment;
  node.commentBefore = old.commentBefore;
  return node;
}

/**
 * Adds a key that is not there yet to its mapping, right after the first of `after` that the
 * mapping has (a job's `environment:` beside its `if:`, not after its steps), else first.
 */
function insertAfter(doc: Document, keys: readonly string[], value: unknown, after: readonly string[]): void {
  const parentKeys = keys.slice(0, -1);
  const parent = parentKeys.length === 0 ? doc.contents : doc.getIn(parentKeys, true);
  if (!isMap(parent)) {
    doc.setIn(keys, doc.createNode(value));
    return;
  }
  const key = keys[keys.length - 1];
  const anchor = after
    .map((a) => parent.items.findIndex((p) => isScalar(p.key) && p.key.value === a))
    .find((i) => i >= 0);
  parent.items.splice(anchor === undefined ? 0 : anchor + 1, 0, new Pair(doc.createNode(key), doc.createNode(value)));
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'toJSON' in value;
}

/**
 * The yaml package keeps a comment on its own line after a nested mapping's last value as that
 * value's trailing comment, and prints it indented under it. Such a comment introduces the next
 * key: move it there, so the file prints as it was written.
 */
function keepTrailingCommentsInPlace(doc: Document, source: string): void {
  const visit = (map: YAMLMap) => {
    map.items.forEach((pair, i) => {
      const next = map.items[i + 1];
      const last = lastScalarOf(pair.value as Node | null);
      if (next && isScalar(next.key) && last && last !== pair.value && last.comment && onOwnLine(last, source)) {
        next.key.commentBefore = next.key.commentBefore ? `${last.comment}\n${next.key.commentBefore}` : last.comment;
        last.comment = undefined;
      }
      if (isMap(pair.value)) visit(pair.value);
    });
  };
  if (isMap(doc.contents)) visit(doc.contents);
}

function lastScalarOf(node: Node | null): Node | undefined {
  let n: Node | null | undefined = node;
  for (;;) {
    if (isMap(n) && n.items.length > 0) {
      const pair: { key: unknown; value: unknown } = n.items[n.items.length - 1];
      n = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(n) && n.items.length > 0) n = n.items[n.items.length - 1] as Node;
    else return isScalar(n) ? n : undefined;
  }
}

/** True when the node's comment starts on a line after the node (not `value # comment`). */
function onOwnLine(node: Node, source: string): boolean {
  const end = node.range?.[1] ?? 0;
  const rest = source.slice(end);
  return rest.slice(0, rest.indexOf('#')).includes('\n');
}

/** Every comment of the file but those of `jobs` (added, removed or moved), in order. */
function commentsOf(text: string, jobs: readonly string[]): string {
  const doc = parseDocument(text);
  for (const id of jobs) doc.deleteIn(['jobs', id]);
  const found: string[] = [doc.commentBefore ?? '', doc.comment ?? ''];
  visit(doc, (_key, node) => {
    const n = node as { commentBefore?: string | null; comment?: string | null };
    found.push(n.commentBefore ?? '', n.comment ?? '');
  });
  return found.filter((c) => c !== '').join('\n');
}

/** Fails unless `after` reads as `before` everywhere but under the edited paths and jobs. */
function checkOnlyEdited(
  before: string,
  after: string,
  path: string,
  edited: readonly (readonly (string | number)[])[],
  jobs: readonly string[],
): void {
  const strip = (text: string) => {
    const doc = parseDocument(text);
    for (const keys of edited) if (doc.hasIn(keys)) doc.deleteIn(keys);
    const js = doc.toJS() as { on?: { push?: unknown } } | null;
    const push = js?.on?.push;
    if (push && typeof push === 'object' && Object.keys(push).length === 0) js!.on!.push = null;
    return JSON.stringify(js);
  };
  if (strip(before) !== strip(after)) {
    throw new WorkflowEditError(
      `${path}: editing it would change more than on.push, the push job's if:/environment: and the stage jobs; edit it by hand`,
    );
  }
  if (commentsOf(before, jobs) !== commentsOf(after, jobs)) {
    throw new WorkflowEditError(`${path}: editing it would lose or move comments; edit it by hand`);
  }
}
