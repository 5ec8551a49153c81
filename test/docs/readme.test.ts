/**
 * The README stays a one-screen start: at most 15 KB, the Node.js version package.json requires,
 * the quick start in the order the steps must run, and an index of every page in docs/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { codeBlocks, docFiles, links, readDoc, ROOT, section } from './markdown';

/** The README's size limit, in bytes. */
const README_MAX_BYTES = 15_000;

const README = readDoc('README.md');

test(`README.md is at most ${README_MAX_BYTES} bytes`, () => {
  expect(Buffer.byteLength(README, 'utf8')).toBeLessThanOrEqual(README_MAX_BYTES);
});

test('README.md states the Node.js version of package.json "engines"', () => {
  const engines = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node as string;
  const minimum = /^>=\s*(\d+(?:\.\d+)*)$/.exec(engines)?.[1];
  expect(minimum).toBeDefined();
  expect(section(README, 'Quick start')).toContain(`Node.js ${minimum} or newer`);
});

test('the quick start runs configure → synth → test → bootstrap → deploy → github-setup → push, in that order', () => {
  const commands = codeBlocks(section(README, 'Quick start') ?? '')
    .map((b) => b.body)
    .join('\n');
  const steps = [
    'npm run configure',
    'npx cdk synth',
    'npm test',
    'npx cdk bootstrap',
    'npx cdk deploy',
    'npm run github-setup',
    'git push',
  ];
  const at = (step: string) => commands.search(new RegExp(`^[^#\\n]*${step.replace(/ /g, '\\s+')}\\b`, 'm'));
  expect(steps.filter((step) => at(step) === -1)).toEqual([]);
  expect([...steps].sort((a, b) => at(a) - at(b))).toEqual(steps);
});

test('the README "Documentation" index links every page in docs/', () => {
  const index = links(section(README, 'Documentation') ?? '').map((l) => l.target);
  const pages = docFiles().filter((f) => f !== 'README.md');
  expect(pages.filter((page) => !index.includes(page))).toEqual([]);
});

test.each(docFiles().filter((f) => f !== 'README.md'))(
  '%s starts with what the reader will be able to do after it',
  (page) => {
    const afterTitle = readDoc(page)
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, 2);
    expect(afterTitle[0]).toMatch(/^# \S/);
    expect(afterTitle[1]).toMatch(/^After this page you will be able to /);
  },
);
