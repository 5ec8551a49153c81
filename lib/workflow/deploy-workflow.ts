/**
 * The deploy workflow (`.github/workflows/deploy-ecr.yml`) as the stack sees it: which pushes
 * trigger it, which repository variables it reads, how it assumes the role, which tags it pushes
 * (and under which condition), the build arguments it passes and the layer cache it uses.
 *
 * Pure apart from `readDeployWorkflow`; `deploy-consistency.ts` checks this model against the
 * CDK configuration, and the e2e rehearsal reads `buildArgs` from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WORKFLOW_FILE } from '../stack/config/workflow-pin';
import { GITHUB_VARIABLES } from '../stack/github-variables';
import { expressionsIn, stepOutputsReadIn, variablesReadIn } from './expressions';
import { parseWorkflow, type WorkflowDocument, type WorkflowJob, type WorkflowStep } from './workflow-document';

/** Where the deploy workflow lives, relative to the repository root (as in `job_workflow_ref`). */
export const DEPLOY_WORKFLOW_PATH = DEFAULT_WORKFLOW_FILE;

/** The actions the deploy workflow is built from (without `@ref`). */
export const DEPLOY_ACTIONS = {
  checkout: 'actions/checkout',
  credentials: 'aws-actions/configure-aws-credentials',
  ecrLogin: 'aws-actions/amazon-ecr-login',
  buildx: 'docker/setup-buildx-action',
  buildPush: 'docker/build-push-action',
  metadata: 'docker/metadata-action',
} as const;

/** A commit SHA used to render what `type=sha` tags look like. */
export const SAMPLE_COMMIT_SHA = '0123456789abcdef0123456789abcdef01234567';

/** The filters of `on.push`; a missing list is `undefined` (for branches: every branch). */
export interface PushTrigger {
  readonly branches?: readonly string[];
  readonly branchesIgnore?: readonly string[];
  readonly tags?: readonly string[];
  readonly tagsIgnore?: readonly string[];
}

/** One entry of docker/metadata-action's `tags` input. */
export interface TagRule {
  /** The entry as written. */
  readonly text: string;
  /** `sha`, `raw`, `ref`, `semver`, … (`raw` for a bare value). */
  readonly type: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The `enable=` attribute as written (an expression, `true` or `false`); absent = always. */
  readonly enable?: string;
  /**
   * The tag it produces when that is known without running: a `raw` value without expressions,
   * or a `sha` tag rendered for `SAMPLE_COMMIT_SHA`.
   */
  readonly tag?: string;
  /** A `type=sha` entry: one tag per commit, never pushed twice. Every other entry can move. */
  readonly perCommit: boolean;
  /**
   * metadata-action's `priority`: written, or the type's default. The highest comes first in the
   * action's output and names the image version (`org.opencontainers.image.version`).
   */
  readonly priority: number;
}

/** metadata-action's default priority per tag type (its README, "priority attribute"). */
export const DEFAULT_TAG_PRIORITY: Readonly<Record<string, number>> = {
  schedule: 1000,
  semver: 900,
  pep440: 900,
  match: 800,
  edge: 700,
  ref: 600,
  raw: 200,
  sha: 100,
};

/** An `aws ecr …` command in a `run:` script, and the IAM action it needs. */
export interface EcrCall {
  readonly step: WorkflowStep;
  /** e.g. `batch-get-image`. */
  readonly command: string;
  /** e.g. `ecr:BatchGetImage`. */
  readonly action: string;
}

/** One `NAME=value` line of docker/build-push-action's `build-args` input. */
export interface BuildArg {
  readonly name: string;
  /** As written, expressions included (e.g. `${{ github.sha }}`). */
  readonly value: string;
}

