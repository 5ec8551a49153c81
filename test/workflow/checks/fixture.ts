/**
 * What the rule tests build from, never the user's files: a deploy workflow that passes every
 * rule under the fixture settings (test/support/fixture-settings.ts: branch main, region
 * eu-west-1), the configuration parsed from those settings, a README section naming the
 * variables, and edits that break one thing at a time. Read-only: test files share it.
 */
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseConfig, parseSettings } from '../../../lib/stack/config';
import { GITHUB_VARIABLES, STAGE_VARIABLES } from '../../../lib/stack/github-variables';
import type { CheckContext, DeployConfig, DeployVariables, WorkflowRule } from '../../../lib/workflow/checks';
import { parseDeployWorkflow, type DeployWorkflow } from '../../../lib/workflow/deploy-workflow';
import { renderStageDeployJobs, type StageJobStage } from '../../../lib/workflow/stage-deploy-job';
import { formatProblems, type WorkflowProblem } from '../../../lib/workflow/workflow-problem';
import { fixtureSettings } from '../../support/fixture-settings';
import { TWO_STAGES } from '../../support/stage-settings';

/** The path the fixture workflow is parsed under (the one FIXTURE_SETTINGS pins). */
export const WF = '.github/workflows/deploy-ecr.yml';

/** A deploy workflow that agrees with the fixture settings: no rule reports anything. */
export const FIXTURE_WORKFLOW = `
name: Deploy
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: deploy-ecr-\${{ github.ref }}
  cancel-in-progress: false
jobs:
  push-image:
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-24.04
    timeout-minutes: 30
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          persist-credentials: false
      - name: Assume the deploy role
        uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3
        with:
          role-to-assume: \${{ vars.AWS_ROLE_ARN }}
          aws-region: \${{ vars.AWS_REGION }}
          role-session-name: deploy-\${{ github.run_id }}-\${{ github.run_attempt }}
          role-duration-seconds: 1800
      - id: ecr
        uses: aws-actions/amazon-ecr-login@03f1aad4c6c7ffd436567f42f9384779290529bd # v2.1.7
      - name: Look up the commit
        id: already-pushed
        env:
          REPOSITORY: \${{ vars.ECR_REPOSITORY }}
          SHA: \${{ github.sha }}
        run: |
          aws ecr batch-get-image --repository-name "$REPOSITORY" --image-ids "imageTag=$SHA"
          echo "found=false" >> "$GITHUB_OUTPUT"
      - name: Decide moving tags
        id: moving-tags
        env:
          ECR_MOVING_TAGS: \${{ vars.ECR_MOVING_TAGS }}
          IMAGE: \${{ steps.ecr.outputs.registry }}/\${{ vars.ECR_REPOSITORY }}
          CACHE_TAG: buildcache
        run: |
          echo "image=$IMAGE" >> "$GITHUB_OUTPUT"
          echo "cache-to=type=registry,ref=$IMAGE:$CACHE_TAG,mode=max,image-manifest=true,oci-mediatypes=true" >> "$GITHUB_OUTPUT"
      - id: meta
        uses: docker/metadata-action@dc802804100637a589fabce1cb79ff13a1411302 # v6.2.0
        with:
          images: \${{ steps.moving-tags.outputs.image }}
          flavor: latest=false
          tags: |
            type=sha,format=long,prefix=,priority=1001
            type=raw,value=latest,enable=\${{ steps.moving-tags.outputs.latest == 'true' }}
      - id: build
        if: steps.already-pushed.outputs.found != 'true'
        uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0
        with:
          push: true
          tags: \${{ steps.meta.outputs.tags }}
          build-args: |
            APP_VERSION=\${{ github.sha }}
          provenance: false
          cache-from: \${{ steps.moving-tags.outputs.cache-from }}
          cache-to: \${{ steps.moving-tags.outputs.cache-to }}
`;

/** A README whose "Set up GitHub" section names every variable and the output it comes from. */
export const FIXTURE_README = [
  '# Service',
  '<!-- section: github-setup -->',
  ...Object.values(GITHUB_VARIABLES).map((v) => `- ${v.variable}: stack output ${v.output}`),
  '<!-- end: github-setup -->',
].join('\n');

/** The deploy configuration of the fixture settings, with `overrides` as if passed with -c. */
export function fixtureConfig(overrides: Readonly<Record<string, unknown>> = {}): DeployConfig {
  const settings = fixtureSettings(overrides);
  return parseConfig((key) => settings[key], Object.keys(settings));
}

