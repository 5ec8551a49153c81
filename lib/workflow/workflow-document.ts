/**
 * A GitHub Actions workflow file read into a small, typed model: triggers, permissions, jobs and
 * steps, with the line of everything a message may need to point at. Knows nothing about AWS;
 * deploy-workflow.ts builds the deploy-specific view on top of it.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { expressionsIn } from './expressions';

/** Raised when the file is not YAML or not shaped like a workflow. */
export class WorkflowParseError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
    this.name = 'WorkflowParseError';
  }
}

/** `permissions:` as written: a scope → access map, or `read-all` / `write-all`. */
export type Permissions = Readonly<Record<string, string>> | 'read-all' | 'write-all';

/** An action or reusable workflow reference (`uses:`), with the comment after it. */
export interface ActionReference {
  readonly uses: string;
  /** Text of the comment on the same line (`# v1.2.3` → `v1.2.3`). */
  readonly comment?: string;
  readonly line: number;
}

/** A `run:` script and the shell that will run it. */
export interface RunScript {
  readonly script: string;
  /** `bash` unless the step or the job's defaults say otherwise. */
  readonly shell: string;
  /** Line of the `run:` key; a block scalar's first script line is the next one. */
  readonly line: number;
  /** True for `run: |` / `run: >` (the script starts on the line after `run:`). */
  readonly block: boolean;
}

export interface WorkflowStep {
  readonly jobId: string;
  /** Position in the job, from 0. */
  readonly index: number;
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: ActionReference;
  readonly run?: RunScript;
  /** `with:` inputs, every value as a string (`1800` → `"1800"`). */
  readonly with: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly line: number;
  /** The whole step as plain data (its YAML read as JSON), for comparing steps as written. */
  readonly json: unknown;
}

export interface WorkflowJob {
  readonly id: string;
  readonly name?: string;
  /** The job's `if:` as written (with or without `${{ }}`). */
  readonly if?: string;
  readonly permissions?: Permissions;
  /** The job's own `concurrency:`. */
  readonly concurrency?: Concurrency;
  /** `environment:` (a name, or `environment.name`). */
  readonly environment?: string;
  readonly timeoutMinutes?: number;
  /** `strategy.matrix` as plain data (keys to value lists, `include`, `exclude`), when written. */
  readonly matrix?: Readonly<Record<string, unknown>>;
  /** A job that calls a reusable workflow instead of running steps. */
  readonly uses?: ActionReference;
  /** The jobs it waits for (`needs:`, one id or a list), as written. */
  readonly needs: readonly string[];
  /** Its job `outputs:` (name → value as written). */
  readonly outputs: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  readonly steps: readonly WorkflowStep[];
  readonly line: number;
  /** The whole job as plain data (its YAML read as JSON). */
  readonly json: Readonly<Record<string, unknown>>;
}

/** A `concurrency:` block: its group, and `cancel-in-progress` as written. */
export interface Concurrency {
  readonly group?: string;
  readonly cancelInProgress?: string;
}

/** One `${{ … }}` found anywhere in the file. */
export interface ExpressionSite {
  readonly expression: string;
  /** YAML path of the value holding it, e.g. `jobs.build.steps[2].with.tags`. */
  readonly path: string;
  readonly line: number;
}

export interface WorkflowDocument {
  /** Path the file was read from, as given (used in messages). */
  readonly path: string;
  readonly name?: string;
  /** Triggers by event name; the value is the event's filter block (or null). */
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions?: Permissions;
  readonly concurrency?: Concurrency;
  readonly env: Readonly<Record<string, string>>;
  readonly jobs: readonly WorkflowJob[];
  readonly expressions: readonly ExpressionSite[];
  /** Every `uses:` in the file (steps and reusable-workflow jobs). */
  readonly actions: readonly ActionReference[];
}

