/**
 * Rule `tags`: every image is tagged with its full commit SHA (docker/metadata-action's
 * `type=sha,format=long`), the per-commit tag that is pushed once and never moves.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Looks for the full-SHA entry among metadata-action's tags. */
export function tags({ workflow }: CheckContext): WorkflowProblem[] {
  const meta = workflow.metadataStep;
  if (!meta) return [];
  if (workflow.tags.some((t) => t.perCommit && t.attributes.format === 'long')) return [];
  return [
    {
      check: 'tags',
      severity: 'error',
      fix: ['workflow'],
      message: `docker/metadata-action tags has no "type=sha,format=long" entry, so images are not tagged with their commit: add "type=sha,format=long,prefix=" in ${workflow.path}.`,
      line: meta.line,
    },
  ];
}
