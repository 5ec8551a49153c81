/** Small helpers that several workflow rules use to read the configuration and word messages. */
import type { WorkflowStep } from '../workflow-document';
import type { DeployConfig } from './context';

/** The patterns of the role's trusted subjects of one kind (`branch`, `tag`, `environment`, …). */
export function trustedPatterns(config: DeployConfig, kind: string): string[] {
  return config.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
}

/** `[a, b]`, or `none` when the list is empty. */
export function listOr(items: readonly string[], none: string): string {
  return items.length === 0 ? none : `[${items.join(', ')}]`;
}

/** How a message names a step: its name, or its position in the job counted from 1. */
export function stepLabel(step: WorkflowStep): string | number {
  return step.name ?? step.index + 1;
}
