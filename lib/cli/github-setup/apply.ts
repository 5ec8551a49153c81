/** `github-setup --apply`: runs the `gh variable` commands, every one, reporting each. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../argv';
import type { CliIo } from '../io';
import type { VariableCommand } from './commands';

/** Finds an executable on PATH (no shell involved). */
export function findOnPath(command: string, envPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The `gh` to run the commands with: on PATH and logged in. Otherwise prints `commands` (so they
 * can be run by hand) and throws `UsageError` saying what is missing.
 */
export function loggedInGh(io: CliIo, commands: readonly VariableCommand[]): string {
  const gh = findOnPath('gh', io.path ?? process.env.PATH);
  if (!gh) {
    for (const c of commands) io.stdout(`${c.line}\n`);
    throw new UsageError(
      '--apply needs the GitHub CLI, and gh is not on PATH: install it (https://cli.github.com), run gh auth login, or run the commands above yourself',
    );
  }
  const auth = spawnSync(gh, ['auth', 'status'], { encoding: 'utf8' });
  if (auth.status !== 0) {
    for (const c of commands) io.stdout(`${c.line}\n`);
    throw new UsageError(
      'gh is not logged in (gh auth status failed): run gh auth login, then --apply again, or run the commands above yourself',
    );
  }
  return gh;
}

/** What one command did. */
export interface CommandResult {
  readonly line: string;
  readonly status: number | null;
  readonly output: string;
}

/**
 * Runs every command (a failure does not stop the ones after it), printing `ok`/`FAILED` lines
 * unless `json`. A delete that fails counts as done only when the variable is not set (see `isUnset`).
 */
export function runCommands(
  gh: string,
  commands: readonly VariableCommand[],
  io: CliIo,
  json: boolean,
): { failed: number; results: CommandResult[] } {
  let failed = 0;
  const results: CommandResult[] = [];
  for (const c of commands) {
    const r = spawnSync(gh, [...c.args], { encoding: 'utf8' });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    results.push({ line: c.line, status: r.status, output });
    if (r.status === 0) {
      if (!json) io.stdout(`ok      ${c.line}\n`);
    } else if (c.action === 'delete' && isUnset(gh, c)) {
      // Deleting a variable that is not set fails, which is the state we want.
      if (!json) io.stdout(`ok      ${c.line} (not set: ${output.split('\n')[0] || `exit ${r.status}`})\n`);
    } else {
      failed++;
      if (!json) io.stdout(`FAILED  ${c.line}\n        ${output.split('\n').join('\n        ')}\n`);
    }
  }
  return { failed, results };
}

/**
 * After a failed `gh variable delete NAME [scope]`: true only when `gh variable list` of the same
 * scope answers and does not name the variable. A delete refused for another reason (no
 * permission, no such repository or environment) is then a failure, whatever gh's wording.
 */
function isUnset(gh: string, c: VariableCommand): boolean {
  const scope = c.args.slice(3);
  const r = spawnSync(gh, ['variable', 'list', '--json', 'name', ...scope], { encoding: 'utf8' });
  if (r.status !== 0) return false;
  try {
    const listed = JSON.parse(r.stdout) as unknown;
    return Array.isArray(listed) && !listed.some((v) => (v as { name?: unknown })?.name === c.variable);
  } catch {
    return false;
  }
}
