/**
 * Checks that the deploy workflow and the stack agree: a change to one side that breaks the
 * other (a branch the role does not trust, a session longer than the role allows, a variable
 * nobody sets, a tag that cannot be re-pushed) becomes a problem whose message names the side to
 * change. Pure: give it the parsed workflow and the parsed CDK configuration.
 */
import type { AppConfig } from '../stack/config';
import { GITHUB_VARIABLES, type GitHubVariable } from '../stack/github-variables';
import { checkActionPins } from './action-pins';
import { contextPathsIn, expressionsIn, hasExpression, stepOutputsReadIn, variablesReadIn } from './expressions';
import { dependsOnVariable, type DeployWorkflow } from './deploy-workflow';
import { iamLikeMatches, starPatternIncludes, widenGitHubFilter } from './patterns';
import { parseRefCondition } from './ref-condition';
import type { Permissions, WorkflowDocument } from './workflow-document';
import type { FixTarget, WorkflowProblem } from './workflow-problem';

/** The parts of the CDK configuration the workflow must agree with. */
export type DeployConfig = Pick<
  AppConfig,
  'region' | 'subjects' | 'workflowFile' | 'maxSessionDurationSeconds' | 'movingTags' | 'untaggedImageExpiryDays'
>;

/**
 * The ECR actions the deploy role is allowed (lib/stack/constructs/image-repository.ts: `grantPullPush` on the
 * repository, and GetAuthorizationToken). Notably not ecr:DescribeImages or ecr:ListImages.
 * test/workflow/role-ecr-actions.test.ts holds this list against the synthesized role.
 */
export const ROLE_ECR_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

/** The GitHub variables the stack's outputs fill in (`GITHUB_VARIABLES` unless a test swaps it). */
export interface DeployVariables {
  readonly roleArn: GitHubVariable;
  readonly region: GitHubVariable;
  readonly repositoryName: GitHubVariable;
  readonly movingTags: GitHubVariable;
}

export interface ConsistencyOptions {
  readonly variables?: DeployVariables;
  /** README.md text: when given, every variable must be documented in its "Set up GitHub" section. */
  readonly readme?: string;
}

/** STS's shortest session. */
const MIN_SESSION_SECONDS = 900;
/** configure-aws-credentials' session length when `role-duration-seconds` is not set. */
const DEFAULT_SESSION_SECONDS = 3600;
/** GitHub's default job timeout. */
const DEFAULT_TIMEOUT_MINUTES = 360;
/** Contexts whose values GitHub controls and which fit STS's session-name alphabet. */
const SESSION_NAME_CONTEXTS = new Set([
  'github.run_id',
  'github.run_attempt',
  'github.run_number',
  'github.repository_id',
  'github.sha',
]);

/** Every problem between the workflow and the configuration; empty when they agree. */
export function checkDeployWorkflow(
  workflow: DeployWorkflow,
  config: DeployConfig,
  options: ConsistencyOptions = {},
): WorkflowProblem[] {
  const variables = options.variables ?? GITHUB_VARIABLES;
  const c = new Checker(workflow, config, variables);
  c.triggers();
  c.dispatch();
  c.workflowFile();
  c.permissions();
  c.credentials();
  c.repositoryVariable();
  c.variablesRead();
  if (options.readme !== undefined) c.readme(options.readme);
  c.problems.push(...checkActionPins(workflow.document));
  c.problems.push(...checkRunExpressions(workflow.document));
  c.checkout();
  c.concurrency();
  c.tags();
  c.tagPriority();
  c.imageManifest();
  c.rerun();
  c.ecrCalls();
  c.cache();
  return c.problems;
}

/**
 * `${{ }}` inside `run:` is pasted into the script before the shell parses it, so a value that
 * contains quotes or `$(…)` runs as code. Values go through `env:` instead. Applies to any
 * workflow file.
 */
export function checkRunExpressions(document: WorkflowDocument): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  for (const job of document.jobs) {
    for (const step of job.steps) {
      if (!step.run || !hasExpression(step.run.script)) continue;
      const exprs = expressionsIn(step.run.script).map((e) => `\${{ ${e} }}`);
      problems.push({
        check: 'run-expressions',
        severity: 'error',
        message: `job "${job.id}" step "${step.name ?? step.index + 1}" writes ${exprs.join(', ')} inside run:, where the value becomes script text: pass it through the step's env: and use "$NAME" in the script (fix ${document.path}).`,
        fix: ['workflow'],
        line: step.run.line,
      });
    }
  }
  return problems;
}

class Checker {
  readonly problems: WorkflowProblem[] = [];
  private readonly path: string;

  constructor(
    private readonly wf: DeployWorkflow,
    private readonly config: DeployConfig,
    private readonly vars: DeployVariables,
  ) {
    this.path = wf.path;
  }

