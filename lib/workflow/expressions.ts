/**
 * Just enough of GitHub Actions' `${{ … }}` expression syntax to see what an expression reads:
 * repository variables (`vars.NAME`), step outputs (`steps.ID.outputs.NAME`) and contexts.
 */

/** The bodies of every `${{ … }}` in `text`, trimmed. */
export function expressionsIn(text: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('${{', from);
    if (open === -1) return found;
    const close = findClose(text, open + 3);
    if (close === -1) return found;
    found.push(text.slice(open + 3, close).trim());
    from = close + 2;
  }
}

/** Index of the `}}` that ends an expression starting at `from`, skipping quoted strings. */
function findClose(text: string, from: number): number {
  let quoted = false;
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === "'") {
      // Inside a string literal '' is an escaped quote, which this toggling handles too.
      quoted = !quoted;
    } else if (!quoted && text[i] === '}' && text[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}

/** True when `text` holds an expression: `${{` anywhere. */
export function hasExpression(text: string): boolean {
  return text.includes('${{');
}

/** Names of repository variables read by the expressions in `text` (`vars.X`, `vars['X']`). */
export function variablesReadIn(text: string): string[] {
  return [...new Set(expressionsIn(text).flatMap(variablesInExpression))];
}

/** Names of repository variables one expression body reads. */
export function variablesInExpression(body: string): string[] {
  const names = new Set<string>();
  for (const m of withoutStrings(body).matchAll(/(?<![\w.])vars\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)/g)) names.add(m[1]);
  for (const m of body.matchAll(/(?<![\w.])vars\s*\[\s*'([^']+)'\s*\]/g)) names.add(m[1]);
  return [...names];
}

/** Step outputs read by the expressions in `text`. */
export function stepOutputsReadIn(text: string): Array<{ step: string; output: string }> {
  const found: Array<{ step: string; output: string }> = [];
  for (const body of expressionsIn(text)) {
    for (const m of withoutStrings(body).matchAll(/(?<![\w.])steps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g)) {
      found.push({ step: m[1], output: m[2] });
    }
  }
  return found;
}

/**
 * Context properties read by the expressions in `text`, as dotted paths (`github.run_id`,
 * `github.event.head_commit.message`, `steps.x.outputs.y`).
 */
export function contextPathsIn(text: string): string[] {
  const paths: string[] = [];
  for (const body of expressionsIn(text)) {
    for (const m of withoutStrings(body).matchAll(
      /(?<![\w.'])([A-Za-z_][\w-]*(?:\s*\.\s*(?:[A-Za-z_*][\w-]*)|\s*\[[^\]]*\])+)/g,
    )) {
      paths.push(m[1].replace(/\s+/g, ''));
    }
  }
  return paths;
}

/** Replaces string literals by empty ones, so words inside them are not read as names. */
function withoutStrings(body: string): string {
  return body.replace(/'(?:[^']|'')*'/g, "''");
}
