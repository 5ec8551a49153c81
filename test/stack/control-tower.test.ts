/**
 * AWS Control Tower proactive controls (often enforced as CloudFormation hooks), checked with the
 * real rules and the cfn-guard binary that ship in @cdklabs/cdk-validator-cfnguard.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { templateJson } from '../support/templates';

const PACKAGE = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const RULES = path.join(PACKAGE, 'rules', 'control-tower', 'cfn-guard');
const GUARD = path.join(
  PACKAGE,
  'bin',
  os.platform() === 'darwin' ? 'macos' : 'ubuntu',
  os.arch() === 'arm64' ? 'aarch64' : 'x86_64',
  'cfn-guard',
);

/**
 * Settings the README says pass every control, and the one opt-in documented to fail CT.ECR.PR.3
 * (each an override set on top of cdk.json).
 */
const CONFIGURATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  defaults: {},
  'immutable-ids': { githubOwnerId: '1234567', githubRepositoryId: '89012345' },
  'import-provider': { createOidcProvider: 'false' },
  'kms-key': { ecrKmsKeyArn: 'arn:aws:kms:ap-northeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  'kms-managed': { ecrEncryption: 'KMS' },
  'boundary-and-subjects': {
    permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/DeveloperBoundary',
    allowedBranches: '["develop","release/*"]',
    allowedTags: '["v*"]',
    allowedEnvironments: '["production"]',
    workflowFile: '.github/workflows/deploy-ecr.yml',
  },
  'moving-tags': { movingTags: '["latest"]' },
};

type Status = 'PASS' | 'FAIL' | 'SKIP';
/** template name → rule (e.g. "ct-ecr-pr-3") → status */
let results: Record<string, Record<string, Status>>;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
  try {
    for (const [name, overrides] of Object.entries(CONFIGURATIONS)) {
      fs.writeFileSync(path.join(dir, `${name}.json`), templateJson(overrides));
    }
    results = runGuard(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs every bundled Control Tower rule over every template in `dir` and parses the summary. */
function runGuard(dir: string): Record<string, Record<string, Status>> {
  let output: string;
  try {
    output = execFileSync(GUARD, ['validate', '-r', RULES, '-d', dir, '--show-summary', 'all'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    // cfn-guard exits 19 when a rule fails; its summary is still on stdout.
    output = (err as { stdout?: string }).stdout ?? '';
    if (!output) throw err;
  }
  const parsed: Record<string, Record<string, Status>> = {};
  let current: Record<string, Status> | undefined;
  for (const line of output.split('\n')) {
    const file = /^(\S+\.json) Status = (PASS|FAIL|SKIP)$/.exec(line);
    if (file) {
      current = parsed[path.basename(file[1], '.json')] ??= {};
      continue;
    }
    // "ct-ecr-pr-3.guard/<rule name>  PASS": one line per named rule; a file with several rules
    // keeps its worst status, so a later PASS can never hide a FAIL.
    const rule = /^(ct-[a-z0-9-]+)\.guard\/\S+\s+(PASS|FAIL|SKIP)$/.exec(line.trim());
    if (rule && current) current[rule[1]] = worse(current[rule[1]], rule[2] as Status);
  }
  return parsed;
}

const SEVERITY: Record<Status, number> = { SKIP: 0, PASS: 1, FAIL: 2 };

function worse(a: Status | undefined, b: Status): Status {
  return a !== undefined && SEVERITY[a] > SEVERITY[b] ? a : b;
}

function failing(name: string): string[] {
  return Object.entries(results[name] ?? {})
    .filter(([, status]) => status === 'FAIL')
    .map(([rule]) => rule);
}

test('cfn-guard ran every bundled rule over every configuration', () => {
  const ruleFiles = fs
    .readdirSync(RULES, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.guard'));
  expect(ruleFiles.length).toBeGreaterThan(100);
  expect(Object.keys(results).sort()).toEqual(Object.keys(CONFIGURATIONS).sort());
  for (const name of Object.keys(CONFIGURATIONS)) {
    expect(Object.keys(results[name]).length).toBe(ruleFiles.length);
  }
});

test.each(Object.keys(CONFIGURATIONS).filter((n) => n !== 'moving-tags'))(
  '%s passes every control that applies',
  (name) => {
    expect(failing(name)).toEqual([]);
    // The controls that concern this stack really were evaluated, not skipped.
    expect(results[name]).toMatchObject({
      'ct-ecr-pr-1': 'PASS', // lifecycle policy
      'ct-ecr-pr-2': 'PASS', // scan on push
      'ct-ecr-pr-3': 'PASS', // tags IMMUTABLE
      'ct-iam-pr-1': 'PASS', // no admin access in inline policies
    });
  },
);

test('movingTags fails CT.ECR.PR.3 and nothing else, as the README warns', () => {
  expect(failing('moving-tags')).toEqual(['ct-ecr-pr-3']);
});