  private add(check: string, severity: 'error' | 'warning', fix: FixTarget[], message: string, line?: number): void {
    this.problems.push({ check, severity, fix, message, line });
  }

  private subjects(kind: string): string[] {
    return this.config.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
  }

  /** The branches (or tags, or environment) that start a deploy are ones the role trusts, and back. */
  triggers(): void {
    const { push, job } = this.wf;
    const path = this.path;
    if (this.wf.triggers.some((t) => t === 'pull_request' || t === 'pull_request_target')) {
      this.add(
        'triggers',
        'error',
        ['workflow'],
        `${path} runs on pull requests: a deploy must come from a reviewed branch, and pull_request_target would run untrusted code with the role; remove the pull_request trigger from ${path}.`,
      );
    }
    if (!push) {
      this.add(
        'push-branches',
        'error',
        ['workflow'],
        `${path} does not run on push: add on.push.branches (${this.listOr(this.subjects('branch'), 'e.g. [develop]')}) to ${path}.`,
      );
      return;
    }

    if (job?.environment !== undefined) {
      // The token's sub is then environment:NAME whatever the branch; the environment's own
      // protection rules decide which branches may use it.
      this.environmentTrusted(job.environment, job.id);
      return;
    }
    this.refsTrusted('branch', push.branches, push.branchesIgnore, push.tags === undefined);
    this.refsTrusted('tag', push.tags, push.tagsIgnore, false);
    for (const env of this.subjects('environment')) {
      this.add(
        'environments',
        'warning',
        ['cdk-config', 'workflow'],
        `the role trusts environment "${env}" but the deploy job names no environment: remove "${env}" from allowedEnvironments in cdk.json (least privilege), or add environment: ${env} to the job in ${path}.`,
      );
    }
    if (this.config.subjects.some((s) => s.kind === 'pull_request')) {
      this.add(
        'pull-requests',
        'warning',
        ['cdk-config'],
        `allowPullRequests=true lets pull-request runs assume the role, but ${path} does not run on pull requests: set allowPullRequests to false in cdk.json.`,
      );
    }
  }

  private environmentTrusted(environment: string, jobId: string): void {
    const trusted = this.subjects('environment');
    if (hasExpression(environment)) {
      this.add(
        'environments',
        'error',
        ['workflow'],
        `job "${jobId}" picks its environment with an expression ("${environment}"), which cannot be checked against the role: name it literally in ${this.path}.`,
      );
    } else if (!trusted.some((t) => iamLikeMatches(t, environment))) {
      this.add(
        'environments',
        'error',
        ['cdk-config', 'workflow'],
        `job "${jobId}" runs in environment "${environment}" (its token's sub is "…:environment:${environment}") but the role trusts ${this.listOr(trusted, 'no environment')}: add "${environment}" to allowedEnvironments in cdk.json or remove environment: from the job in ${this.path}.`,
      );
    }
  }

  /**
   * Every ref filter must lie inside a trusted pattern (else pushes fail to assume the role), and
   * every trusted pattern should be used by a filter (else the role trusts more than it needs).
   */
  private refsTrusted(
    kind: 'branch' | 'tag',
    filters: readonly string[] | undefined,
    ignored: readonly string[] | undefined,
    allWhenMissing: boolean,
  ): void {
    const trusted = this.subjects(kind);
    const setting = kind === 'branch' ? 'allowedBranches' : 'allowedTags';
    const key = kind === 'branch' ? 'branches' : 'tags';
    const path = this.path;
    if (ignored !== undefined) {
      this.add(
        `push-${key}`,
        'error',
        ['workflow'],
        `on.push.${key}-ignore makes ${path} run for every other ${kind}, and the role cannot trust them all: list the ${kind}es in on.push.${key} instead (${this.listOr(trusted, `no ${kind} is trusted`)}).`,
      );
      return;
    }
    if (filters === undefined && !allWhenMissing) {
      for (const t of trusted) {
        this.add(
          `push-${key}`,
          'warning',
          ['cdk-config', 'workflow'],
          `the role trusts ${kind} "${t}" but ${path} never runs on a ${kind} push: remove "${t}" from ${setting} in cdk.json (least privilege) or add it to on.push.${key} in ${path}.`,
        );
      }
      return;
    }
    const positive = (filters ?? ['**']).filter((f) => !f.startsWith('!'));
    for (const filter of positive) {
      const wide = widenGitHubFilter(filter);
      if (!trusted.some((t) => starPatternIncludes(t, wide))) {
        const shown = filters === undefined ? `every ${kind} (on.push has no ${key} filter)` : `${kind} "${filter}"`;
        this.add(
          `push-${key}`,
          'error',
          ['cdk-config', 'workflow'],
          `${path} triggers on ${shown} but the role trusts only ${this.listOr(trusted, `no ${kind}`)}: ` +
            (filters === undefined
              ? `add on.push.${key} with the trusted ${kind}es to ${path}.`
              : `add "${filter}" to ${setting} in cdk.json or remove it from ${path} on.push.${key}.`),
        );
      }
    }
    for (const t of trusted) {
      if (!positive.some((f) => starPatternIncludes(widenGitHubFilter(f), t))) {
        this.add(
          `push-${key}`,
          'warning',
          ['cdk-config', 'workflow'],
          `the role trusts ${kind} "${t}" but ${path} never runs on it: remove "${t}" from ${setting} in cdk.json (least privilege) or add it to ${path} on.push.${key}.`,
        );
      }
    }
  }

