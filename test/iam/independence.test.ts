/**
 * The architecture's two folder rules, read from the imports of every file:
 *  - lib/iam (the independent evaluator and token model) imports only from lib/iam: it must not
 *    share code with what renders the trust policy, or the matrix would check the renderer
 *    against itself;
 *  - lib/stack (the CDK app) imports nothing from lib/iam, lib/workflow or lib/cli: the app does
 *    not depend on the tools built around it.
 */
import * as fs from 'fs';
import * as path from 'path';

const LIB_DIR = path.join(__dirname, '..', '..', 'lib');

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

/** The folder under lib/ that a relative import from `file` lands in, or undefined for a package. */
function libFolderOf(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.relative(LIB_DIR, path.resolve(path.dirname(file), specifier));
  return target.startsWith('..') ? `outside lib (${target})` : target.split(path.sep)[0];
}

const filesIn = (folder: string) => tsFilesUnder(path.join(LIB_DIR, folder)).map((f) => path.relative(LIB_DIR, f));

it('finds imports and files at all (so the rules below can fail)', () => {
  expect(importsOf(path.join(LIB_DIR, 'iam', 'condition-operators.ts'))).toEqual(['./policy-types', './wildcard']);
  const diagnose = path.join(LIB_DIR, 'cli', 'doctor', 'diagnose.ts');
  expect(importsOf(diagnose).map((s) => libFolderOf(diagnose, s))).toContain('iam');
  expect(filesIn('stack')).toEqual(
    expect.arrayContaining(['stack/trust/trust-conditions.ts', 'stack/config.ts', 'stack/app.ts']),
  );
  expect(filesIn('iam').length).toBeGreaterThan(3);
});

it.each(filesIn('iam'))('lib/%s imports only from lib/iam', (file) => {
  const full = path.join(LIB_DIR, file);
  for (const specifier of importsOf(full).filter((s) => s.startsWith('.'))) {
    expect({ file, specifier, folder: libFolderOf(full, specifier) }).toEqual({ file, specifier, folder: 'iam' });
  }
});

it.each(filesIn('stack'))('lib/%s imports nothing from lib/iam, lib/workflow or lib/cli', (file) => {
  const full = path.join(LIB_DIR, file);
  for (const specifier of importsOf(full).filter((s) => s.startsWith('.'))) {
    expect({ file, specifier, folder: libFolderOf(full, specifier) }).toEqual({ file, specifier, folder: 'stack' });
  }
});
