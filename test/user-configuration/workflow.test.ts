/**
 * The user's own configuration: their deploy workflow (.github/workflows/deploy-ecr.yml), their
 * cdk.json (through parseSettings, as `cdk synth` reads it), their README.md and
 * lib/stack/github-variables.ts must agree, as every workflow rule sees it. This is the one place
 * that runs the rules on the user's files; what each rule catches, and that it can fail, is in
 * test/workflow/checks/ (on fixtures).
 *
 * The workflow is the file every served repository copies (one repository, or each entry of
 * `repositories`): the rules that judge its triggers against the role run for every repository
 * whose triggers are the top-level ones; every other rule runs for every served repository
 * (test/support/user-configuration.ts). Without `repositories` that is the one repository, for
 * every rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../lib/stack/config';
import { GITHUB_VARIABLES } from '../../lib/stack/github-variables';
import { checkDeployWorkflow } from '../../lib/workflow/deploy-consistency';
import { DEPLOY_WORKFLOW_PATH, parseDeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { parseRefCondition } from '../../lib/workflow/ref-condition';
import { formatProblems, type WorkflowProblem } from '../../lib/workflow/workflow-problem';
import { settingsPlace } from '../../lib/cli/doctor/setting-change';
import {
  expectEveryEntrySetsItsOwnTriggers,
  fullNames,
  scopeOf,
  SERVED,
  USER_SETTINGS,
  WORKFLOW_REPOSITORIES,
} from '../support/user-configuration';
import { TRIGGER_CHECKS } from '../support/trigger-checks';

const ROOT = join(__dirname, '..', '..');
const WORKFLOW_TEXT = readFileSync(join(ROOT, DEPLOY_WORKFLOW_PATH), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** cdk.json deployStages (none unless the user delivers to ECS): their jobs are checked too. */
const STAGES = USER_SETTINGS.deployStages;
const WORKFLOW = parseDeployWorkflow(WORKFLOW_TEXT, DEPLOY_WORKFLOW_PATH);

/**
 * Each served repository's problems with the workflow: every rule's for the repositories whose
 * triggers it carries, every rule's but the trigger rules' for the others.
 */
const PROBLEMS = new Map<AppConfig, WorkflowProblem[]>(
  SERVED.map((config) => {
    const settingsIn = settingsPlace(scopeOf(config));
    const all = checkDeployWorkflow(WORKFLOW, config, { readme: README, stages: STAGES, settingsIn });
    const carried = WORKFLOW_REPOSITORIES.includes(config);
    return [config, carried ? all : all.filter((p) => !TRIGGER_CHECKS.includes(p.check))];
  }),
);

/** The problems these rules find for `config`, as the doctor prints them ('' for none). */
function problemsOf(config: AppConfig, checks?: readonly string[]): string {
  const problems = PROBLEMS.get(config) ?? [];
  return formatProblems(
    DEPLOY_WORKFLOW_PATH,
    checks === undefined ? problems : problems.filter((p) => checks.includes(p.check)),
  );
}

/** No problem of these rules for any of `configs`, each named in a failure. */
function expectNone(checks: readonly string[] | undefined, configs: readonly AppConfig[] = SERVED) {
  expect(configs.length).toBeGreaterThan(0);
  for (const config of configs) {
    expect([config.repository.fullName, problemsOf(config, checks)]).toEqual([config.repository.fullName, '']);
  }
}

const trusted = (config: AppConfig, kind: string) =>
  config.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);

