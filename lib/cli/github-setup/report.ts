/**
 * What github-setup prints: the commands (with a comment line per stack saying where they come
 * from), or with --apply what each did; `--json` the same as one object.
 */
import type { CliIo } from '../io';
import { loggedInGh, runCommands } from './apply';
import type { SetupTarget } from './registry';
import type { MissingStage, StageTarget } from './stages';

/** Everything one run sets up. */
export interface SetupPlan {
  /** The repository variables' targets (none with --stage). */
  readonly targets: readonly SetupTarget[];
  /** Whether the settings list `repositories` (the JSON report is then `{ repositories: […] }`). */
  readonly listed: boolean;
  /** With deployStages: the stages set up, and those whose stack no outputs file holds. */
  readonly stages?: { readonly targets: readonly StageTarget[]; readonly missing: readonly MissingStage[] };
}

/** What the report needs from the command line. */
export interface ReportOptions {
  readonly outputs: readonly string[];
  readonly environment?: string;
  readonly apply: boolean;
  readonly json: boolean;
}

/**
 * Prints the plan's commands, or with --apply runs them all (one failure does not stop the
 * others); returns the exit code. The JSON report of one repository is `{ stack, repo, … }` (with
 * deployStages also `stages` and `skippedStages`; with --stage only those and `repo`); with
 * `repositories` it is `{ repositories: [{ stack, repo, … }], … }`.
 */
export function report(plan: SetupPlan, options: ReportOptions, io: CliIo): number {
  const stageTargets = plan.stages?.targets ?? [];
  const commands = [...plan.targets.flatMap((t) => t.commands), ...stageTargets.flatMap((t) => t.commands)];
  if (!options.apply) {
    if (options.json) {
      io.stdout(jsonReport(plan, options, { applied: false }));
      return 0;
    }
    io.stdout(textReport(plan, options));
    return 0;
  }
  const gh = loggedInGh(io, commands);
  const { failed, results } = runCommands(gh, commands, io, options.json);
  if (options.json) io.stdout(jsonReport(plan, options, { applied: true, results }));
  return failed === 0 ? 0 : 1;
}

function textReport(plan: SetupPlan, options: ReportOptions): string {
  const lines: string[] = [];
  const environment = options.environment;
  for (const t of plan.targets) {
    lines.push(
      `# GitHub variables for ${t.repo}${environment ? ` (environment ${environment})` : ''} from stack ${t.stack} (${t.file ?? options.outputs.join(', ')}):`,
    );
    for (const c of t.commands) {
      if (c.note) lines.push(`# ${c.note}`);
      lines.push(c.line);
    }
  }
  for (const t of plan.stages?.targets ?? []) {
    lines.push(
      `# Variables of environment ${t.environment} (stage ${t.name}) for ${t.repo} from stack ${t.stack} (${t.file}):`,
    );
    lines.push(...t.commands.map((c) => c.line));
  }
  lines.push('# Run them yourself, or again with --apply (needs gh, logged in).');
  return `${lines.join('\n')}\n`;
}

function jsonReport(plan: SetupPlan, options: ReportOptions, extra: object): string {
  const environment = options.environment;
  const described = plan.targets.map((t) => ({ stack: t.stack, repo: t.repo, environment, commands: t.commands }));
  let body: object;
  if (plan.listed) {
    body = { repositories: described, ...extra };
  } else {
    const stages = plan.stages && {
      stages: plan.stages.targets.map((t) => ({ ...t })),
      skippedStages: plan.stages.missing.map((m) => ({ ...m })),
    };
    const repo = plan.stages?.targets[0]?.repo;
    body = { ...(described[0] ?? { repo }), ...stages, ...extra };
  }
  return `${JSON.stringify(body, null, 2)}\n`;
}
