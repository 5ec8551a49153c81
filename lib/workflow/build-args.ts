/**
 * docker/build-push-action's `build-args` input: parsed from the workflow, and rendered with
 * values for a local build (the e2e rehearsal). Pure; part of the deploy workflow model.
 */
import { expressionsIn } from './expressions';

/** One `NAME=value` line of docker/build-push-action's `build-args` input. */
export interface BuildArg {
  readonly name: string;
  /** As written, expressions included (e.g. `${{ github.sha }}`). */
  readonly value: string;
}

/** Parses build-push-action's `build-args` input: one `NAME=value` per line. */
export function parseBuildArgs(input: string): BuildArg[] {
  const args: BuildArg[] = [];
  for (const rawLine of input.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    args.push(
      eq === -1 ? { name: line, value: '' } : { name: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() },
    );
  }
  return args;
}

/**
 * Renders build arguments for a local build: each `${{ expression }}` is replaced by
 * `values[expression]` (e.g. `{ 'github.sha': '…' }`). Throws when an expression has no value,
 * so a rehearsal never builds with an argument it silently got wrong.
 */
export function renderBuildArgs(
  args: readonly BuildArg[],
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    let value = arg.value;
    for (const expression of expressionsIn(arg.value)) {
      if (!(expression in values)) {
        throw new Error(`build-arg ${arg.name} reads \${{ ${expression} }}, for which no value was given`);
      }
      const replacement = values[expression];
      value = value.replace(/\$\{\{[\s\S]*?\}\}/, () => replacement);
    }
    out[arg.name] = value;
  }
  return out;
}
