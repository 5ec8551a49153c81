/**
 * Rule `action-pins`: every action a workflow uses is pinned to a full commit SHA, with the
 * release it stands for in a comment (`uses: owner/action@<40 hex> # v1.2.3`). A tag or branch
 * can be moved to other code after review; a commit cannot. The comment is what Dependabot and
 * people read. Container actions are pinned by digest; local ones (`./…`) are versioned with the
 * repository itself. Applies to any workflow file.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

const FULL_SHA = /^[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v[0-9]+\.[0-9]+\.[0-9]+(?:[-+.][0-9A-Za-z.-]+)?$/;

/** Checks the `uses:` references of the workflow file. */
export function actionPins({ workflow }: CheckContext): WorkflowProblem[] {
  const { document } = workflow;
  const problems: WorkflowProblem[] = [];
  const report = (line: number, message: string) =>
    problems.push({ check: 'action-pins', severity: 'error', fix: ['workflow'], message, line });

  for (const ref of document.actions) {
    if (ref.uses.startsWith('./')) continue;
    if (ref.uses.startsWith('docker://')) {
      if (!/@sha256:[0-9a-f]{64}$/.test(ref.uses)) {
        report(
          ref.line,
          `"${ref.uses}" is a container image by tag: pin it by digest (docker://IMAGE@sha256:…) in ${document.path}.`,
        );
      }
      continue;
    }
    const at = ref.uses.lastIndexOf('@');
    const name = at === -1 ? ref.uses : ref.uses.slice(0, at);
    const version = at === -1 ? '' : ref.uses.slice(at + 1);
    if (!FULL_SHA.test(version)) {
      report(
        ref.line,
        `"${ref.uses}" is not pinned to a commit: write "uses: ${name}@<full 40-character commit SHA> # vX.Y.Z" in ${document.path} (a tag can be moved to other code).`,
      );
      continue;
    }
    if (!ref.comment || !VERSION_COMMENT.test(ref.comment)) {
      report(
        ref.line,
        `"${name}@${version}" has no release comment: add "# vX.Y.Z" (the tag that commit is) after it in ${document.path}, so reviewers and Dependabot know the version.`,
      );
    }
  }
  return problems;
}