/** Parses a workflow file's text. Throws `WorkflowParseError` when it cannot be read as one. */
export function parseWorkflow(text: string, path: string): WorkflowDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new WorkflowParseError(path, `not valid YAML: ${doc.errors[0].message}`);
  }
  const root = doc.contents;
  if (!isMap(root)) throw new WorkflowParseError(path, 'expected a mapping at the top level');
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line : 0);

  const jobsNode = root.get('jobs', true);
  if (!isMap(jobsNode)) throw new WorkflowParseError(path, 'expected a "jobs:" mapping');
  const defaultsShell = (job: YAMLMap): string | undefined =>
    stringAt(job, ['defaults', 'run', 'shell']) ?? stringAt(root, ['defaults', 'run', 'shell']);

  const actions: ActionReference[] = [];
  const usesOf = (map: YAMLMap): ActionReference | undefined => {
    const node = map.get('uses', true);
    if (!isScalar(node) || typeof node.value !== 'string') return undefined;
    const ref: ActionReference = { uses: node.value, comment: node.comment?.trim() || undefined, line: lineOf(node) };
    actions.push(ref);
    return ref;
  };

  const jobs: WorkflowJob[] = [];
  for (const pair of jobsNode.items) {
    const jobId = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const jobNode = pair.value;
    if (!isMap(jobNode)) throw new WorkflowParseError(path, `job "${jobId}" is not a mapping`);
    const shell = defaultsShell(jobNode) ?? 'bash';
    const stepsNode = jobNode.get('steps', true);
    const steps: WorkflowStep[] = [];
    if (isSeq(stepsNode)) {
      stepsNode.items.forEach((stepNode, index) => {
        if (!isMap(stepNode)) throw new WorkflowParseError(path, `job "${jobId}" step ${index + 1} is not a mapping`);
        const runNode = stepNode.get('run', true);
        let run: RunScript | undefined;
        if (isScalar(runNode)) {
          run = {
            script: String(runNode.value),
            shell: stringAt(stepNode, ['shell']) ?? shell,
            line: lineOf(runNode),
            block: runNode.type === 'BLOCK_LITERAL' || runNode.type === 'BLOCK_FOLDED',
          };
        }
        steps.push({
          jobId,
          index,
          id: stringAt(stepNode, ['id']),
          name: stringAt(stepNode, ['name']),
          if: stringAt(stepNode, ['if']),
          uses: usesOf(stepNode),
          run,
          with: stringMap(stepNode.get('with', true)),
          env: stringMap(stepNode.get('env', true)),
          line: lineOf(stepNode),
          json: stepNode.toJSON(),
        });
      });
    }
    const environmentNode = jobNode.get('environment', true);
    const environment = isMap(environmentNode) ? stringAt(environmentNode, ['name']) : scalarString(environmentNode);
    const timeout = scalarString(jobNode.get('timeout-minutes', true));
    const matrixNode = jobNode.getIn(['strategy', 'matrix'], true);
    const needsNode = jobNode.get('needs', true);
    jobs.push({
      id: jobId,
      name: stringAt(jobNode, ['name']),
      if: stringAt(jobNode, ['if']),
      permissions: permissionsOf(jobNode.get('permissions', true)),
      concurrency: concurrencyOf(jobNode.get('concurrency', true)),
      environment,
      timeoutMinutes: timeout !== undefined && /^[0-9]+$/.test(timeout) ? Number(timeout) : undefined,
      matrix: isMap(matrixNode) ? (matrixNode.toJSON() as Record<string, unknown>) : undefined,
      uses: usesOf(jobNode),
      needs: isSeq(needsNode)
        ? needsNode.items.flatMap((n) => scalarString(n) ?? [])
        : [scalarString(needsNode)].flatMap((n) => n ?? []),
      outputs: stringMap(jobNode.get('outputs', true)),
      env: stringMap(jobNode.get('env', true)),
      steps,
      line: lineOf(pair.key as Node),
      json: (jobNode.toJSON() ?? {}) as Record<string, unknown>,
    });
  }

  return {
    path,
    name: stringAt(root, ['name']),
    on: triggersOf(root.get('on', true), path),
    permissions: permissionsOf(root.get('permissions', true)),
    concurrency: concurrencyOf(root.get('concurrency', true)),
    env: stringMap(root.get('env', true)),
    jobs,
    expressions: collectExpressions(root, lineOf),
    actions,
  };
}

/** A `concurrency:` block (workflow or job): a group name, or `{ group, cancel-in-progress }`. */
function concurrencyOf(node: unknown): Concurrency | undefined {
  if (isMap(node)) {
    return { group: stringAt(node, ['group']), cancelInProgress: stringAt(node, ['cancel-in-progress']) };
  }
  return isScalar(node) ? { group: scalarString(node) } : undefined;
}

function triggersOf(node: unknown, path: string): Record<string, unknown> {
  if (isScalar(node) && typeof node.value === 'string') return { [node.value]: null };
  if (isSeq(node))
    return Object.fromEntries(node.items.map((item) => [String(isScalar(item) ? item.value : item), null]));
  if (isMap(node)) return (node.toJSON() ?? {}) as Record<string, unknown>;
  throw new WorkflowParseError(path, 'expected an "on:" section (an event name, a list or a mapping)');
}

function permissionsOf(node: unknown): Permissions | undefined {
  if (node === undefined || node === null) return undefined;
  if (isScalar(node)) {
    const value = String(node.value);
    // "permissions: {}" is the empty map; a scalar is one of the two shorthands.
    return value === 'write-all' ? 'write-all' : 'read-all';
  }
  return stringMap(node);
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
  return String(node.value);
}

function stringAt(map: YAMLMap, keys: readonly string[]): string | undefined {
  const node = map.getIn(keys, true);
  return scalarString(node);
}

/** A mapping of scalars as strings; anything else is ignored (the linter reports bad shapes). */
function stringMap(node: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const value = scalarString(pair.value);
    if (key !== undefined && value !== undefined) out[key] = value;
  }
  return out;
}

function collectExpressions(root: YAMLMap, lineOf: (node: Node) => number): ExpressionSite[] {
  const sites: ExpressionSite[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isScalar(node)) {
      if (typeof node.value === 'string') {
        for (const expression of expressionsIn(node.value)) sites.push({ expression, path, line: lineOf(node) });
      }
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        walk(pair.value, path ? `${path}.${key}` : key);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`));
    }
  };
  walk(root, '');
  return sites;
}
