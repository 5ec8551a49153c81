/**
 * Rule `moving-tags`: the repository's tags are immutable except those cdk.json `movingTags`
 * lets move, so the workflow pushes a moving tag (`latest`) only under the repository's
 * moving-tags variable, never lets a per-commit tag match a moving filter (it could be
 * overwritten), and cdk.json lets nothing move that the workflow does not move (each filter
 * weakens the repository's immutability, and fails Control Tower CT.ECR.PR.3, for nothing).
 */
import { wildcardMatch } from '../../iam/wildcard';
import { dependsOnVariable, type DeployWorkflow } from '../deploy-workflow';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { listOr } from './shared';

/** Checks metadata-action's tags and flavor against cdk.json `movingTags` and the variable. */
export function movingTags({ workflow, config, variables, settingsIn }: CheckContext): WorkflowProblem[] {
  const meta = workflow.metadataStep;
  if (!meta) return [];
  const path = workflow.path;
  const movingVar = variables.movingTags.variable;
  const filters = config.movingTags;
  const problems: WorkflowProblem[] = [];
  for (const rule of workflow.tags.filter((t) => t.perCommit)) {
    const tag = rule.tag;
    const hit = tag === undefined ? undefined : filters.find((f) => wildcardMatch(f, tag));
    if (hit !== undefined) {
      problems.push({
        check: 'moving-tags',
        severity: 'error',
        fix: ['cdk-config', 'workflow'],
        message: `the per-commit tag "${rule.text}" (e.g. "${tag}") matches moving-tag filter "${hit}" in ${settingsIn} movingTags, so it could be overwritten: narrow that filter in ${settingsIn} or change the tag's prefix in ${path}.`,
        line: meta.line,
      });
    }
  }
  for (const rule of workflow.tags.filter((t) => !t.perCommit)) {
    if (rule.enable === 'false') continue;
    if (rule.enable === undefined || !dependsOnVariable(rule.enable, movingVar, workflow.job)) {
      problems.push({
        check: 'moving-tags',
        severity: 'error',
        fix: ['workflow'],
        message: `tag "${rule.text}" is pushed on every run without a condition on vars.${movingVar}; with the repository's immutable tags its second push fails ("tag already exists"): add enable=\${{ … }} reading the decision made from vars.${movingVar} (see the "Decide moving tags" step) in ${path}.`,
        line: meta.line,
      });
    }
  }
  const flavor = meta.with.flavor ?? '';
  if (workflow.push?.tags !== undefined && !/latest\s*=\s*false/.test(flavor)) {
    problems.push({
      check: 'moving-tags',
      severity: 'error',
      fix: ['workflow'],
      message: `docker/metadata-action adds an unconditional "latest" on tag pushes unless flavor says latest=false: add "flavor: latest=false" in ${path}.`,
      line: meta.line,
    });
  }
  const moved = movedTags(workflow);
  for (const filter of filters) {
    if (!moved.some((tag) => wildcardMatch(filter, tag))) {
      problems.push({
        check: 'moving-tags',
        severity: 'warning',
        fix: ['cdk-config', 'workflow'],
        message: `${settingsIn} movingTags lets "${filter}" move, but ${path} moves no tag it matches (${listOr(moved, 'it moves none')}): remove it from movingTags in ${settingsIn}, or push such a tag under the vars.${movingVar} condition in ${path}.`,
      });
    }
  }
  return problems;
}

/** Tags the workflow may re-point: gated metadata tags and the registry cache tag. */
function movedTags(workflow: DeployWorkflow): string[] {
  const moved: string[] = [];
  for (const t of workflow.tags) {
    if (!t.perCommit && t.tag !== undefined && t.enable !== 'false') moved.push(t.tag);
  }
  for (const gate of workflow.movingTagGates) {
    if (gate.env.CACHE_TAG) moved.push(gate.env.CACHE_TAG);
  }
  return [...new Set(moved)];
}