  /**
   * `workflow_dispatch` can start the workflow on any branch, and the role refuses all but the
   * ones it trusts: the job's `if:` must hold it to trusted refs, without skipping a push the
   * `on.push` filters let through.
   */
  dispatch(): void {
    const job = this.wf.job;
    if (!job || job.environment !== undefined) return; // with an environment, sub names no ref
    const path = this.path;
    const trusted = [
      ...this.subjects('branch').map((b) => `refs/heads/${b}`),
      ...this.subjects('tag').map((t) => `refs/tags/${t}`),
    ];
    const dispatched = this.wf.triggers.includes('workflow_dispatch');
    const example =
      this.subjects('branch')
        .map((b) =>
          b.includes('*')
            ? `startsWith(github.ref, 'refs/heads/${b.slice(0, b.indexOf('*'))}')`
            : `github.ref == 'refs/heads/${b}'`,
        )
        .join(' || ') || "github.ref == 'refs/heads/develop'";
    if (job.if === undefined) {
      if (dispatched) {
        this.add(
          'dispatch',
          'error',
          ['workflow'],
          `${path} can be started by hand (workflow_dispatch) from any branch, but the role trusts only ${this.listOr(trusted, 'no ref')}, so such a run fails at "Assume the deploy role": add "if: ${example}" to job "${job.id}" in ${path} (a run elsewhere is then skipped).`,
          job.line,
        );
      }
      return;
    }
    const condition = parseRefCondition(job.if);
    if (!condition) {
      this.add(
        'dispatch',
        'error',
        ['workflow'],
        `job "${job.id}" has "if: ${job.if}", which cannot be compared with the refs the role trusts: write it as github.ref == 'refs/heads/…' (or startsWith(github.ref, '…')) terms joined by || in ${path}, e.g. "${example}".`,
        job.line,
      );
      return;
    }
    // A manual run's event is workflow_dispatch: only the ref terms let it through.
    if (dispatched) {
      for (const ref of condition.refs) {
        if (!trusted.some((t) => starPatternIncludes(t, ref))) {
          this.add(
            'dispatch',
            'error',
            ['cdk-config', 'workflow'],
            `job "${job.id}" lets a manual run on ${ref} through (its if:), but the role trusts only ${this.listOr(trusted, 'no ref')}: remove it from the job's if: in ${path}, or add the branch to allowedBranches in cdk.json.`,
            job.line,
          );
        }
      }
    }
    if (condition.everyPush || !this.wf.push) return;
    const pushed = [
      ...(this.wf.push.branches ?? (this.wf.push.tags === undefined ? ['**'] : []))
        .filter((f) => !f.startsWith('!'))
        .map((f) => ['branch', f, `refs/heads/${widenGitHubFilter(f)}`]),
      ...(this.wf.push.tags ?? [])
        .filter((f) => !f.startsWith('!'))
        .map((f) => ['tag', f, `refs/tags/${widenGitHubFilter(f)}`]),
    ];
    for (const [kind, filter, ref] of pushed) {
      if (!condition.refs.some((r) => starPatternIncludes(r, ref))) {
        this.add(
          'dispatch',
          'error',
          ['workflow'],
          `job "${job.id}" has "if: ${job.if}", which skips pushes to ${kind} "${filter}" (on.push): add that ref to the if: or remove the filter from on.push in ${path}.`,
          job.line,
        );
      }
    }
  }

  /** A pinned workflow file (job_workflow_ref) must be this file. */
  workflowFile(): void {
    const pinned = this.config.workflowFile;
    if (pinned !== undefined && pinned !== this.path) {
      this.add(
        'workflow-file',
        'error',
        ['cdk-config', 'workflow'],
        `cdk.json workflowFile is "${pinned}" but the deploy workflow is "${this.path}", so the role would refuse it (job_workflow_ref): set workflowFile to "${this.path}" in cdk.json or move the workflow to ${pinned}.`,
      );
    }
  }

