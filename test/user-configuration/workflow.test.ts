/**
 * The user's own configuration: their deploy workflow (.github/workflows/deploy-ecr.yml), their
 * cdk.json (through parseConfig), their README.md and lib/stack/github-variables.ts must agree, as
 * every workflow rule sees it. This is the one place that runs the rules on the user's files;
 * what each rule catches, and that it can fail, is in test/workflow/checks/ (on fixtures).
 */
import { parseRefCondition } from '../../lib/workflow/ref-condition';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, parseSettings } from '../../lib/stack/config';
import { GITHUB_VARIABLES } from '../../lib/stack/github-variables';
import { checkDeployWorkflow } from '../../lib/workflow/deploy-consistency';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { formatProblems, type WorkflowProblem } from '../../lib/workflow/workflow-problem';
import { CDK_JSON_CONTEXT } from '../support/cdk-json';

const ROOT = join(__dirname, '..', '..');
const WORKFLOW_TEXT = readFileSync(join(ROOT, DEPLOY_WORKFLOW_PATH), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The configuration `cdk synth` builds from the user's cdk.json. */
const CONFIG = parseConfig((key) => CDK_JSON_CONTEXT[key], Object.keys(CDK_JSON_CONTEXT));
/** cdk.json deployStages (none unless the user delivers to ECS): their jobs are checked too. */
const STAGES = parseSettings((key) => CDK_JSON_CONTEXT[key], Object.keys(CDK_JSON_CONTEXT)).deployStages;
const WORKFLOW = parseDeployWorkflow(WORKFLOW_TEXT, DEPLOY_WORKFLOW_PATH);
const ALL_PROBLEMS = checkDeployWorkflow(WORKFLOW, CONFIG, { readme: README, stages: STAGES });

function problemsOf(checks: readonly string[], problems: readonly WorkflowProblem[] = ALL_PROBLEMS) {
  return formatProblems(
    DEPLOY_WORKFLOW_PATH,
    problems.filter((p) => checks.includes(p.check)),
  );
}

describe("the user's deploy-ecr.yml agrees with their cdk.json, lib/stack/github-variables.ts and the README", () => {
  test('the push branches are exactly the branches the role trusts', () => {
    expect(problemsOf(['push-branches', 'push-tags', 'environments', 'pull-requests', 'triggers'])).toBe('');
    // Stated directly as well, for a reader of this test: a deploy job without an environment
    // pushes on exactly the trusted branches; one with an environment is trusted by that name
    // (its token's sub names the environment, whatever the branch).
    const trusted = (kind: string) => CONFIG.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
    const environment = WORKFLOW.job?.environment;
    if (environment === undefined) expect(WORKFLOW.push?.branches ?? []).toEqual(trusted('branch'));
    else expect(trusted('environment')).toContain(environment);
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
    // The dispatch rule (above) holds the refs it lets through to the role's; here: it is one.
    expect(parseRefCondition(WORKFLOW.job?.if ?? '')?.refs.length).toBeGreaterThan(0);
  });

  test('a re-run skips the build when the commit is already in ECR, with calls the role allows', () => {
    expect(problemsOf(['rerun', 'ecr-permissions'])).toBe('');
    expect(WORKFLOW.imageLookupStep?.id).toBe('already-pushed');
    expect(WORKFLOW.ecrCalls.map((c) => c.action)).toEqual(['ecr:BatchGetImage']);
  });

  test('the image version is the SHA, and the pushed tag names a plain image manifest', () => {
    expect(problemsOf(['tag-priority', 'image-manifest'])).toBe('');
  });

  test('one deploy job per stage of deployStages, in promotion order, deploying the pushed digest (none without stages)', () => {
    expect(
      problemsOf([
        'push-outputs',
        'stage-jobs',
        'stage-needs',
        'stage-environment',
        'stage-permissions',
        'stage-credentials',
        'stage-role',
        'stage-region',
        'stage-variables',
        'stage-image',
      ]),
    ).toBe('');
    expect(WORKFLOW.stageJobs.map((j) => j.id)).toEqual(STAGES.map((s) => `deploy-${s.name}`));
  });

  test('no other problem (checkout, concurrency, scripts, stage jobs changed from the template)', () => {
    expect(formatProblems(DEPLOY_WORKFLOW_PATH, ALL_PROBLEMS)).toBe('');
  });
});
