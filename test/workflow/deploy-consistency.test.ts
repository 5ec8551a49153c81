/**
 * The deploy workflow and the stack must agree. The first block checks the real files (cdk.json
 * through parseConfig, .github/workflows/deploy-ecr.yml, README.md, lib/stack/github-variables.ts); the
 * second proves each check can fail, by running it on changed copies, and that its message says
 * which side to change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, Scalar, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseConfig, type AppConfig } from '../../lib/stack/config';
import { GITHUB_VARIABLES } from '../../lib/stack/github-variables';
import { checkDeployWorkflow, type DeployConfig, type DeployVariables } from '../../lib/workflow/deploy-consistency';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow, type DeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { formatProblems, type WorkflowProblem } from '../../lib/workflow/workflow-problem';
import { CDK_JSON_CONTEXT } from '../support/cdk-json';

const ROOT = join(__dirname, '..', '..');
const WORKFLOW_TEXT = readFileSync(join(ROOT, DEPLOY_WORKFLOW_PATH), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The configuration `cdk synth` builds from cdk.json, with `overrides` as if passed with -c. */
function configWith(overrides: Record<string, unknown> = {}): AppConfig {
  const context = { ...CDK_JSON_CONTEXT, ...overrides };
  return parseConfig((key) => context[key], Object.keys(context));
}

const CONFIG = configWith();
const WORKFLOW = parseDeployWorkflow(WORKFLOW_TEXT, DEPLOY_WORKFLOW_PATH);

function problemsOf(
  checks: readonly string[],
  problems: readonly WorkflowProblem[] = checkDeployWorkflow(WORKFLOW, CONFIG, { readme: README }),
) {
  return formatProblems(
    DEPLOY_WORKFLOW_PATH,
    problems.filter((p) => checks.includes(p.check)),
  );
}

