/**
 * Rule `cache`: the build uses a layer cache, GitHub's by default; ECR as a cache only where its
 * cache tag may move (an immutable repository refuses the rewritten cache tag), and then with the
 * options ECR requires of a BuildKit cache.
 */
import { dependsOnVariable } from '../deploy-workflow';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Checks build-push-action's `cache-to`/`cache-from` and every registry cache export. */
export function cache({ workflow, variables }: CheckContext): WorkflowProblem[] {
  const build = workflow.buildStep;
  if (!build) return [];
  const path = workflow.path;
  const movingVar = variables.movingTags.variable;
  const problems: WorkflowProblem[] = [];
  const cacheTo = build.with['cache-to'];
  if (cacheTo === undefined || cacheTo.trim() === '') {
    problems.push({
      check: 'cache',
      severity: 'warning',
      fix: ['workflow'],
      message: `docker/build-push-action has no cache-to, so every push rebuilds every layer: add cache-to: type=gha,mode=max (and cache-from: type=gha) in ${path}.`,
      line: build.line,
    });
  }
  for (const input of ['cache-to', 'cache-from']) {
    const value = build.with[input] ?? '';
    if (/type=registry/.test(value) && !dependsOnVariable(value, movingVar, workflow.job)) {
      problems.push({
        check: 'cache',
        severity: 'error',
        fix: ['workflow'],
        message: `${input} uses an ECR registry cache unconditionally; its cache tag is rewritten on every push, which an immutable repository refuses: use type=gha, or choose the registry cache only when vars.${movingVar} lets the cache tag move, in ${path}.`,
        line: build.line,
      });
    }
  }
  // Wherever the registry cache export is written, ECR needs these two options.
  const exports = [cacheTo ?? '', ...workflow.movingTagGates.map((g) => g.run?.script ?? '')]
    .flatMap((text) => text.split('\n'))
    .filter((line) => /type=registry/.test(line) && (/cache-to/.test(line) || /mode=/.test(line)));
  for (const line of exports) {
    if (!/image-manifest=true/.test(line) || !/oci-mediatypes=true/.test(line)) {
      problems.push({
        check: 'cache',
        severity: 'error',
        fix: ['workflow'],
        message: `the registry cache export "${line.trim()}" lacks image-manifest=true,oci-mediatypes=true, which ECR requires for BuildKit caches: add them in ${path}.`,
      });
    }
  }
  return problems;
}