/** cdk.json deployStages of the fixture settings with `overrides`, as the app reads them. */
export function fixtureStages(overrides: Readonly<Record<string, unknown>> = {}): readonly StageJobStage[] {
  const settings = fixtureSettings(overrides);
  return parseSettings((key) => settings[key], Object.keys(settings)).deployStages;
}

/** A change to the workflow, made on its YAML document as a person's edit would be. */
export type Edit = (doc: Document) => void;

/** The fixture workflow after `edits`, parsed again from text. */
export function editedWorkflow(...edits: Edit[]): DeployWorkflow {
  const doc = parseDocument(FIXTURE_WORKFLOW);
  for (const edit of edits) edit(doc);
  return parseDeployWorkflow(doc.toString(), WF);
}

export const JOB = ['jobs', 'push-image'];
export const CHECKOUT = 'actions/checkout';
export const CREDS = 'aws-actions/configure-aws-credentials';
export const META = 'docker/metadata-action';
export const BUILD = 'docker/build-push-action';
export const LOOKUP = 'already-pushed';
export const GATE = 'moving-tags';

export const RELEASE_JOB = ['jobs', 'release'];

/**
 * Makes the fixture a two-job workflow, as real deploy workflows split work: the image job
 * (`push-image`) on branch main, and a release job (a copy of it) on tags v* that names
 * environment production. Its token's sub is environment:production whatever the tag.
 */
export const TWO_JOBS: readonly Edit[] = [
  (d) => d.setIn(['on', 'push', 'tags'], ['v*']),
  (d) => d.setIn(RELEASE_JOB, (d.getIn(JOB, true) as YAMLMap).clone()),
  (d) => d.setIn([...RELEASE_JOB, 'if'], "startsWith(github.ref, 'refs/tags/v')"),
  (d) => d.setIn([...RELEASE_JOB, 'environment'], 'production'),
];

/** The settings the two-job workflow agrees with: branch main, no tag, environment production. */
export const TWO_JOB_CONFIG = { allowedBranches: ['main'], allowedTags: [], allowedEnvironments: ['production'] };

/** The two stages of test/support/stage-settings.ts (staging, then production), as the app reads them. */
export const FIXTURE_STAGES: readonly StageJobStage[] = fixtureStages({ deployStages: TWO_STAGES });

/** The push job's outputs, as the stage jobs read them. */
export const PUSH_OUTPUTS = {
  image: '${{ steps.moving-tags.outputs.image }}',
  digest: '${{ steps.build.outputs.digest || steps.already-pushed.outputs.digest }}',
};

/** Adds the jobs of `stages` as renderStageDeployJob writes them (after the jobs already there). */
export const addStageJobs =
  (stages: readonly StageJobStage[]): Edit =>
  (doc) => {
    const rendered = parseDocument(renderStageDeployJobs(stages)).contents as YAMLMap;
    const jobs = doc.get('jobs') as YAMLMap;
    for (const pair of rendered.items) jobs.items.push(pair);
  };

/** Moves the workflow's concurrency block into the push job (as the checked-in workflow has it). */
export const concurrencyOnPushJob: Edit = (d) => {
  const block = d.get('concurrency', true);
  d.delete('concurrency');
  d.setIn([...JOB, 'concurrency'], block);
};

/**
 * The fixture with the push job's outputs, its own concurrency group and the two stages' jobs: no
 * rule reports anything.
 */
export const WITH_STAGES: readonly Edit[] = [
  (d) => d.setIn([...JOB, 'outputs'], d.createNode({ ...PUSH_OUTPUTS })),
  concurrencyOnPushJob,
  addStageJobs(FIXTURE_STAGES),
];

export const STAGING_JOB = ['jobs', 'deploy-staging'];
export const PRODUCTION_JOB = ['jobs', 'deploy-production'];

/**
 * The fixture with two stages: deployStages in the settings (TWO_STAGES, or `stages`) and their
 * jobs in the workflow, then `edits`.
 */
export function staged(edits: readonly Edit[] = [], stages: readonly unknown[] = TWO_STAGES): Scenario {
  return { workflow: [...WITH_STAGES, ...edits], config: { deployStages: stages } };
}

/** The step whose `uses` starts with `action` (or whose id is `action`). */
export function step(doc: Document, action: string, job: readonly string[] = JOB): YAMLMap {
  const steps = doc.getIn([...job, 'steps']);
  if (!isSeq(steps)) throw new Error('the fixture workflow has no steps');
  const found = steps.items.find(
    (s) => isMap(s) && (String(s.get('uses') ?? '').startsWith(`${action}@`) || s.get('id') === action),
  );
  if (!isMap(found)) throw new Error(`the fixture workflow has no step ${action}`);
  return found;
}