export interface DeployWorkflow {
  /** The path given to the parser (normally `DEPLOY_WORKFLOW_PATH`). */
  readonly path: string;
  readonly document: WorkflowDocument;
  /** Event names under `on:`. */
  readonly triggers: readonly string[];
  /** `on.push`, or undefined when the workflow does not run on push. */
  readonly push?: PushTrigger;
  /** Every repository variable the file reads (`vars.NAME`), sorted. */
  readonly variablesRead: readonly string[];
  /** The job that assumes the deploy role (the one with configure-aws-credentials). */
  readonly job?: WorkflowJob;
  readonly credentialsStep?: WorkflowStep;
  readonly checkoutSteps: readonly WorkflowStep[];
  readonly ecrLoginStep?: WorkflowStep;
  readonly metadataStep?: WorkflowStep;
  readonly buildStep?: WorkflowStep;
  /** docker/metadata-action `tags` entries. */
  readonly tags: readonly TagRule[];
  readonly buildArgs: readonly BuildArg[];
  /**
   * Steps of the job that read the moving-tags variable (`vars.ECR_MOVING_TAGS`): conditions
   * that read their outputs depend on what the repository lets move.
   */
  readonly movingTagGates: readonly WorkflowStep[];
  /**
   * The `run:` step before the build that looks up whether the commit's image is already in the
   * registry (`aws ecr batch-get-image`, `docker buildx imagetools inspect`, `docker manifest
   * inspect`), so a re-run can skip the build.
   */
  readonly imageLookupStep?: WorkflowStep;
  /** Every `aws ecr …` command the job's scripts run. */
  readonly ecrCalls: readonly EcrCall[];
}

/** True when the step's script reads an image manifest from the registry. */
function looksUpImage(step: WorkflowStep): boolean {
  if (!step.run) return false;
  const script = step.run.script.replace(/\\\n/g, ' ');
  return (
    ecrCallsIn(step).some((c) => c.command === 'batch-get-image') ||
    /\bdocker\s+(?:buildx\s+imagetools|manifest)\s+inspect\b/.test(script)
  );
}

/** Reads and parses the deploy workflow of the repository at `root`. */
export function readDeployWorkflow(root: string, path: string = DEPLOY_WORKFLOW_PATH): DeployWorkflow {
  return parseDeployWorkflow(readFileSync(join(root, path), 'utf8'), path);
}

/** Builds the model from the workflow's text. Throws `WorkflowParseError` on malformed YAML. */
export function parseDeployWorkflow(text: string, path: string = DEPLOY_WORKFLOW_PATH): DeployWorkflow {
  return deployWorkflowOf(parseWorkflow(text, path));
}

/** Builds the model from an already parsed workflow document. */
export function deployWorkflowOf(document: WorkflowDocument): DeployWorkflow {
  const job = document.jobs.find((j) => j.steps.some((s) => usesAction(s, DEPLOY_ACTIONS.credentials)));
  const steps = job?.steps ?? [];
  const find = (action: string) => steps.find((s) => usesAction(s, action));
  const metadataStep = find(DEPLOY_ACTIONS.metadata);
  const buildStep = find(DEPLOY_ACTIONS.buildPush);
  const movingVariable = GITHUB_VARIABLES.movingTags.variable;

  const variables = new Set<string>();
  for (const site of document.expressions) {
    for (const name of variablesReadIn(`\${{ ${site.expression} }}`)) variables.add(name);
  }

  return {
    path: document.path,
    document,
    triggers: Object.keys(document.on),
    push: pushTriggerOf(document.on.push, 'push' in document.on),
    variablesRead: [...variables].sort(),
    job,
    credentialsStep: find(DEPLOY_ACTIONS.credentials),
    checkoutSteps: steps.filter((s) => usesAction(s, DEPLOY_ACTIONS.checkout)),
    ecrLoginStep: find(DEPLOY_ACTIONS.ecrLogin),
    metadataStep,
    buildStep,
    tags: parseTagRules(metadataStep?.with.tags ?? ''),
    buildArgs: parseBuildArgs(buildStep?.with['build-args'] ?? ''),
    movingTagGates: steps.filter((s) => stepReads(s, movingVariable)),
    imageLookupStep: steps.find((s) => looksUpImage(s) && (buildStep === undefined || s.index < buildStep.index)),
    ecrCalls: steps.flatMap((s) => ecrCallsIn(s)),
  };
}

/** The `aws ecr <command>` calls of a step's script (global options before `ecr` allowed). */
export function ecrCallsIn(step: WorkflowStep): EcrCall[] {
  if (!step.run) return [];
  const calls: EcrCall[] = [];
  // `aws`, global options (`--region x`, `--no-cli-pager`), then `ecr COMMAND`; backslash-newline
  // continuations count as spaces.
  const script = step.run.script.replace(/\\\n/g, ' ');
  for (const m of script.matchAll(
    /\baws((?:\s+--[\w-]+(?:=\S+|\s+(?!ecr\b)[^\s-]\S*)?)*)\s+ecr\s+([a-z][a-z0-9-]*)/g,
  )) {
    calls.push({ step, command: m[2], action: ecrActionOf(m[2]) });
  }
  return calls;
}

