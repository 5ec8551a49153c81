/**
 * AWS Control Tower proactive controls (often enforced as CloudFormation hooks), run offline with
 * the real rules and the cfn-guard binary that ship in @cdklabs/cdk-validator-cfnguard.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const PACKAGE = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const RULES = path.join(PACKAGE, 'rules', 'control-tower', 'cfn-guard');
const GUARD = path.join(
  PACKAGE,
  'bin',
  os.platform() === 'darwin' ? 'macos' : 'ubuntu',
  os.arch() === 'arm64' ? 'aarch64' : 'x86_64',
  'cfn-guard',
);

export type ControlStatus = 'PASS' | 'FAIL' | 'SKIP';
/** Template name → rule file (e.g. "ct-ecr-pr-3") → status. */
export type ControlResults = Record<string, Record<string, ControlStatus>>;

/** The bundled Control Tower rule files (`*.guard`), relative to the rules directory. */
export function controlTowerRuleFiles(): string[] {
  return fs
    .readdirSync(RULES, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.guard'));
}

/** Runs every bundled Control Tower rule over each template (name → template) in one cfn-guard run. */
export function checkControlTower(templates: Readonly<Record<string, unknown>>): ControlResults {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
  try {
    for (const [name, template] of Object.entries(templates)) {
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(template));
    }
    return parseSummary(runGuard(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runGuard(dir: string): string {
  try {
    return execFileSync(GUARD, ['validate', '-r', RULES, '-d', dir, '--show-summary', 'all'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    // cfn-guard exits 19 when a rule fails; its summary is still on stdout.
    const output = (err as { stdout?: string }).stdout ?? '';
    if (!output) throw err;
    return output;
  }
}

function parseSummary(output: string): ControlResults {
  const parsed: ControlResults = {};
  let current: Record<string, ControlStatus> | undefined;
  for (const line of output.split('\n')) {
    const file = /^(\S+\.json) Status = (PASS|FAIL|SKIP)$/.exec(line);
    if (file) {
      current = parsed[path.basename(file[1], '.json')] ??= {};
      continue;
    }
    // "ct-ecr-pr-3.guard/<rule name>  PASS": one line per named rule; a file with several rules
    // keeps its worst status, so a later PASS can never hide a FAIL.
    const rule = /^(ct-[a-z0-9-]+)\.guard\/\S+\s+(PASS|FAIL|SKIP)$/.exec(line.trim());
    if (rule && current) current[rule[1]] = worse(current[rule[1]], rule[2] as ControlStatus);
  }
  return parsed;
}

const SEVERITY: Record<ControlStatus, number> = { SKIP: 0, PASS: 1, FAIL: 2 };

function worse(a: ControlStatus | undefined, b: ControlStatus): ControlStatus {
  return a !== undefined && SEVERITY[a] > SEVERITY[b] ? a : b;
}
