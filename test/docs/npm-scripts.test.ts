/**
 * Every `npm run NAME` in README.md and docs/*.md (prose and code blocks) is a script in
 * package.json, so a renamed or removed script cannot leave a command in the docs that fails.
 */
import * as fs from 'fs';
import * as path from 'path';
import { docFiles, readDoc, ROOT } from './markdown';

const SCRIPTS = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);

/** `file:line: npm run NAME` for each script the file names that package.json lacks. */
function unknownScripts(file: string): string[] {
  return readDoc(file)
    .split('\n')
    .flatMap((line, i) =>
      [...line.matchAll(/\bnpm run(?:-script)? ([A-Za-z0-9][\w:.-]*)/g)]
        .map((m) => m[1].replace(/[.:]+$/, ''))
        .filter((name) => !SCRIPTS.includes(name))
        .map((name) => `${file}:${i + 1}: npm run ${name} (package.json scripts: ${SCRIPTS.join(', ')})`),
    );
}

test('package.json has scripts to compare with', () => {
  expect(SCRIPTS).toEqual(expect.arrayContaining(['configure', 'doctor', 'github-setup']));
});

test.each(docFiles())('every npm run script that %s names is in package.json', (file) => {
  expect(unknownScripts(file)).toEqual([]);
});
