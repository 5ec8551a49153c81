/**
 * Trust-policy examples in the docs are what the renderer produces: a JSON block preceded by
 * `<!-- rendered from: {settings} -->` must equal the trust conditions lib/stack/trust renders for
 * those settings (one statement's conditions as an object, several as a list).
 */
import { parseConfig } from '../../lib/stack/config';
import { renderTrustStatements } from '../../lib/stack/trust/trust-conditions';
import { docFiles, readDoc } from './markdown';

/** Each `<!-- rendered from: … -->` comment of `text`, with the JSON block that follows it. */
function renderedExamples(text: string): { line: number; settings: Record<string, unknown>; shown: unknown }[] {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => {
    const comment = /^<!-- rendered from: (\{.*\}) -->$/.exec(line.trim());
    if (!comment) return [];
    const open = lines.findIndex((l, j) => j > i && l.trim() !== '');
    const close = lines.findIndex((l, j) => j > open && l.trim() === '```');
    if (lines[open]?.trim() !== '```json' || close === -1) {
      return [{ line: i + 1, settings: JSON.parse(comment[1]), shown: 'no ```json block right after the comment' }];
    }
    return [
      { line: i + 1, settings: JSON.parse(comment[1]), shown: JSON.parse(lines.slice(open + 1, close).join('\n')) },
    ];
  });
}

function rendered(settings: Readonly<Record<string, unknown>>): unknown {
  const config = parseConfig((key) => settings[key], Object.keys(settings));
  const statements = renderTrustStatements({ ...config, issuerHost: config.issuerHost });
  return statements.length === 1 ? statements[0] : statements;
}

const examples = docFiles().flatMap((file) => renderedExamples(readDoc(file)).map((e) => ({ file, ...e })));

test('the docs have rendered examples to check', () => {
  expect(examples.length).toBeGreaterThan(0);
});

test.each(examples.map((e) => [`${e.file}:${e.line}`, e] as const))('%s shows what the renderer renders', (_, e) => {
  expect(e.shown).toEqual(rendered(e.settings));
});