/** The step of a stage job named `name` (the template's steps have names, not ids). */
export function stageStep(doc: Document, job: readonly string[], name: string): YAMLMap {
  const steps = doc.getIn([...job, 'steps']);
  const found = isSeq(steps) ? steps.items.find((s) => isMap(s) && s.get('name') === name) : undefined;
  if (!isMap(found)) throw new Error(`${job.join('.')} has no step "${name}"`);
  return found;
}

/** Sets `path` of the stage job's step `name`. */
export const setStageStep =
  (job: readonly string[], name: string, path: string[], value: unknown): Edit =>
  (doc) =>
    stageStep(doc, job, name).setIn(path, value);

/** The template's step names, as the tests edit them. */
export const STAGE_STEPS = {
  check: 'Check environment variables',
  credentials: "Assume the stage's deploy role (OIDC)",
  register: 'Register task definitions with the new image',
  update: 'Update the services',
  wait: 'Wait for the services to become stable',
  summary: 'Job summary',
} as const;

/** Removes the step of `action` from the job. */
export const deleteWholeStep =
  (action: string): Edit =>
  (doc) => {
    const steps = doc.getIn([...JOB, 'steps']) as YAMLSeq;
    steps.delete(steps.items.indexOf(step(doc, action)));
  };
export const setStep =
  (action: string, path: string[], value: unknown, job: readonly string[] = JOB): Edit =>
  (doc) =>
    step(doc, action, job).setIn(path, value);
export const deleteStep =
  (action: string, path: string[]): Edit =>
  (doc) =>
    step(doc, action).deleteIn(path);

/** The `run:` script of step `id` with `from` replaced by `to` (which must be there). */
export const editScript =
  (id: string, from: string, to: string): Edit =>
  (doc) => {
    const script = String(step(doc, id).get('run'));
    if (!script.includes(from)) throw new Error(`the script of ${id} has no "${from}"`);
    step(doc, id).set('run', script.split(from).join(to));
  };

/** One way of breaking (or keeping) the agreement between the workflow and the stack. */
export interface Scenario {
  readonly workflow?: readonly Edit[];
  /** Settings overrides (parsed with parseConfig over the fixture settings). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Values that are not settings (e.g. the role's fixed session limit). */
  readonly configPatch?: Partial<DeployConfig>;
  readonly variables?: DeployVariables;
  readonly readme?: string;
  /** The stages the rules see, when not those of the settings (`config.deployStages`). */
  readonly stages?: readonly StageJobStage[];
  /** Where the trust settings are written, as messages name it. @default "cdk.json" */
  readonly settingsIn?: string;
}

/** The context a rule sees for `scenario`: the fixture with its changes. */
export function contextOf(scenario: Scenario = {}): CheckContext {
  return {
    workflow: editedWorkflow(...(scenario.workflow ?? [])),
    config: { ...fixtureConfig(scenario.config), ...scenario.configPatch },
    variables: scenario.variables ?? GITHUB_VARIABLES,
    readme: scenario.readme ?? FIXTURE_README,
    stages: scenario.stages ?? fixtureStages(scenario.config),
    stageVariables: STAGE_VARIABLES,
    settingsIn: scenario.settingsIn ?? 'cdk.json',
  };
}

/** The problem a scenario must produce: its check, its severity, and words its message holds. */
export interface Expected {
  readonly check: string;
  readonly severity: 'error' | 'warning';
  readonly says: readonly string[];
}

/** Where a fix can be made; every message must name at least one. */
const FIX_LOCATIONS = ['cdk.json', WF, 'lib/stack/github-variables.ts', 'README.md'];

/**
 * Runs `rule` on the scenario and expects exactly one problem as described, and that every
 * problem it reports says where to fix it.
 */
export function expectProblem(rule: WorkflowRule, scenario: Scenario, expected: Expected): void {
  const problems = rule(contextOf(scenario));
  const matching = problems.filter(
    (p) =>
      p.check === expected.check &&
      p.severity === expected.severity &&
      expected.says.every((word) => p.message.includes(word)),
  );
  // On failure, show everything that was reported.
  expect({ matching: matching.length, reported: formatProblems(WF, problems) }).toEqual({
    matching: 1,
    reported: expect.any(String),
  });
  for (const p of problems) {
    expect(FIX_LOCATIONS.filter((where) => p.message.includes(where))).not.toEqual([]);
  }
}

/** The problems as `path:line: severity [check] message` lines ('' for none), for readable failures. */
export function reported(problems: readonly WorkflowProblem[]): string {
  return formatProblems(WF, problems);
}
