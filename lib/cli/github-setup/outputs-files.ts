/**
 * The outputs files `npx cdk deploy --outputs-file FILE` writes (`{ "<stack>": { "<output>": "<value>" } }`),
 * read and merged: the stage stacks live in other accounts and are often deployed with other
 * credentials into files of their own, so github-setup takes several.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../argv';

/** The stacks of every file read, and which file each came from. */
export interface MergedOutputs {
  /** Stack name → its outputs. */
  readonly stacks: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Stack name → the file (as given on the command line) it was read from (the first, if several agree). */
  readonly fileOf: Readonly<Record<string, string>>;
  /** The files, as given. */
  readonly files: readonly string[];
}

/**
 * Reads `files` (names as given, resolved against `cwd`) and merges their stacks. A stack in two
 * files with the same outputs is fine (one file written twice, or copied); with different outputs
 * it is an error naming both files, since either could be the stale one. Throws `UsageError`.
 */
export function readOutputsFiles(files: readonly string[], cwd: string): MergedOutputs {
  const stacks: Record<string, Record<string, unknown>> = {};
  const fileOf: Record<string, string> = {};
  for (const name of [...new Set(files)]) {
    for (const [stack, outputs] of Object.entries(readOutputsFile(path.resolve(cwd, name), name))) {
      if (outputs === null || typeof outputs !== 'object' || Array.isArray(outputs)) {
        throw new UsageError(
          `${name}: stack "${stack}" is not an object of outputs (expected { "<stack>": { "<output>": "<value>" } })`,
        );
      }
      const before = fileOf[stack];
      if (before !== undefined && !sameOutputs(stacks[stack], outputs as Record<string, unknown>)) {
        throw new UsageError(
          `stack "${stack}" is in both ${before} and ${name} with different outputs: one of them is stale; leave it out (or deploy again with --outputs-file to rewrite it)`,
        );
      }
      if (before === undefined) {
        stacks[stack] = outputs as Record<string, unknown>;
        fileOf[stack] = name;
      }
    }
  }
  return { stacks, fileOf, files: [...new Set(files)] };
}

/** One outputs file, as `{ stack: outputs }`; throws `UsageError` when missing or not one. */
function readOutputsFile(file: string, name: string): Record<string, unknown> {
  let all: unknown;
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `is not JSON (${(err as Error).message})`;
    throw new UsageError(`${name} ${reason}: write it with npx cdk deploy --outputs-file ${name}`);
  }
  if (all === null || typeof all !== 'object' || Array.isArray(all)) {
    throw new UsageError(`${name} is not a cdk outputs file (expected { "<stack>": { "<output>": "<value>" } })`);
  }
  return all as Record<string, unknown>;
}

/** Whether two stacks' outputs hold the same values (key order aside). */
function sameOutputs(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}