/** The IAM action behind an `aws ecr` command: its name in PascalCase, login commands aside. */
export function ecrActionOf(command: string): string {
  if (command === 'get-login-password' || command === 'get-login') return 'ecr:GetAuthorizationToken';
  return `ecr:${command
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}`;
}

/** True when the step runs `action` (any ref). */
export function usesAction(step: WorkflowStep, action: string): boolean {
  return step.uses !== undefined && step.uses.uses.split('@')[0] === action;
}

/**
 * True when `text` depends on repository variable `variable`: it reads it directly, or reads an
 * output of a step (of `job`) whose inputs read it. One step's outputs are taken to depend on all
 * of its inputs, which is how a gate step like "decide moving tags" works.
 */
export function dependsOnVariable(text: string, variable: string, job: WorkflowJob | undefined, depth = 0): boolean {
  if (variablesReadIn(text).includes(variable)) return true;
  if (!job || depth > job.steps.length) return false;
  return stepOutputsReadIn(text).some(({ step }) => {
    const source = job.steps.find((s) => s.id === step);
    return (
      source !== undefined && stepInputs(source).some((input) => dependsOnVariable(input, variable, job, depth + 1))
    );
  });
}

/** True when one of the step's own inputs (`env`, `with`, `if`) reads the variable directly. */
function stepReads(step: WorkflowStep, variable: string): boolean {
  return stepInputs(step).some((input) => variablesReadIn(input).includes(variable));
}

function stepInputs(step: WorkflowStep): string[] {
  return [...Object.values(step.env), ...Object.values(step.with), ...(step.if ? [`\${{ ${step.if} }}`] : [])];
}

function pushTriggerOf(value: unknown, present: boolean): PushTrigger | undefined {
  if (!present) return undefined;
  if (value === null || typeof value !== 'object') return {};
  const block = value as Record<string, unknown>;
  const list = (key: string): string[] | undefined => {
    const v = block[key];
    if (v === undefined || v === null) return undefined;
    return (Array.isArray(v) ? v : [v]).map(String);
  };
  return {
    branches: list('branches'),
    branchesIgnore: list('branches-ignore'),
    tags: list('tags'),
    tagsIgnore: list('tags-ignore'),
  };
}

/**
 * Parses metadata-action's `tags` input: one entry per line, `key=value` attributes separated by
 * commas (commas inside `${{ }}` belong to the expression), a bare value meaning `type=raw`.
 */
export function parseTagRules(input: string): TagRule[] {
  const rules: TagRule[] = [];
  for (const rawLine of input.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const attributes: Record<string, string> = {};
    const parts = splitOutsideExpressions(line);
    parts.forEach((part, i) => {
      const eq = part.indexOf('=');
      if (eq === -1) {
        // "type=raw,foo" and a bare "foo" both mean the value foo.
        if (i === 0 || attributes.type === 'raw') attributes.value = part.trim();
      } else {
        attributes[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
      }
    });
    const type = attributes.type ?? 'raw';
    const written =
      attributes.priority !== undefined && /^-?[0-9]+$/.test(attributes.priority)
        ? Number(attributes.priority)
        : undefined;
    const priority = written ?? DEFAULT_TAG_PRIORITY[type] ?? 0;
    rules.push({
      text: line,
      type,
      attributes,
      enable: attributes.enable,
      tag: tagOf(type, attributes),
      perCommit: type === 'sha',
      priority,
    });
  }
  return rules;
}

function tagOf(type: string, attributes: Record<string, string>): string | undefined {
  const prefix = attributes.prefix ?? (type === 'sha' ? 'sha-' : '');
  const suffix = attributes.suffix ?? '';
  let core: string | undefined;
  if (type === 'sha') {
    core = attributes.format === 'long' ? SAMPLE_COMMIT_SHA : SAMPLE_COMMIT_SHA.slice(0, 7);
  } else if (
    type === 'raw' &&
    attributes.value !== undefined &&
    !attributes.value.includes('${{') &&
    !attributes.value.includes('{{')
  ) {
    core = attributes.value;
  }
  const whole = core === undefined ? undefined : `${prefix}${core}${suffix}`;
  return whole !== undefined && !whole.includes('{{') ? whole : undefined;
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

function splitOutsideExpressions(line: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < line.length; i++) {
    if (line.startsWith('${{', i)) depth++;
    if (line.startsWith('}}', i) && depth > 0) depth--;
    if (line[i] === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += line[i];
    }
  }
  parts.push(current);
  return parts;
}