  /** Read-only token by default; the deploy job adds exactly the OIDC token. */
  permissions(): void {
    const path = this.path;
    const top = this.wf.document.permissions;
    const topWrites = writesOf(top);
    if (top === undefined) {
      this.add(
        'permissions',
        'error',
        ['workflow'],
        `${path} has no top-level permissions, so its token gets the repository's default (possibly write) access: add "permissions: contents: read" at the top of ${path}.`,
      );
    } else if (topWrites.length > 0) {
      this.add(
        'permissions',
        'error',
        ['workflow'],
        `${path} grants ${topWrites.join(', ')} to every job at the top level: keep only "contents: read" there and give the deploy job "id-token: write" alone.`,
      );
    }
    const job = this.wf.job;
    if (!job) return;
    const perms = job.permissions ?? top;
    if (perms === undefined || perms === 'read-all' || (perms !== 'write-all' && perms['id-token'] !== 'write')) {
      this.add(
        'id-token',
        'error',
        ['workflow'],
        `job "${job.id}" has no "id-token: write", so it cannot request an OIDC token and configure-aws-credentials fails with "Could not load credentials from any providers": add "permissions: { contents: read, id-token: write }" to the job in ${path}.`,
      );
    }
    if (job.permissions !== undefined && typeof job.permissions === 'object' && job.permissions.contents !== 'read') {
      this.add(
        'permissions',
        'error',
        ['workflow'],
        `job "${job.id}" permissions replace the top-level ones and do not include "contents: read", so checkout cannot read a private repository: add it in ${path}.`,
      );
    }
    const extra = writesOf(job.permissions).filter((w) => w !== 'id-token: write');
    if (extra.length > 0) {
      this.add(
        'permissions',
        'error',
        ['workflow'],
        `job "${job.id}" grants ${extra.join(', ')}, which pushing to ECR does not need: remove them from the job's permissions in ${path}.`,
      );
    }
  }

  /** configure-aws-credentials: role and region from the stack's variables, session within the role's limit. */
  credentials(): void {
    const step = this.wf.credentialsStep;
    const path = this.path;
    if (!step || !this.wf.job) {
      this.add(
        'credentials',
        'error',
        ['workflow'],
        `no step of ${path} uses aws-actions/configure-aws-credentials, so nothing assumes the deploy role: add it (role-to-assume: \${{ vars.${this.vars.roleArn.variable} }}).`,
      );
      return;
    }
    const input = (name: string) => step.with[name];
    this.readsExactly('role-to-assume', input('role-to-assume'), this.vars.roleArn, step.line);
    const region = input('aws-region');
    if (region !== undefined && !hasExpression(region)) {
      this.add(
        'region',
        'error',
        ['workflow'],
        `aws-region is hard-coded to "${region}"${region === this.config.region ? '' : ` while cdk.json deploys the stack to "${this.config.region}"`}: set aws-region: \${{ vars.${this.vars.region.variable} }} in ${path} so it always follows the stack output ${this.vars.region.output}.`,
        step.line,
      );
    } else {
      this.readsExactly('aws-region', region, this.vars.region, step.line);
    }

    const session = input('role-session-name');
    if (session === undefined || session.trim() === '') {
      this.add(
        'session-name',
        'error',
        ['workflow'],
        `role-session-name is not set, so CloudTrail cannot tell which run used the role: set it from trusted run values, e.g. deploy-ecr-\${{ github.run_id }}-\${{ github.run_attempt }}, in ${path}.`,
        step.line,
      );
    } else {
      const untrusted = contextPathsIn(session).filter((c) => !SESSION_NAME_CONTEXTS.has(c));
      const literal = session.replace(/\$\{\{[\s\S]*?\}\}/g, '');
      if (untrusted.length > 0) {
        this.add(
          'session-name',
          'error',
          ['workflow'],
          `role-session-name reads ${untrusted.join(', ')}: use only ${[...SESSION_NAME_CONTEXTS].join(', ')} (values GitHub sets, in STS's alphabet) in ${path}.`,
          step.line,
        );
      } else if (!/^[\w+=,.@-]*$/.test(literal)) {
        this.add(
          'session-name',
          'error',
          ['workflow'],
          `role-session-name "${session}" has characters STS rejects (allowed: letters, digits and _+=,.@-): fix it in ${path}.`,
          step.line,
        );
      }
    }

    const max = this.config.maxSessionDurationSeconds;
    const durationText = input('role-duration-seconds');
    let duration = DEFAULT_SESSION_SECONDS;
    if (durationText !== undefined) {
      if (!/^[0-9]+$/.test(durationText.trim())) {
        this.add(
          'session-duration',
          'error',
          ['workflow'],
          `role-duration-seconds is "${durationText}", which cannot be checked against the role's limit: write a number of seconds (${MIN_SESSION_SECONDS}–${max}) in ${path}.`,
          step.line,
        );
        return;
      }
      duration = Number(durationText.trim());
    }
    const written =
      durationText === undefined
        ? `not set (configure-aws-credentials then asks for ${DEFAULT_SESSION_SECONDS} s)`
        : `${duration}`;
    if (duration > max) {
      this.add(
        'session-duration',
        'error',
        ['workflow'],
        `role-duration-seconds is ${written} but the role's MaxSessionDuration is ${max} s (fixed by the stack, not a setting), so STS refuses the session: set role-duration-seconds to at most ${max} in ${path}.`,
        step.line,
      );
    } else if (duration < MIN_SESSION_SECONDS) {
      this.add(
        'session-duration',
        'error',
        ['workflow'],
        `role-duration-seconds is ${duration}, below STS's minimum of ${MIN_SESSION_SECONDS}: raise it in ${path}.`,
        step.line,
      );
    }
    const timeout = this.wf.job.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
    if (timeout * 60 > duration) {
      this.add(
        'session-duration',
        'warning',
        ['workflow'],
        `job "${this.wf.job.id}" may run ${timeout} minutes but its AWS session lasts ${duration} s: set timeout-minutes to at most ${Math.floor(duration / 60)} in ${path} so a stuck build fails clearly instead of with expired credentials.`,
      );
    }
  }

