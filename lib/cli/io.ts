/**
 * What a command gets from the process it runs in, as one shape for both commands, so that tests
 * run them in-process with their own streams, directories, clock and tools.
 */
import type { Synthesizer } from './doctor/synth';

/** The process a command runs in: its output streams, directories, clock and tools. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where relative paths (--output, --claims, --workflow, --outputs) are resolved. @default process.cwd() */
  readonly cwd?: string;
  /** The project (cdk.json, lib/, bin/). @default the repository this file is in */
  readonly root?: string;
  /** For the doctor's `exp` checks. @default Date.now() */
  readonly now?: number;
  /** PATH to look for programs (gh) in. @default process.env.PATH */
  readonly path?: string;
  /**
   * How the doctor synthesizes when the template is missing or stale.
   * @default in-process `buildApp` (synthesizeInProcess)
   */
  readonly synthesize?: Synthesizer;
}

/** The running process's streams. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
}
