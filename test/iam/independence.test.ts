/**
 * The evaluator and the token model must not share code with what renders the trust policy, or
 * the matrix would check the renderer against itself. Both directions: every import under lib/iam
 * stays in lib/iam, and nothing that renders the stack (lib/ outside lib/iam and lib/doctor, the
 * tool built on the evaluator) imports from lib/iam.
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB_DIR = path.join(__dirname, '..', '..', 'lib');
const IAM_DIR = path.join(LIB_DIR, 'iam');

function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [
    ...source.matchAll(/^\s*(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
}

function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const insideIam = (file: string) => file === IAM_DIR || file.startsWith(IAM_DIR + path.sep);
const RENDERING_FILES = tsFilesUnder(LIB_DIR).filter((f) => !insideIam(f) && !f.startsWith(path.join(LIB_DIR, 'doctor') + path.sep));

it('finds imports at all (so the checks below can fail)', () => {
  expect(importsOf(path.join(IAM_DIR, 'policy-evaluator.ts'))).toEqual(['./wildcard']);
  expect(importsOf(path.join(LIB_DIR, 'doctor', 'diagnose.ts')).filter((s) => s.startsWith('../iam/'))).not.toEqual([]);
  expect(RENDERING_FILES.map((f) => path.relative(LIB_DIR, f))).toEqual(expect.arrayContaining(['trust-conditions.ts', 'subject-filter.ts', 'config.ts']));
});

it.each(fs.readdirSync(IAM_DIR).filter((f) => f.endsWith('.ts')))('lib/iam/%s imports only from lib/iam', (file) => {
  for (const specifier of importsOf(path.join(IAM_DIR, file))) {
    expect({ file, specifier, local: /^\.\/[^/]+$/.test(specifier) }).toEqual({ file, specifier, local: true });
  }
});

it.each(RENDERING_FILES.map((f) => path.relative(LIB_DIR, f)))('lib/%s imports nothing from lib/iam', (file) => {
  const full = path.join(LIB_DIR, file);
  for (const specifier of importsOf(full)) {
    const resolved = specifier.startsWith('.') ? path.resolve(path.dirname(full), specifier) : specifier;
    expect({ file, specifier, intoIam: insideIam(resolved) }).toEqual({ file, specifier, intoIam: false });
  }
});