  /** The image goes to the repository named by the stack's variable. */
  repositoryVariable(): void {
    const path = this.path;
    const variable = this.vars.repositoryName;
    if (!this.wf.ecrLoginStep) {
      this.add(
        'ecr-login',
        'error',
        ['workflow'],
        `no step of ${path} uses aws-actions/amazon-ecr-login, so docker cannot push to ECR: add it after configure-aws-credentials.`,
      );
    }
    const meta = this.wf.metadataStep;
    if (!meta) {
      this.add(
        'tags',
        'error',
        ['workflow'],
        `no step of ${path} uses docker/metadata-action, so the image gets neither its commit tag nor its OCI labels: add it.`,
      );
      return;
    }
    const images = meta.with.images ?? '';
    if (!dependsOnVariable(images, variable.variable, this.wf.job)) {
      this.add(
        'repository',
        'error',
        ['workflow'],
        `docker/metadata-action images is "${images}", which does not come from vars.${variable.variable} (stack output ${variable.output}): build it as <ECR registry>/\${{ vars.${variable.variable} }} in ${path}.`,
        meta.line,
      );
    }
    const build = this.wf.buildStep;
    if (!build) {
      this.add(
        'build',
        'error',
        ['workflow'],
        `no step of ${path} uses docker/build-push-action: add it with push: true and tags: \${{ steps.${meta.id ?? 'meta'}.outputs.tags }}.`,
      );
    } else if (build.with.push !== 'true') {
      this.add(
        'build',
        'error',
        ['workflow'],
        `docker/build-push-action does not set push: true, so nothing reaches ECR: set it in ${path}.`,
        build.line,
      );
    }
  }

  /** The variables read are exactly the ones the stack's outputs fill in. */
  variablesRead(): void {
    const expected = new Map(Object.values(this.vars).map((v) => [v.variable, v]));
    const read = new Set(this.wf.variablesRead);
    for (const name of read) {
      if (!expected.has(name)) {
        this.add(
          'variables',
          'error',
          ['workflow', 'github-variables'],
          `${this.path} reads vars.${name}, which no stack output provides (nobody is told to set it): stop reading it in ${this.path}, or add it to lib/stack/github-variables.ts with a stack output and document it in the README.`,
        );
      }
    }
    for (const [name, v] of expected) {
      if (!read.has(name)) {
        this.add(
          'variables',
          'error',
          ['workflow', 'github-variables'],
          `lib/stack/github-variables.ts maps stack output ${v.output} to vars.${name}, but ${this.path} never reads it: use it in ${this.path} or remove it from lib/stack/github-variables.ts.`,
        );
      }
    }
  }

  /** Each variable (and the output it comes from) is in the README's "Set up GitHub" section. */
  readme(text: string): void {
    const start = text.indexOf('<!-- section: github-setup');
    const end = text.indexOf('<!-- end: github-setup -->');
    const section = start !== -1 && end > start ? text.slice(start, end) : text;
    for (const v of Object.values(this.vars)) {
      const missing = [v.variable, v.output].filter((word) => !new RegExp(`\\b${word}\\b`).test(section));
      if (missing.length > 0) {
        this.add(
          'readme',
          'error',
          ['readme'],
          `README "Set up GitHub" does not mention ${missing.join(' and ')} (vars.${v.variable} comes from stack output ${v.output}): document it in README.md.`,
        );
      }
    }
  }

