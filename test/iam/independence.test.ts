/**
 * The evaluator and the token model must not share code with what renders the trust policy, or
 * the matrix would check the renderer against itself. Every import under lib/iam stays in lib/iam.
 */
import * as fs from 'fs';
import * as path from 'path';

const IAM_DIR = path.join(__dirname, '..', '..', 'lib', 'iam');

function importsOf(file: string): string[] {
  const source = fs.readFileSync(path.join(IAM_DIR, file), 'utf8');
  return [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]/gm), ...source.matchAll(/(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
}

it('finds imports at all (so the check below can fail)', () => {
  expect(importsOf('policy-evaluator.ts')).toEqual(['./wildcard']);
});

it.each(fs.readdirSync(IAM_DIR).filter((f) => f.endsWith('.ts')))('lib/iam/%s imports only from lib/iam', (file) => {
  for (const specifier of importsOf(file)) {
    expect({ file, specifier, local: /^\.\/[^/]+$/.test(specifier) }).toEqual({ file, specifier, local: true });
  }
});
