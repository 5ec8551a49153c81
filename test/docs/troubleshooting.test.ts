/**
 * docs/troubleshooting.md is one table keyed by the exact text a user sees. Texts of other tools
 * (GitHub, STS, ECR, CloudFormation, the CDK) cannot be checked here; the rows whose "from" says
 * "this app" must quote the app: every literal piece of the message (the parts between `…`, the
 * capitalised placeholders, quotes, colons and parentheses, and the "expected" ConfigError adds
 * itself), when at least 8 characters long, must appear in the project's code.
 */
import * as fs from 'fs';
import * as path from 'path';
import { codeSpans, readDoc, ROOT, tableRows } from './markdown';

const PAGE = 'docs/troubleshooting.md';
/** Where the app's messages are written: its code, workflows, scripts and tests (not the docs tests). */
const CODE_DIRS = ['lib', 'bin', 'scripts', '.github', '.ci', 'test'];
const CODE_FILE = /\.(ts|js|yml|yaml|sh)$|^run$/;

function codeText(dir: string): string {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return rel === path.join('test', 'docs') ? [] : [codeText(rel)];
      return CODE_FILE.test(entry.name) ? [fs.readFileSync(path.join(ROOT, rel), 'utf8')] : [];
    })
    .join('\n');
}

const CODE = CODE_DIRS.map((dir) => codeText(dir)).join('\n');

/** The literal pieces of a documented message that must be found in the code. */
function literalPieces(message: string): string[] {
  return message
    .split(/…|\b[A-Z][A-Z0-9_]+\b|["'():]|\bexpected\b/)
    .map((piece) => piece.trim())
    .filter((piece) => piece.length >= 8);
}

const rows = tableRows(readDoc(PAGE)).map(([message, from]) => ({ message: codeSpans(message)[0] ?? message, from }));

test(`${PAGE} has its one table, keyed by messages`, () => {
  const tables = readDoc(PAGE).match(/^\|[- |]+\|$/gm) ?? [];
  expect(tables).toHaveLength(1);
  expect(rows.length).toBeGreaterThan(10);
  expect(rows.filter((r) => r.from.startsWith('this app')).length).toBeGreaterThan(5);
});

test('literalPieces keeps the fixed words of a message and drops what varies', () => {
  expect(literalPieces('Invalid setting "KEY" = VALUE: expected …')).toEqual(['Invalid setting']);
  expect(literalPieces('gh is not logged in (gh auth status failed)')).toEqual([
    'gh is not logged in',
    'gh auth status failed',
  ]);
});

test.each(rows.filter((r) => r.from.startsWith('this app')).map((r) => [r.message]))('this app says: %s', (message) => {
  const pieces = literalPieces(message);
  expect(pieces.length).toBeGreaterThan(0);
  expect(pieces.filter((piece) => !CODE.includes(piece))).toEqual([]);
});