  checkout(): void {
    for (const step of this.wf.checkoutSteps) {
      if (step.with['persist-credentials'] !== 'false') {
        this.add(
          'checkout',
          'error',
          ['workflow'],
          `actions/checkout leaves the job's token in .git/config (and so in the build context): set persist-credentials: false in ${this.path}.`,
          step.line,
        );
      }
    }
  }

  /** Two pushes to the same branch never deploy at the same time, and a running deploy is never cut off. */
  concurrency(): void {
    const c = this.wf.document.concurrency;
    if (!c?.group) {
      this.add(
        'concurrency',
        'error',
        ['workflow'],
        `${this.path} has no concurrency group, so two quick pushes can push tags in either order: add "concurrency: { group: deploy-ecr-\${{ github.ref }}, cancel-in-progress: false }".`,
      );
    } else if (c.cancelInProgress !== undefined && c.cancelInProgress !== 'false') {
      this.add(
        'concurrency',
        'error',
        ['workflow'],
        `concurrency.cancel-in-progress is "${c.cancelInProgress}": a deploy cut off mid-push can leave tags half moved; set it to false in ${this.path}.`,
      );
    }
  }

  /** A per-commit tag always; moving tags only under the repository's moving-tags variable. */
  tags(): void {
    const meta = this.wf.metadataStep;
    if (!meta) return;
    const path = this.path;
    const movingVar = this.vars.movingTags.variable;
    const filters = this.config.movingTags;

    const fullSha = this.wf.tags.filter((t) => t.perCommit && t.attributes.format === 'long');
    if (fullSha.length === 0) {
      this.add(
        'tags',
        'error',
        ['workflow'],
        `docker/metadata-action tags has no "type=sha,format=long" entry, so images are not tagged with their commit: add "type=sha,format=long,prefix=" in ${path}.`,
        meta.line,
      );
    }
    for (const rule of this.wf.tags.filter((t) => t.perCommit)) {
      const hit = rule.tag === undefined ? undefined : filters.find((f) => iamLikeMatches(f, rule.tag!));
      if (hit !== undefined) {
        this.add(
          'moving-tags',
          'error',
          ['cdk-config', 'workflow'],
          `the per-commit tag "${rule.text}" (e.g. "${rule.tag}") matches moving-tag filter "${hit}" in cdk.json movingTags, so it could be overwritten: narrow that filter in cdk.json or change the tag's prefix in ${path}.`,
          meta.line,
        );
      }
    }
    for (const rule of this.wf.tags.filter((t) => !t.perCommit)) {
      if (rule.enable === 'false') continue;
      if (rule.enable === undefined || !dependsOnVariable(rule.enable, movingVar, this.wf.job)) {
        this.add(
          'moving-tags',
          'error',
          ['workflow'],
          `tag "${rule.text}" is pushed on every run without a condition on vars.${movingVar}; with the repository's immutable tags its second push fails ("tag already exists"): add enable=\${{ … }} reading the decision made from vars.${movingVar} (see the "Decide moving tags" step) in ${path}.`,
          meta.line,
        );
      }
    }
    const flavor = meta.with.flavor ?? '';
    if (this.wf.push?.tags !== undefined && !/latest\s*=\s*false/.test(flavor)) {
      this.add(
        'moving-tags',
        'error',
        ['workflow'],
        `docker/metadata-action adds an unconditional "latest" on tag pushes unless flavor says latest=false: add "flavor: latest=false" in ${path}.`,
        meta.line,
      );
    }

    // Filters the stack lets move that nothing in the workflow moves: each one weakens the
    // repository's immutability (and fails Control Tower CT.ECR.PR.3) for nothing.
    const moved = this.movedTags();
    for (const filter of filters) {
      if (!moved.some((tag) => iamLikeMatches(filter, tag))) {
        this.add(
          'moving-tags',
          'warning',
          ['cdk-config', 'workflow'],
          `cdk.json movingTags lets "${filter}" move, but ${path} moves no tag it matches (${this.listOr(moved, 'it moves none')}): remove it from movingTags in cdk.json, or push such a tag under the vars.${movingVar} condition in ${path}.`,
        );
      }
    }
  }

  /**
   * metadata-action sorts its tags by priority and names the image version after the first:
   * that must be the commit SHA, not a moving tag like `latest`.
   */
  tagPriority(): void {
    const meta = this.wf.metadataStep;
    const sha = this.wf.tags.find((t) => t.perCommit && t.attributes.format === 'long');
    if (!meta || !sha) return;
    const live = this.wf.tags.filter((t) => t.enable !== 'false');
    // Highest first; among equals, the one written first (the action's sort is stable).
    const first = live.reduce((best, t) => (t.priority > best.priority ? t : best), live[0]);
    if (first !== sha) {
      this.add(
        'tag-priority',
        'error',
        ['workflow'],
        `docker/metadata-action puts "${first.text}" (priority ${first.priority}) before the commit SHA tag (priority ${sha.priority}), so org.opencontainers.image.version becomes "${first.tag ?? first.text}" instead of the SHA: give the SHA entry the highest priority, e.g. "type=sha,format=long,prefix=,priority=${Math.max(1001, first.priority + 1)}", in ${this.path}.`,
        meta.line,
      );
    }
  }

