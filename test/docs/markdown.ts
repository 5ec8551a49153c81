/**
 * The project's documentation as the docs tests read it: README.md and docs/*.md, their headings
 * (with the anchors GitHub gives them), links, code spans, tables and sections. Plain text
 * processing, no Markdown library: the docs use a small, regular subset of GitHub Markdown.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository's root directory. */
export const ROOT = path.join(__dirname, '..', '..');

/** README.md and every docs/*.md, as paths relative to the root. */
export function docFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/** A documentation file's text (path relative to the root). */
export function readDoc(file: string): string {
  return fs.readFileSync(path.join(ROOT, file), 'utf8');
}

/** A line of a file, numbered from 1. */
export interface Line {
  readonly number: number;
  readonly text: string;
}

/** The lines outside fenced code blocks (``` or ~~~), with their numbers. */
export function proseLines(text: string): Line[] {
  const lines: Line[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((raw, i) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(raw)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return;
    }
    if (marker !== undefined) {
      fence = marker;
      return;
    }
    lines.push({ number: i + 1, text: raw });
  });
  return lines;
}

/** The fenced code blocks of `text`: their info string (e.g. `json`) and their text. */
export function codeBlocks(text: string): { info: string; body: string }[] {
  const blocks: { info: string; body: string }[] = [];
  let open: { fence: string; info: string; lines: string[] } | undefined;
  for (const raw of text.split('\n')) {
    const m = /^\s*(`{3,}|~{3,})\s*(.*)$/.exec(raw);
    if (open) {
      if (m && m[1][0] === open.fence[0] && m[1].length >= open.fence.length && m[2] === '') {
        blocks.push({ info: open.info, body: open.lines.join('\n') });
        open = undefined;
      } else {
        open.lines.push(raw);
      }
    } else if (m) {
      open = { fence: m[1], info: m[2].trim(), lines: [] };
    }
  }
  return blocks;
}

/** Inline code spans of one line of prose (their content, without the backticks). */
export function codeSpans(line: string): string[] {
  const spans: string[] = [];
  const re = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) spans.push(m[2].trim());
  return spans;
}

/** One line with its code spans blanked out, so that what they hold is not read as Markdown. */
export function withoutCodeSpans(line: string): string {
  return line.replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (span) => ' '.repeat(span.length));
}

/** An ATX heading (`## Text`) outside code, with its level and line. */
export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
}

/** The headings of `text`, in order. */
export function headings(text: string): Heading[] {
  return proseLines(text).flatMap(({ number, text: line }) => {
    const m = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    return m ? [{ level: m[1].length, text: m[2], line: number }] : [];
  });
}

/**
 * The anchor GitHub gives a heading (github-slugger's rule, on the heading's rendered text):
 * lower case; punctuation and symbols removed except "-" and "_"; each space becomes "-".
 */
export function slug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, ''); // inline HTML
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor of a file: its headings' slugs (a repeated one gets -1, -2, … as on GitHub) and `<a id>`/`<a name>`. */
export function anchors(text: string): Set<string> {
  const occurrences = new Map<string, number>();
  const found = new Set<string>();
  for (const h of headings(text)) {
    const original = slug(h.text);
    let candidate = original;
    while (occurrences.has(candidate)) {
      const n = occurrences.get(original)! + 1;
      occurrences.set(original, n);
      candidate = `${original}-${n}`;
    }
    occurrences.set(candidate, 0);
    found.add(candidate);
  }
  for (const { text: line } of proseLines(text)) {
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]);
  }
  return found;
}

/** A link's target as written, and where. */
export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Inline links and images (`[text](target)`) and reference definitions (`[id]: target`) outside code. */
export function links(text: string): Link[] {
  const found: Link[] = [];
  for (const { number, text: raw } of proseLines(text)) {
    const line = withoutCodeSpans(raw);
    for (const m of line.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) {
      found.push({ target: m[1].replace(/^<|>$/g, ''), line: number });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(\S+)/.exec(line);
    if (definition) found.push({ target: definition[1], line: number });
  }
  return found;
}

/** The cells of each row of the Markdown tables in `text` (header and separator rows left out). */
export function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const { text: line } of proseLines(text)) {
    if (!/^\s*\|/.test(line)) continue;
    const cells = splitRow(line);
    // The separator row: the row before it was the header.
    if (cells.every((c) => /^:?-{3,}:?$/.test(c))) rows.pop();
    else rows.push(cells);
  }
  return rows;
}

/** The cells of one table row; a `|` inside a code span or escaped as `\|` does not split. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let ticks = 0;
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\' && body[i + 1] === '|') {
      cell += '|';
      i++;
      continue;
    }
    if (ch === '`') {
      let run = 0;
      while (body[i + run] === '`') run++;
      ticks = ticks === 0 ? run : ticks === run ? 0 : ticks;
      cell += '`'.repeat(run);
      i += run - 1;
      continue;
    }
    if (ch === '|' && ticks === 0) {
      cells.push(cell.trim());
      cell = '';
      continue;
    }
    cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * The part of `text` under the heading whose text is `title` (any level), up to the next heading
 * of the same or a higher level; undefined when there is no such heading.
 */
export function section(text: string, title: string): string | undefined {
  const all = headings(text);
  const start = all.find((h) => h.text === title);
  if (!start) return undefined;
  const end = all.find((h) => h.line > start.line && h.level <= start.level);
  const lines = text.split('\n');
  return lines.slice(start.line, end ? end.line - 1 : lines.length).join('\n');
}
