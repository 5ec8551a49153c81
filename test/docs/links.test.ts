/**
 * Links that cannot rot: every relative link and #anchor in README.md and docs/*.md resolves (the
 * anchors GitHub makes from headings), and every repository path a page names in a code span
 * (`lib/…`, `test/…`, …) exists.
 */
import * as fs from 'fs';
import * as path from 'path';
import { anchors, codeSpans, docFiles, links, proseLines, readDoc, ROOT, slug } from './markdown';

/** Where a link or path points, relative to the root, and the anchor after "#". */
function resolve(from: string, target: string): { file: string; anchor?: string } {
  const [pathPart, anchor] = target.split('#', 2);
  const file = pathPart === '' ? from : path.posix.normalize(path.posix.join(path.posix.dirname(from), pathPart));
  return { file: decodeURIComponent(file), anchor: anchor === undefined ? undefined : decodeURIComponent(anchor) };
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** The problems of one file's links: target missing, outside the repository, or anchor unknown. */
function linkProblems(file: string): string[] {
  const problems: string[] = [];
  for (const { target, line } of links(readDoc(file))) {
    if (isExternal(target)) continue;
    const where = `${file}:${line}: (${target})`;
    const { file: linked, anchor } = resolve(file, target);
    if (linked.startsWith('..') || path.isAbsolute(linked)) {
      problems.push(`${where} points outside the repository`);
      continue;
    }
    if (!fs.existsSync(path.join(ROOT, linked))) {
      problems.push(`${where}: ${linked} does not exist`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (!linked.endsWith('.md')) {
      problems.push(`${where}: an anchor into ${linked}, which is not a Markdown page`);
      continue;
    }
    if (!anchors(readDoc(linked)).has(anchor)) {
      problems.push(`${where}: ${linked} has no heading whose anchor is #${anchor}`);
    }
  }
  return problems;
}

/** The top-level directories whose paths the pages name in code spans. */
const REPOSITORY_DIRS = /^(lib|test|bin|scripts|docs|image|\.github|\.ci)\//;

/** The problems of one file's code spans that name a repository path that does not exist. */
function pathProblems(file: string): string[] {
  const problems: string[] = [];
  for (const { number, text } of proseLines(readDoc(file))) {
    for (const span of codeSpans(text)) {
      if (!REPOSITORY_DIRS.test(span) || /\s|…/.test(span)) continue;
      // A glob names the directory it starts in: `test/stack/config/*` needs test/stack/config/.
      const existing = span.includes('*') ? span.slice(0, span.indexOf('*')).replace(/[^/]*$/, '') : span;
      if (!fs.existsSync(path.join(ROOT, existing))) {
        problems.push(`${file}:${number}: \`${span}\` does not exist`);
      }
    }
  }
  return problems;
}

describe("GitHub's heading anchors, as slug() computes them", () => {
  test.each([
    ["Why can't my workflow assume the role?", 'why-cant-my-workflow-assume-the-role'],
    ['Rehearse a push: `npm run test:e2e`', 'rehearse-a-push-npm-run-teste2e'],
    ['The image: `Dockerfile` and `image/`', 'the-image-dockerfile-and-image'],
    ['`allowedBranches`', 'allowedbranches'],
    ['Settings → validated config — outputs', 'settings--validated-config--outputs'],
    ['snake_case stays', 'snake_case-stays'],
    ['[A link](other.md) in a heading', 'a-link-in-a-heading'],
  ])('%s → #%s', (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });

  test('a repeated heading gets -1, -2 as on GitHub', () => {
    expect([...anchors('# A\n## A\n### A\n```\n# not a heading\n```\n')]).toEqual(['a', 'a-1', 'a-2']);
  });
});

describe.each(docFiles())('%s', (file) => {
  test('every relative link and #anchor resolves', () => {
    expect(linkProblems(file)).toEqual([]);
  });

  test('every repository path it names in a code span exists', () => {
    expect(pathProblems(file)).toEqual([]);
  });
});