  /**
   * The pushed tag must name a plain image manifest. Several platforms, a provenance attestation
   * (build-push-action adds one unless provenance: false) or an SBOM turn it into an image index
   * whose child manifests ECR keeps untagged, and the stack's lifecycle rule expires untagged
   * images, which would break the tagged index.
   */
  imageManifest(): void {
    const build = this.wf.buildStep;
    if (!build) return;
    const path = this.path;
    const days = this.config.untaggedImageExpiryDays;
    const why = `its child manifests are untagged in ECR, and the repository's lifecycle rule expires untagged images after ${days} days (cdk.json untaggedImageExpiryDays; the rule cannot be turned off), which breaks the tagged image`;
    const platforms = build.with.platforms;
    if (platforms !== undefined) {
      const list = platforms
        .split(/[,\n]/)
        .map((p) => p.trim())
        .filter((p) => p !== '');
      if (hasExpression(platforms)) {
        this.add(
          'image-manifest',
          'error',
          ['workflow'],
          `docker/build-push-action platforms is "${platforms}", an expression that cannot be checked to name one platform: write the one platform literally in ${path}.`,
          build.line,
        );
      } else if (list.length > 1) {
        this.add(
          'image-manifest',
          'error',
          ['workflow'],
          `docker/build-push-action builds for ${list.length} platforms (${list.join(', ')}), which pushes an image index: ${why}. Build one platform in ${path}.`,
          build.line,
        );
      }
    }
    const provenance = build.with.provenance?.trim();
    if (provenance !== 'false') {
      this.add(
        'image-manifest',
        'error',
        ['workflow'],
        `docker/build-push-action ${provenance === undefined ? 'has no provenance input, so it attaches a provenance attestation by default' : `sets provenance: ${provenance}, which attaches a provenance attestation`}; the pushed tag then names an image index: ${why}. Set provenance: false in ${path}.`,
        build.line,
      );
    }
    for (const input of ['sbom', 'attests']) {
      const value = build.with[input]?.trim();
      if (value === undefined || value === '' || (input === 'sbom' && value === 'false')) continue;
      this.add(
        'image-manifest',
        'error',
        ['workflow'],
        `docker/build-push-action sets ${input}: ${value}, which attaches an attestation; the pushed tag then names an image index: ${why}. Remove ${input} from ${path}.`,
        build.line,
      );
    }
  }

  /**
   * A re-run, or a manual run of a commit already pushed, must not build and push again: the SHA
   * tag is immutable and a new build differs (its created label), so ECR refuses the push.
   */
  rerun(): void {
    const build = this.wf.buildStep;
    const job = this.wf.job;
    if (!build || !job) return;
    const path = this.path;
    const lookup = this.wf.imageLookupStep;
    if (!lookup) {
      this.add(
        'rerun',
        'error',
        ['workflow'],
        `nothing in ${path} checks whether the commit's image is already in ECR before docker/build-push-action, so "Re-run jobs" or a manual run of a pushed commit rebuilds it and fails with ImageTagAlreadyExistsException (the SHA tag is immutable and every build differs): add a step that looks the tag up (aws ecr batch-get-image --image-ids imageTag=<SHA>; the role has ecr:BatchGetImage, not ecr:DescribeImages) and skip the build when it is found, in ${path}.`,
        build.line,
      );
      return;
    }
    const credentials = this.wf.credentialsStep;
    if (credentials && lookup.index < credentials.index) {
      this.add(
        'rerun',
        'error',
        ['workflow'],
        `step "${lookup.name ?? lookup.index + 1}" looks the image up before configure-aws-credentials, without AWS credentials: move it after "${credentials.name ?? 'Assume the deploy role'}" in ${path}.`,
        lookup.line,
      );
    }
    const readsSha = [...Object.values(lookup.env), lookup.run?.script ?? ''].some((text) =>
      contextPathsIn(text).includes('github.sha'),
    );
    if (!readsSha) {
      this.add(
        'rerun',
        'error',
        ['workflow'],
        `step "${lookup.name ?? lookup.index + 1}" does not look up the commit's own tag: pass \${{ github.sha }} to it through env: in ${path}.`,
        lookup.line,
      );
    }
    const gated =
      lookup.id !== undefined && stepOutputsReadIn(`\${{ ${build.if ?? ''} }}`).some((o) => o.step === lookup.id);
    if (!gated) {
      this.add(
        'rerun',
        'error',
        ['workflow'],
        `docker/build-push-action runs whether or not step "${lookup.name ?? lookup.index + 1}" found the image, so a re-run still fails with ImageTagAlreadyExistsException: give the lookup an id and the build step "if: steps.<id>.outputs.<found> != 'true'" in ${path}.`,
        build.line,
      );
    }
  }

