/** `npm run github-setup` in-process, for a project root: files written to a fresh working directory. */
import * as fs from 'fs';
import * as path from 'path';
import { runGitHubSetup } from '../../lib/cli/github-setup';
import { tempDir } from './doctor/helpers';

/** What one run printed, and its exit code. */
export interface SetupOutcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs github-setup with `argv` in a new working directory holding `files` (name → JSON value or
 * text), with the settings of `root` and `pathEnv` as PATH (where gh is looked for).
 */
export function runSetupIn(
  root: string,
  argv: string[],
  files: Readonly<Record<string, unknown>>,
  pathEnv = '',
): SetupOutcome {
  const cwd = tempDir('setup');
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(cwd, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  let stdout = '';
  let stderr = '';
  const code = runGitHubSetup(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    root,
    path: pathEnv,
  });
  return { code, stdout, stderr };
}