describe('deploy-ecr.yml agrees with cdk.json, lib/stack/github-variables.ts and the README', () => {
  test('the push branches are exactly the branches the role trusts', () => {
    expect(problemsOf(['push-branches', 'push-tags', 'environments', 'pull-requests', 'triggers'])).toBe('');
    // Stated directly as well, for a reader of this test.
    const trusted = CONFIG.subjects.filter((s) => s.kind === 'branch').map((s) => s.pattern);
    expect(WORKFLOW.push?.branches).toEqual(trusted);
  });

  test('the role is the one the stack created and the region is the stack region, both from its variables', () => {
    expect(problemsOf(['credentials', 'role', 'region'])).toBe('');
    expect(WORKFLOW.credentialsStep?.with['aws-region']).toBe(`\${{ vars.${GITHUB_VARIABLES.region.variable} }}`);
  });

  test('the job (and only it) can request an OIDC token; the rest of the file reads code only', () => {
    expect(problemsOf(['id-token', 'permissions'])).toBe('');
    expect(WORKFLOW.job?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(WORKFLOW.document.permissions).toEqual({ contents: 'read' });
  });

  test('every action is pinned to a full commit SHA with its version in a comment', () => {
    expect(problemsOf(['action-pins'])).toBe('');
    expect(WORKFLOW.document.actions.length).toBeGreaterThanOrEqual(6);
  });

  test('the variables read are exactly those in lib/stack/github-variables.ts, and the README documents them', () => {
    expect(problemsOf(['variables', 'readme', 'repository'])).toBe('');
    expect(WORKFLOW.variablesRead).toEqual(
      Object.values(GITHUB_VARIABLES)
        .map((v) => v.variable)
        .sort(),
    );
  });

  test('moving tags and the registry cache only under the ECR_MOVING_TAGS condition', () => {
    expect(problemsOf(['tags', 'moving-tags', 'cache'])).toBe('');
  });

  test("the session is no longer than the role's fixed MaxSessionDuration", () => {
    expect(problemsOf(['session-duration', 'session-name'])).toBe('');
  });

  test('cdk.json pins this file as the only workflow the role trusts (job_workflow_ref)', () => {
    // The default configuration pins it, so the check runs on what `cdk synth` deploys.
    expect(CONFIG.workflowFile).toBe(DEPLOY_WORKFLOW_PATH);
    expect(problemsOf(['workflow-file'])).toBe('');
  });

  test('a manual run is held to the trusted branches by the job condition', () => {
    expect(problemsOf(['dispatch'])).toBe('');
    expect(WORKFLOW.triggers).toContain('workflow_dispatch');
    expect(WORKFLOW.job?.if).toBe("github.ref == 'refs/heads/develop'");
  });

  test('a re-run skips the build when the commit is already in ECR, with calls the role allows', () => {
    expect(problemsOf(['rerun', 'ecr-permissions'])).toBe('');
    expect(WORKFLOW.imageLookupStep?.id).toBe('already-pushed');
    expect(WORKFLOW.ecrCalls.map((c) => c.action)).toEqual(['ecr:BatchGetImage']);
  });

  test('the image version is the SHA, and the pushed tag names a plain image manifest', () => {
    expect(problemsOf(['tag-priority', 'image-manifest'])).toBe('');
  });

  test('no other problem (checkout, concurrency, scripts)', () => {
    expect(formatProblems(DEPLOY_WORKFLOW_PATH, checkDeployWorkflow(WORKFLOW, CONFIG, { readme: README }))).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// Mutations: each changes one side and expects the problem, with a message that names the fix.

type Edit = (doc: Document) => void;

/** The deploy workflow after `edits`, parsed again from text (as a person's edit would be). */
function editedWorkflow(...edits: Edit[]): DeployWorkflow {
  const doc = parseDocument(WORKFLOW_TEXT);
  for (const edit of edits) edit(doc);
  return parseDeployWorkflow(doc.toString(), DEPLOY_WORKFLOW_PATH);
}

const JOB = ['jobs', 'push-image'];

/** The step whose `uses` starts with `action` (or whose id is `action`). */
function step(doc: Document, action: string): YAMLMap {
  const steps = doc.getIn([...JOB, 'steps']);
  if (!isSeq(steps)) throw new Error('deploy-ecr.yml has no steps');
  const found = steps.items.find(
    (s) => isMap(s) && (String(s.get('uses') ?? '').startsWith(`${action}@`) || s.get('id') === action),
  );
  if (!isMap(found)) throw new Error(`deploy-ecr.yml has no step ${action}`);
  return found;
}

function stepIndex(doc: Document, action: string): number {
  const steps = doc.getIn([...JOB, 'steps']) as YAMLSeq;
  return steps.items.indexOf(step(doc, action));
}

const setStep =
  (action: string, path: string[], value: unknown): Edit =>
  (doc) =>
    step(doc, action).setIn(path, value);
const deleteStep =
  (action: string, path: string[]): Edit =>
  (doc) =>
    step(doc, action).deleteIn(path);

interface Scenario {
  readonly name: string;
  readonly workflow?: Edit[];
  /** cdk.json context overrides (parsed with parseConfig). */
  readonly config?: Record<string, unknown>;
  /** Values that are not cdk.json settings (e.g. the role's fixed session limit). */
  readonly configPatch?: Partial<DeployConfig>;
  readonly variables?: DeployVariables;
  readonly readme?: string;
  /** The check that must fire, its severity, and words its message must contain. */
  readonly expect: {
    readonly check: string;
    readonly severity?: 'error' | 'warning';
    readonly says: readonly string[];
  };
}

const CREDS = 'aws-actions/configure-aws-credentials';
const META = 'docker/metadata-action';
const BUILD = 'docker/build-push-action';
const WF = DEPLOY_WORKFLOW_PATH;

const LOOKUP = 'already-pushed';

/** The lookup step's script with `from` replaced by `to`. */
const editLookup =
  (from: string, to: string): Edit =>
  (d) => {
    const script = String(step(d, LOOKUP).get('run'));
    if (!script.includes(from)) throw new Error(`the lookup script has no "${from}"`);
    step(d, LOOKUP).set('run', script.split(from).join(to));
  };

const SCENARIOS: Scenario[] = [
  {
    name: 'workflow triggers on a branch the role does not trust',
    workflow: [(d) => d.setIn(['on', 'push', 'branches'], ['develop', 'main'])],
    expect: {
      check: 'push-branches',
      severity: 'error',
      says: [
        'branch "main"',
        'trusts only [develop]',
        'add "main" to allowedBranches in cdk.json',
        `remove it from ${WF} on.push.branches`,
      ],
    },
  },
  {
    name: 'cdk.json stops trusting the branch the workflow deploys from',
    config: { allowedBranches: ['main'] },
    expect: {
      check: 'push-branches',
      severity: 'error',
      says: ['branch "develop"', 'trusts only [main]', 'allowedBranches in cdk.json', WF],
    },
  },
  {
    name: 'cdk.json trusts a branch nothing deploys from',
    config: { allowedBranches: ['develop', 'release/*'] },
    expect: {
      check: 'push-branches',
      severity: 'warning',
      says: ['trusts branch "release/*"', 'remove "release/*" from allowedBranches in cdk.json', WF],
    },
  },
  {
    name: 'a wildcard filter wider than the trusted pattern (GitHub ** vs IAM prefix)',
    workflow: [(d) => d.setIn(['on', 'push', 'branches'], ['release/**'])],
    config: { allowedBranches: ['release/v1*'] },
    expect: { check: 'push-branches', severity: 'error', says: ['branch "release/**"', 'allowedBranches in cdk.json'] },
  },
  {
    name: 'push without a branch filter runs for every branch',
    workflow: [(d) => d.setIn(['on', 'push'], null)],
    expect: { check: 'push-branches', severity: 'error', says: ['every branch', `on.push.branches`, WF] },
  },
  {
    name: 'branches-ignore instead of a list',
    workflow: [
      (d) => d.deleteIn(['on', 'push', 'branches']),
      (d) => d.setIn(['on', 'push', 'branches-ignore'], ['main']),
    ],
    expect: { check: 'push-branches', severity: 'error', says: ['branches-ignore', 'on.push.branches'] },
  },
  {
    name: 'the job names an environment the role does not trust',
    workflow: [(d) => d.setIn([...JOB, 'environment'], 'production')],
    expect: {
      check: 'environments',
      severity: 'error',
      says: ['environment "production"', 'allowedEnvironments in cdk.json', WF],
    },
  },
  {
    name: 'the deploy runs on pull requests',
    workflow: [(d) => d.setIn(['on', 'pull_request'], null)],
    expect: {
      check: 'triggers',
      severity: 'error',
      says: ['pull requests', `remove the pull_request trigger from ${WF}`],
    },
  },
  {
    name: 'cdk.json pins a different workflow file',
    config: { workflowFile: '.github/workflows/release.yml' },
    expect: {
      check: 'workflow-file',
      severity: 'error',
      says: ['workflowFile is ".github/workflows/release.yml"', 'in cdk.json', 'job_workflow_ref'],
    },
  },
  {
    name: 'the job loses id-token: write',
    workflow: [(d) => d.deleteIn([...JOB, 'permissions', 'id-token'])],
    expect: {
      check: 'id-token',
      severity: 'error',
      says: ['id-token: write', 'Could not load credentials from any providers', WF],
    },
  },
  {
    name: 'id-token: write granted to every job at the top level',
    workflow: [(d) => d.setIn(['permissions', 'id-token'], 'write')],
    expect: { check: 'permissions', severity: 'error', says: ['id-token: write', 'top level', 'contents: read'] },
  },
  {
    name: 'the job asks for more than it needs',
    workflow: [(d) => d.setIn([...JOB, 'permissions', 'packages'], 'write')],
    expect: { check: 'permissions', severity: 'error', says: ['packages: write', WF] },
  },
  {
    name: 'region hard-coded instead of the stack region variable',
    workflow: [setStep(CREDS, ['with', 'aws-region'], 'us-east-1')],
    expect: {
      check: 'region',
      severity: 'error',
      says: [
        'hard-coded to "us-east-1"',
        '"ap-northeast-1"',
        `aws-region: \${{ vars.${GITHUB_VARIABLES.region.variable} }}`,
        WF,
      ],
    },
  },
  {
    name: 'region read from another variable',
    workflow: [setStep(CREDS, ['with', 'aws-region'], '${{ vars.AWS_DEFAULT_REGION }}')],
    expect: {
      check: 'region',
      severity: 'error',
      says: [`\${{ vars.${GITHUB_VARIABLES.region.variable} }}`, GITHUB_VARIABLES.region.output],
    },
  },
  {
    name: 'role ARN hard-coded',
    workflow: [setStep(CREDS, ['with', 'role-to-assume'], 'arn:aws:iam::123456789012:role/deploy')],
    expect: { check: 'role', severity: 'error', says: [`\${{ vars.${GITHUB_VARIABLES.roleArn.variable} }}`, WF] },
  },
  {
    name: 'a manual run can start from any branch',
    workflow: [(d) => d.deleteIn([...JOB, 'if'])],
    expect: {
      check: 'dispatch',
      severity: 'error',
      says: ['workflow_dispatch', 'trusts only [refs/heads/develop]', `"if: github.ref == 'refs/heads/develop'"`, WF],
    },
  },
  {
    name: 'the job condition lets a manual run on an untrusted branch through',
    workflow: [(d) => d.setIn([...JOB, 'if'], "github.ref == 'refs/heads/develop' || github.ref == 'refs/heads/main'")],
    expect: { check: 'dispatch', severity: 'error', says: ['refs/heads/main', 'allowedBranches in cdk.json', WF] },
  },
  {
    name: 'cdk.json stops trusting the branch the job condition names',
    config: { allowedBranches: ['main'] },
    expect: {
      check: 'dispatch',
      severity: 'error',
      says: ['refs/heads/develop', 'trusts only [refs/heads/main]', 'allowedBranches in cdk.json'],
    },
  },
  {
    name: 'a job condition the check cannot read',
    workflow: [(d) => d.setIn([...JOB, 'if'], "github.actor == 'octocat'")],
    expect: {
      check: 'dispatch',
      severity: 'error',
      says: ['cannot be compared', "github.ref == 'refs/heads/develop'", WF],
    },
  },
  {
    name: 'the job condition skips a branch the workflow pushes from',
    workflow: [(d) => d.setIn(['on', 'push', 'branches'], ['develop', 'release/**'])],
    config: { allowedBranches: ['develop', 'release/*'] },
    expect: { check: 'dispatch', severity: 'error', says: ['skips pushes to branch "release/**"', WF] },
  },
  {
    name: 'no lookup of the commit before the build',
    workflow: [(d) => (d.getIn([...JOB, 'steps']) as YAMLSeq).delete(stepIndex(d, LOOKUP))],
    expect: {
      check: 'rerun',
      severity: 'error',
      says: ['Re-run jobs', 'ImageTagAlreadyExistsException', 'batch-get-image', WF],
    },
  },
  {
    name: 'the build runs whatever the lookup found',
    workflow: [deleteStep(BUILD, ['if'])],
    expect: { check: 'rerun', severity: 'error', says: ['runs whether or not', 'ImageTagAlreadyExistsException', WF] },
  },
  {
    name: 'the lookup asks for another tag than the commit SHA',
    workflow: [setStep(LOOKUP, ['env', 'SHA'], '${{ github.ref_name }}')],
    expect: { check: 'rerun', severity: 'error', says: ["commit's own tag", 'github.sha', WF] },
  },
  {
    name: 'the lookup uses an API the role lacks',
    workflow: [editLookup('aws ecr batch-get-image', 'aws ecr describe-images')],
    expect: {
      check: 'ecr-permissions',
      severity: 'error',
      says: ['aws ecr describe-images', 'ecr:DescribeImages', 'batch-get-image needs only ecr:BatchGetImage', WF],
    },
  },
  {
    name: 'latest outranks the SHA, so the version label says latest',
    workflow: [
      setStep(
        META,
        ['with', 'tags'],
        "type=sha,format=long,prefix=\ntype=raw,value=latest,enable=${{ steps.moving-tags.outputs.latest == 'true' }}\n",
      ),
    ],
    expect: {
      check: 'tag-priority',
      severity: 'error',
      says: [
        '"type=raw,value=latest',
        'priority 200',
        'org.opencontainers.image.version becomes "latest"',
        'priority=1001',
        WF,
      ],
    },
  },
  {
    name: 'a multi-platform build',
    workflow: [setStep(BUILD, ['with', 'platforms'], 'linux/amd64,linux/arm64')],
    expect: {
      check: 'image-manifest',
      severity: 'error',
      says: ['2 platforms', 'untagged', 'after 14 days', 'untaggedImageExpiryDays', WF],
    },
  },
  {
    name: 'provenance left at its default',
    workflow: [deleteStep(BUILD, ['with', 'provenance'])],
    expect: {
      check: 'image-manifest',
      severity: 'error',
      says: ['by default', 'image index', 'provenance: false', WF],
    },
  },
  {
    name: 'provenance turned on',
    workflow: [setStep(BUILD, ['with', 'provenance'], 'mode=max')],
    expect: { check: 'image-manifest', severity: 'error', says: ['provenance: mode=max', 'lifecycle rule', WF] },
  },
  {
    name: 'an SBOM attestation',
    workflow: [setStep(BUILD, ['with', 'sbom'], 'true')],
    expect: { check: 'image-manifest', severity: 'error', says: ['sbom: true', 'untagged', WF] },
  },
  {
    name: 'session longer than the role allows',
    workflow: [setStep(CREDS, ['with', 'role-duration-seconds'], 3600)],
    configPatch: { maxSessionDurationSeconds: 1200 },
    expect: {
      check: 'session-duration',
      severity: 'error',
      says: ['3600', 'MaxSessionDuration is 1200', 'not a setting', 'at most 1200', WF],
    },
  },
  {
    name: 'no role-duration-seconds means 3600 s, over a shorter role maximum',
    workflow: [deleteStep(CREDS, ['with', 'role-duration-seconds'])],
    configPatch: { maxSessionDurationSeconds: 1800 },
    expect: { check: 'session-duration', severity: 'error', says: ['not set', '3600', 'MaxSessionDuration is 1800'] },
  },
  {
    name: 'session duration from an expression cannot be checked',
    workflow: [setStep(CREDS, ['with', 'role-duration-seconds'], '${{ vars.DURATION }}')],
    expect: { check: 'session-duration', severity: 'error', says: ['cannot be checked', WF] },
  },
  {
    name: 'job may outlive its credentials',
    workflow: [(d) => d.deleteIn([...JOB, 'timeout-minutes'])],
    expect: { check: 'session-duration', severity: 'warning', says: ['360 minutes', 'timeout-minutes', WF] },
  },
  {
    name: 'session name from an untrusted value',
    workflow: [setStep(CREDS, ['with', 'role-session-name'], 'deploy-${{ github.actor }}')],
    expect: { check: 'session-name', severity: 'error', says: ['github.actor', WF] },
  },
  {
    name: 'an action pinned to a tag',
    workflow: [(d) => step(d, 'actions/checkout').set('uses', 'actions/checkout@v7')],
    expect: {
      check: 'action-pins',
      severity: 'error',
      says: ['"actions/checkout@v7" is not pinned', '40-character commit SHA', WF],
    },
  },
  {
    name: 'an action pinned without its version comment',
    // A new scalar: setting the string alone would keep the old node and its comment.
    workflow: [(d) => step(d, META).set('uses', new Scalar(`${META}@dc802804100637a589fabce1cb79ff13a1411302`))],
    expect: { check: 'action-pins', severity: 'error', says: ['no release comment', '# vX.Y.Z', WF] },
  },
  {
    name: 'the workflow reads a variable no stack output provides',
    workflow: [setStep('moving-tags', ['env', 'EXTRA'], '${{ vars.DEPLOY_EXTRA }}')],
    expect: {
      check: 'variables',
      severity: 'error',
      says: ['vars.DEPLOY_EXTRA', 'no stack output', 'lib/stack/github-variables.ts', WF],
    },
  },
  {
    name: 'the workflow stops reading a variable the stack provides',
    workflow: [deleteStep('moving-tags', ['env', 'ECR_MOVING_TAGS'])],
    expect: {
      check: 'variables',
      severity: 'error',
      says: [`vars.${GITHUB_VARIABLES.movingTags.variable}`, 'never reads it', 'lib/stack/github-variables.ts'],
    },
  },
  {
    name: 'lib/stack/github-variables.ts renames a variable the workflow still reads under the old name',
    variables: { ...GITHUB_VARIABLES, region: { ...GITHUB_VARIABLES.region, variable: 'AWS_DEPLOY_REGION' } },
    expect: {
      check: 'variables',
      severity: 'error',
      says: ['vars.AWS_DEPLOY_REGION', 'never reads it', 'lib/stack/github-variables.ts'],
    },
  },
  {
    name: 'the README does not document a variable',
    readme: README.split(GITHUB_VARIABLES.movingTags.variable).join('MOVING_TAGS_VAR'),
    expect: { check: 'readme', severity: 'error', says: [GITHUB_VARIABLES.movingTags.variable, 'README.md'] },
  },
  {
    name: 'images no longer come from the repository variable',
    workflow: [setStep(META, ['with', 'images'], '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/other')],
    expect: {
      check: 'repository',
      severity: 'error',
      says: [`vars.${GITHUB_VARIABLES.repositoryName.variable}`, GITHUB_VARIABLES.repositoryName.output, WF],
    },
  },
  {
    name: 'latest pushed on every run',
    workflow: [setStep(META, ['with', 'tags'], 'type=sha,format=long,prefix=\ntype=raw,value=latest\n')],
    expect: {
      check: 'moving-tags',
      severity: 'error',
      says: ['"type=raw,value=latest"', `vars.${GITHUB_VARIABLES.movingTags.variable}`, 'tag already exists', WF],
    },
  },
  {
    name: 'latest enabled by a condition that ignores ECR_MOVING_TAGS',
    workflow: [
      setStep(
        META,
        ['with', 'tags'],
        "type=sha,format=long,prefix=\ntype=raw,value=latest,enable=${{ github.ref == 'refs/heads/develop' }}\n",
      ),
    ],
    expect: {
      check: 'moving-tags',
      severity: 'error',
      says: ['value=latest', `vars.${GITHUB_VARIABLES.movingTags.variable}`],
    },
  },
  {
    name: 'no full-SHA tag',
    workflow: [
      setStep(
        META,
        ['with', 'tags'],
        "type=raw,value=latest,enable=${{ steps.moving-tags.outputs.latest == 'true' }}\n",
      ),
    ],
    expect: { check: 'tags', severity: 'error', says: ['type=sha,format=long', WF] },
  },
  {
    name: 'a moving-tag filter in cdk.json matches the per-commit tag',
    workflow: [setStep(META, ['with', 'tags'], 'type=sha,format=long\n')],
    config: { movingTags: ['sha-*'] },
    expect: { check: 'moving-tags', severity: 'error', says: ['per-commit tag', '"sha-*"', 'cdk.json movingTags', WF] },
  },
  {
    name: 'cdk.json lets a tag move that the workflow never moves',
    config: { movingTags: ['latest', 'stable'] },
    expect: { check: 'moving-tags', severity: 'warning', says: ['"stable"', 'movingTags in cdk.json', WF] },
  },
  {
    name: 'registry cache used unconditionally',
    workflow: [
      setStep(
        BUILD,
        ['with', 'cache-to'],
        'type=registry,ref=example/repo:buildcache,mode=max,image-manifest=true,oci-mediatypes=true',
      ),
    ],
    expect: {
      check: 'cache',
      severity: 'error',
      says: ['cache-to', 'unconditionally', `vars.${GITHUB_VARIABLES.movingTags.variable}`],
    },
  },
  {
    name: 'registry cache export without the options ECR needs',
    workflow: [
      (d) =>
        step(d, 'moving-tags').set(
          'run',
          String(step(d, 'moving-tags').get('run')).replace(',image-manifest=true,oci-mediatypes=true', ''),
        ),
    ],
    expect: { check: 'cache', severity: 'error', says: ['image-manifest=true,oci-mediatypes=true', WF] },
  },
  {
    name: 'an expression pasted into a script',
    workflow: [
      (d) =>
        step(d, 'moving-tags').set(
          'run',
          `echo "\${{ github.event.head_commit.message }}"\n${String(step(d, 'moving-tags').get('run'))}`,
        ),
    ],
    expect: { check: 'run-expressions', severity: 'error', says: ['github.event.head_commit.message', 'env:', WF] },
  },
  {
    name: 'checkout keeps the token',
    workflow: [deleteStep('actions/checkout', ['with', 'persist-credentials'])],
    expect: { check: 'checkout', severity: 'error', says: ['persist-credentials: false', WF] },
  },
  {
    name: 'no concurrency group',
    workflow: [(d) => d.delete('concurrency')],
    expect: { check: 'concurrency', severity: 'error', says: ['concurrency', 'cancel-in-progress: false'] },
  },
  {
    name: 'a running deploy can be cancelled',
    workflow: [(d) => d.setIn(['concurrency', 'cancel-in-progress'], true)],
    expect: { check: 'concurrency', severity: 'error', says: ['cancel-in-progress', WF] },
  },
];

/** Where a fix can be made; every message must name at least one. */
const FIX_LOCATIONS = ['cdk.json', WF, 'lib/stack/github-variables.ts', 'README.md'];

describe('each check reports a broken side, and says which side to fix', () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const workflow = scenario.workflow ? editedWorkflow(...scenario.workflow) : WORKFLOW;
    const config = { ...(scenario.config ? configWith(scenario.config) : CONFIG), ...scenario.configPatch };
    const problems = checkDeployWorkflow(workflow, config, {
      readme: scenario.readme ?? README,
      variables: scenario.variables,
    });
    const matching = problems.filter(
      (p) =>
        p.check === scenario.expect.check &&
        (scenario.expect.severity === undefined || p.severity === scenario.expect.severity) &&
        scenario.expect.says.every((word) => p.message.includes(word)),
    );
    // On failure, show everything that was reported.
    expect({ matching: matching.length, reported: formatProblems(WF, problems) }).toEqual({
      matching: 1,
      reported: expect.any(String),
    });
    for (const p of problems) {
      expect(FIX_LOCATIONS.filter((where) => p.message.includes(where))).not.toEqual([]);
    }
  });

  test('cdk.json letting latest and the cache tag move matches what the workflow moves: no problem', () => {
    const problems = checkDeployWorkflow(WORKFLOW, configWith({ movingTags: ['latest', 'buildcache*'] }), {
      readme: README,
    });
    expect(formatProblems(WF, problems)).toBe('');
  });

  test('a wildcard branch trusted in cdk.json covers a matching GitHub filter', () => {
    const workflow = editedWorkflow(
      (d) => d.setIn(['on', 'push', 'branches'], ['release/**']),
      (d) => d.setIn([...JOB, 'if'], "startsWith(github.ref, 'refs/heads/release/')"),
    );
    const problems = checkDeployWorkflow(workflow, configWith({ allowedBranches: ['release/*'] }), { readme: README });
    expect(formatProblems(WF, problems)).toBe('');
  });

  test('without workflow_dispatch the job needs no if:', () => {
    const workflow = editedWorkflow(
      (d) => d.deleteIn(['on', 'workflow_dispatch']),
      (d) => d.deleteIn([...JOB, 'if']),
    );
    expect(formatProblems(WF, checkDeployWorkflow(workflow, CONFIG, { readme: README }))).toBe('');
  });

  test('an if: that also lets every push through still holds manual runs to the trusted refs', () => {
    const workflow = editedWorkflow((d) =>
      d.setIn([...JOB, 'if'], "${{ github.event_name == 'push' || (github.ref == 'refs/heads/develop') }}"),
    );
    expect(formatProblems(WF, checkDeployWorkflow(workflow, CONFIG, { readme: README }))).toBe('');
  });

  test('a job environment the role trusts replaces the branch check', () => {
    const workflow = editedWorkflow((d) => d.setIn([...JOB, 'environment'], 'production'));
    const problems = checkDeployWorkflow(
      workflow,
      configWith({ allowedBranches: [], allowedEnvironments: ['production'] }),
      { readme: README },
    );
    expect(formatProblems(WF, problems)).toBe('');
  });
});