  /** Every `aws ecr` command in the job needs an action the role has. */
  ecrCalls(): void {
    for (const call of this.wf.ecrCalls) {
      if (ROLE_ECR_ACTIONS.includes(call.action)) continue;
      const hint =
        call.action === 'ecr:DescribeImages' || call.action === 'ecr:ListImages'
          ? ' (to see whether a tag exists, aws ecr batch-get-image needs only ecr:BatchGetImage)'
          : '';
      this.add(
        'ecr-permissions',
        'error',
        ['workflow'],
        `step "${call.step.name ?? call.step.index + 1}" runs "aws ecr ${call.command}", which needs ${call.action}; the deploy role does not have it, so the call fails with AccessDeniedException: use a command within ${ROLE_ECR_ACTIONS.join(', ')}${hint} in ${this.path}, or grant the action in lib/stack/constructs/image-repository.ts.`,
        call.step.line,
      );
    }
  }

  /** Tags the workflow may re-point: gated metadata tags and the registry cache tag. */
  private movedTags(): string[] {
    const tags = this.wf.tags
      .filter((t) => !t.perCommit && t.tag !== undefined && t.enable !== 'false')
      .map((t) => t.tag!);
    for (const gate of this.wf.movingTagGates) {
      if (gate.env.CACHE_TAG) tags.push(gate.env.CACHE_TAG);
    }
    return [...new Set(tags)];
  }

  /** GitHub's cache by default; ECR as a cache only where its cache tag may move. */
  cache(): void {
    const build = this.wf.buildStep;
    if (!build) return;
    const path = this.path;
    const movingVar = this.vars.movingTags.variable;
    const cacheTo = build.with['cache-to'];
    if (cacheTo === undefined || cacheTo.trim() === '') {
      this.add(
        'cache',
        'warning',
        ['workflow'],
        `docker/build-push-action has no cache-to, so every push rebuilds every layer: add cache-to: type=gha,mode=max (and cache-from: type=gha) in ${path}.`,
        build.line,
      );
    }
    for (const input of ['cache-to', 'cache-from']) {
      const value = build.with[input] ?? '';
      if (/type=registry/.test(value) && !dependsOnVariable(value, movingVar, this.wf.job)) {
        this.add(
          'cache',
          'error',
          ['workflow'],
          `${input} uses an ECR registry cache unconditionally; its cache tag is rewritten on every push, which an immutable repository refuses: use type=gha, or choose the registry cache only when vars.${movingVar} lets the cache tag move, in ${path}.`,
          build.line,
        );
      }
    }
    // Wherever the registry cache export is written, ECR needs these two options.
    const exports = [cacheTo ?? '', ...this.wf.movingTagGates.map((g) => g.run?.script ?? '')]
      .flatMap((text) => text.split('\n'))
      .filter((line) => /type=registry/.test(line) && (/cache-to/.test(line) || /mode=/.test(line)));
    for (const line of exports) {
      if (!/image-manifest=true/.test(line) || !/oci-mediatypes=true/.test(line)) {
        this.add(
          'cache',
          'error',
          ['workflow'],
          `the registry cache export "${line.trim()}" lacks image-manifest=true,oci-mediatypes=true, which ECR requires for BuildKit caches: add them in ${path}.`,
        );
      }
    }
  }

  private readsExactly(input: string, value: string | undefined, variable: GitHubVariable, line: number): void {
    const expected = `\${{ vars.${variable.variable} }}`;
    const exact =
      value !== undefined &&
      expressionsIn(value).length === 1 &&
      value.trim().startsWith('${{') &&
      value.trim().endsWith('}}') &&
      variablesReadIn(value).join() === variable.variable;
    if (!exact) {
      this.add(
        input === 'aws-region' ? 'region' : 'role',
        'error',
        ['workflow'],
        `${input} is ${value === undefined ? 'not set' : `"${value}"`}: set it to ${expected} (stack output ${variable.output}) in ${this.path}.`,
        line,
      );
    }
  }

  private listOr(items: readonly string[], none: string): string {
    return items.length === 0 ? none : `[${items.join(', ')}]`;
  }
}

/** `scope: write` entries of a permissions block (`write-all` counts as everything). */
function writesOf(p: Permissions | undefined): string[] {
  if (p === undefined || p === 'read-all') return [];
  if (p === 'write-all') return ['write-all'];
  return Object.entries(p)
    .filter(([, access]) => access === 'write')
    .map(([scope]) => `${scope}: write`);
}
