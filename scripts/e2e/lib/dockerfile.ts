/**
 * Reads just enough of a Dockerfile to find the build argument that names its base image: an
 * `ARG` before the first `FROM` that the first `FROM` uses (`FROM ${BASE_IMAGE}`). The rehearsal
 * sets that argument to the base it pushed to the loopback registry.
 */

export interface BaseImageArg {
  readonly name: string;
  /** The default the Dockerfile gives it (what a real build pulls), if any. */
  readonly defaultValue?: string;
}

/** Instructions with line continuations joined and comments and blank lines dropped. */
export function instructions(dockerfile: string): Array<{ keyword: string; args: string }> {
  const out: Array<{ keyword: string; args: string }> = [];
  let pending = '';
  for (const rawLine of dockerfile.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (pending !== '' && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const m = /^(\S+)\s*(.*)$/s.exec(full)!;
    out.push({ keyword: m[1].toUpperCase(), args: m[2].trim() });
  }
  return out;
}

export function baseImageArg(dockerfile: string): BaseImageArg | undefined {
  const args = new Map<string, string | undefined>();
  for (const { keyword, args: rest } of instructions(dockerfile)) {
    if (keyword === 'ARG') {
      const [name, ...value] = rest.split('=');
      args.set(name.trim(), value.length > 0 ? value.join('=').replace(/^["']|["']$/g, '') : undefined);
      continue;
    }
    if (keyword !== 'FROM') continue;
    const image = rest.split(/\s+/).find((word) => !word.startsWith('--')) ?? '';
    for (const [name, defaultValue] of args) {
      if (
        image.includes(`\${${name}}`) ||
        image.includes(`\${${name}:`) ||
        new RegExp(`\\$${name}(?![A-Za-z0-9_])`).test(image)
      ) {
        return { name, defaultValue };
      }
    }
    return undefined;
  }
  return undefined;
}