describe("the user's deploy-ecr.yml triggers are the runs the role trusts (each repository that takes the top-level triggers)", () => {
  if (WORKFLOW_REPOSITORIES.length === 0) {
    test('no served repository takes the top-level triggers: every entry of repositories sets its own (each deploys with its own copy: npm run configure -- --repository OWNER/REPO --workflow-out FILE)', () => {
      expectEveryEntrySetsItsOwnTriggers();
    });
    return;
  }

  describe.each(fullNames(WORKFLOW_REPOSITORIES))('%s', (fullName) => {
    const config = WORKFLOW_REPOSITORIES.find((c) => c.repository.fullName === fullName)!;

    test('the push branches are exactly the branches the role trusts', () => {
      expect(problemsOf(config, ['push-branches', 'push-tags', 'environments', 'pull-requests', 'triggers'])).toBe('');
      // Stated directly as well, for a reader of this test: a deploy job without an environment
      // pushes on exactly the trusted branches; one with an environment is trusted by that name
      // (its token's sub names the environment, whatever the branch).
      const environment = WORKFLOW.job?.environment;
      if (environment === undefined) expect(WORKFLOW.push?.branches ?? []).toEqual(trusted(config, 'branch'));
      else expect(trusted(config, 'environment')).toContain(environment);
    });

    test('cdk.json pins this file as the only workflow the role trusts (job_workflow_ref)', () => {
      // The default configuration pins it, so the check runs on what `cdk synth` deploys.
      expect(config.workflowFile).toBe(DEPLOY_WORKFLOW_PATH);
      expect(problemsOf(config, ['workflow-file'])).toBe('');
    });

    test('a manual run is held to the trusted branches by the job condition', () => {
      expect(problemsOf(config, ['dispatch'])).toBe('');
      expect(WORKFLOW.triggers).toContain('workflow_dispatch');
      // The dispatch rule (above) holds the refs it lets through to the role's; here: it is one.
      expect(parseRefCondition(WORKFLOW.job?.if ?? '')?.refs.length).toBeGreaterThan(0);
    });
  });
});

describe("the user's deploy-ecr.yml agrees with their cdk.json, lib/stack/github-variables.ts and the README (every served repository)", () => {
  test('the role is the one the stack created and the region is the stack region, both from its variables', () => {
    expectNone(['credentials', 'role', 'region']);
    expect(WORKFLOW.credentialsStep?.with['aws-region']).toBe(`\${{ vars.${GITHUB_VARIABLES.region.variable} }}`);
  });

  test('the job (and only it) can request an OIDC token; the rest of the file reads code only', () => {
    expectNone(['id-token', 'permissions']);
    expect(WORKFLOW.job?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(WORKFLOW.document.permissions).toEqual({ contents: 'read' });
  });

  test('every action is pinned to a full commit SHA with its version in a comment', () => {
    expectNone(['action-pins']);
    expect(WORKFLOW.document.actions.length).toBeGreaterThanOrEqual(6);
  });

  test('the variables read are exactly those in lib/stack/github-variables.ts, and the README documents them', () => {
    expectNone(['variables', 'readme', 'repository']);
    expect(WORKFLOW.variablesRead).toEqual(
      Object.values(GITHUB_VARIABLES)
        .map((v) => v.variable)
        .sort(),
    );
  });

  test("moving tags and the registry cache only under the ECR_MOVING_TAGS condition (each repository's movingTags)", () => {
    expectNone(['tags', 'moving-tags', 'cache']);
  });

  test("the session is no longer than the role's fixed MaxSessionDuration", () => {
    expectNone(['session-duration', 'session-name']);
  });

  test('a re-run skips the build when the commit is already in ECR, with calls the role allows', () => {
    expectNone(['rerun', 'ecr-permissions']);
    expect(WORKFLOW.imageLookupStep?.id).toBe('already-pushed');
    expect(WORKFLOW.ecrCalls.map((c) => c.action)).toEqual(['ecr:BatchGetImage']);
  });

  test('the image version is the SHA, and the pushed tag names a plain image manifest', () => {
    expectNone(['tag-priority', 'image-manifest']);
  });

  test('one deploy job per stage of deployStages, in promotion order, deploying the pushed digest (none without stages)', () => {
    expectNone([
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
    ]);
    expect(WORKFLOW.stageJobs.map((j) => j.id)).toEqual(STAGES.map((s) => `deploy-${s.name}`));
  });

  test('no other problem (checkout, concurrency, scripts, stage jobs changed from the template)', () => {
    expectNone(undefined);
  });
});
