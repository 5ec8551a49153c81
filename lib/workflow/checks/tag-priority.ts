/**
 * Rule `tag-priority`: docker/metadata-action sorts its tags by priority and names the image
 * version (`org.opencontainers.image.version`) after the first, which must be the commit SHA,
 * not a moving tag like `latest`.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** The full-SHA tag comes first among the tags that can be pushed. */
export function tagPriority({ workflow }: CheckContext): WorkflowProblem[] {
  const meta = workflow.metadataStep;
  const sha = workflow.tags.find((t) => t.perCommit && t.attributes.format === 'long');
  if (!meta || !sha) return [];
  const live = workflow.tags.filter((t) => t.enable !== 'false');
  // Highest first; among equals, the one written first (the action's sort is stable).
  const first = live.reduce((best, t) => (t.priority > best.priority ? t : best), live[0]);
  if (first === sha) return [];
  return [
    {
      check: 'tag-priority',
      severity: 'error',
      fix: ['workflow'],
      message: `docker/metadata-action puts "${first.text}" (priority ${first.priority}) before the commit SHA tag (priority ${sha.priority}), so org.opencontainers.image.version becomes "${first.tag ?? first.text}" instead of the SHA: give the SHA entry the highest priority, e.g. "type=sha,format=long,prefix=,priority=${Math.max(1001, first.priority + 1)}", in ${workflow.path}.`,
      line: meta.line,
    },
  ];
}
