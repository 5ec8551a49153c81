/**
 * A `run:` step as a hosted runner runs it: the script in a file, `shell: bash` as
 * `bash --noprofile --norc -eo pipefail`, the GITHUB_* variables, and the GITHUB_OUTPUT,
 * GITHUB_ENV and GITHUB_STEP_SUMMARY files read back afterwards (GITHUB_PATH is made, not read).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Contexts } from '../../../lib/workflow/expressions';
import type { WorkflowStep } from '../../../lib/workflow/workflow-document';

/** What the step wrote to its command files. */
export interface ScriptResult {
  readonly outputs: Record<string, string>;
  readonly env: Record<string, string>;
  readonly summary: string;
}

/** One `run:` step, its `${{ … }}` already replaced. */
export interface ScriptStep {
  readonly step: WorkflowStep;
  readonly shell: string;
  readonly script: string;
  /** The step's environment: the runner's, the workflow's, the job's and the step's own. */
  readonly env: Record<string, string>;
  /** Where the script starts. */
  readonly workspace: string;
  /** Where its GITHUB_OUTPUT and friends are made. */
  readonly tempDir: string;
}

/** Runs the script as a runner does; throws with the end of its output when it fails. */
export async function runScript({
  step,
  shell,
  script,
  env: stepEnv,
  workspace,
  tempDir,
}: ScriptStep): Promise<ScriptResult> {
  const dir = fs.mkdtempSync(path.join(tempDir, `step-${step.index + 1}-`));
  const files = {
    script: path.join(dir, shell === 'bash' ? 'script.sh' : 'script'),
    output: path.join(dir, 'output'),
    env: path.join(dir, 'env'),
    path: path.join(dir, 'path'),
    summary: path.join(dir, 'summary.md'),
  };
  fs.writeFileSync(files.script, script);
  for (const f of [files.output, files.env, files.path, files.summary]) fs.writeFileSync(f, '');

  // The shells GitHub's runners use for `shell: bash` and `shell: sh`.
  const commands: Record<string, [string, string[]]> = {
    bash: ['bash', ['--noprofile', '--norc', '-eo', 'pipefail', files.script]],
    sh: ['sh', ['-e', files.script]],
  };
  const command = commands[shell];
  if (!command) throw new Error(`shell: ${shell} is not supported by the rehearsal`);

  const env = {
    ...stepEnv,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
  };
  const { code, output } = await spawnCollect(command[0], command[1], {
    cwd: workspace,
    env,
    timeoutMs: 5 * 60_000,
  });
  if (code !== 0) {
    const tail = output.trimEnd().split('\n').slice(-15).join('\n');
    throw new Error(`run: exited with ${code}\n${tail}`);
  }
  return {
    outputs: parseCommandFile(fs.readFileSync(files.output, 'utf8')),
    env: parseCommandFile(fs.readFileSync(files.env, 'utf8')),
    summary: fs.readFileSync(files.summary, 'utf8'),
  };
}

/** The GITHUB_* and RUNNER_* variables a hosted runner sets, from the github and runner contexts. */
export function githubEnv(contexts: Contexts, workspace: string): Record<string, string> {
  const github = (contexts.github ?? {}) as Record<string, unknown>;
  const env: Record<string, string> = { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace };
  for (const key of [
    'sha',
    'ref',
    'ref_name',
    'ref_type',
    'repository',
    'repository_owner',
    'run_id',
    'run_number',
    'run_attempt',
    'event_name',
    'actor',
    'server_url',
    'api_url',
    'workflow',
    'job',
  ]) {
    if (github[key] !== undefined) env[`GITHUB_${key.toUpperCase()}`] = String(github[key]);
  }
  const runner = (contexts.runner ?? {}) as Record<string, unknown>;
  for (const key of ['os', 'arch', 'name', 'temp']) {
    if (runner[key] !== undefined) env[`RUNNER_${key.toUpperCase()}`] = String(runner[key]);
  }
  return env;
}

/** Runs a command, collecting stdout and stderr interleaved; kills it at the timeout. */
function spawnCollect(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/**
 * Parses a GITHUB_OUTPUT or GITHUB_ENV file: `name=value` lines and `name<<DELIMITER` blocks.
 */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const eq = line.indexOf('=');
    if (heredoc && (eq === -1 || line.indexOf('<<') < eq)) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i].replace(/\r$/, '') !== delimiter; i++) body.push(lines[i]);
      if (i >= lines.length) throw new Error(`command file: no closing ${delimiter} for ${name}`);
      values[name] = body.join('\n');
    } else if (eq > 0) {
      values[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`command file: cannot read line '${line}'`);
    }
  }
  return values;
}
