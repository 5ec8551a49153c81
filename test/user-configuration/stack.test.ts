/**
 * The user's own configuration, as they will deploy it: the app synthesized from their cdk.json —
 * one repository, or every entry of `repositories` — passes cdk-nag on every stack and every
 * applicable AWS Control Tower control on every template. Judged by the independent evaluator as
 * deployed in one account, each served repository's role is assumed by a run its settings trust and
 * refuses the obvious neighbours — another branch, a pull request (unless it trusts them), a
 * look-alike repository, another workflow file (when the role pins one), a trusted run of another
 * served repository — and pushes to its own ECR repository only. Every run the checked-in deploy
 * workflow starts may assume the role of each repository whose triggers are the top-level ones (the
 * doctor's workflow check; see test/support/user-configuration.ts). Expectations come from their
 * files, so this suite holds for any valid configuration (npm run configure writes one;
 * docs/many-repositories.md shows `repositories`).
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { checkWorkflowAgainstStack } from '../../lib/cli/doctor/workflow-check';
import {
  CfnTemplate,
  DeploymentTarget,
  identityPoliciesOf,
  resolveIntrinsics,
  trustPolicyOf,
  webIdentityRoles,
} from '../../lib/iam/cfn-template';
import {
  githubClaims,
  inEnvironment,
  onBranch,
  onPullRequest,
  onRef,
  stsRequestForToken,
  type GitHubTrigger,
} from '../../lib/iam/github-token';
import { evaluatePolicies, evaluatePolicy, PolicyDocument } from '../../lib/iam/policy-evaluator';
import { buildStacks } from '../../lib/stack/app';
import type { AppConfig } from '../../lib/stack/config';
import { ROLE_ECR_ACTIONS } from '../../lib/workflow/checks/ecr-permissions';
import { DEPLOY_WORKFLOW_PATH, readDeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { checkControlTower } from '../support/control-tower';
import { appWith } from '../support/fixture-app';
import {
  expectEveryEntrySetsItsOwnTriggers,
  fullNames,
  scopeOf,
  SERVED,
  USER_CONTEXT,
  USER_SETTINGS,
  WORKFLOW_REPOSITORIES,
} from '../support/user-configuration';

const ROOT = `${__dirname}/../..`;
/** The account the templates are deployed to (they name none of their own). */
const ACCOUNT = '123456789012';

const APP = appWith(USER_CONTEXT);
const STACKS = buildStacks(APP);
/** Stack name → template, for the app's top-level stacks (an ECS stage's stack is in its own assembly). */
const TEMPLATES = new Map(APP.synth().stacks.map((s) => [s.stackName, s.template as CfnTemplate] as const));
const WORKFLOW = readDeployWorkflow(ROOT);

const targetOf = (config: AppConfig): DeploymentTarget => ({
  account: ACCOUNT,
  region: config.region,
  partition: config.partition,
});

interface DeployRole {
  readonly trustPolicy: PolicyDocument;
  readonly identityPolicies: PolicyDocument[];
}

const roles = new Map<AppConfig, DeployRole>();
/** The deploy role of `config`: the web-identity role named `roleName` in the stack that serves it. */
function roleOf(config: AppConfig): DeployRole {
  const known = roles.get(config);
  if (known) return known;
  const template = TEMPLATES.get(config.stackName);
  if (!template) throw new Error(`no synthesized stack ${config.stackName} for ${config.repository.fullName}`);
  const target = targetOf(config);
  const named = (id: string) =>
    resolveIntrinsics(template.Resources?.[id]?.Properties?.RoleName, template, target) === config.roleName;
  const ids = webIdentityRoles(template).filter(named);
  if (ids.length !== 1)
    throw new Error(`${config.stackName}: ${ids.length} web-identity roles named ${config.roleName}`);
  const role = {
    trustPolicy: trustPolicyOf(template, ids[0], target),
    identityPolicies: identityPoliciesOf(template, ids[0], target),
  };
  roles.set(config, role);
  return role;
}

/** A token for a run of `config`'s repository (or a look-alike `owner`'s), as GitHub would issue it. */
function run(config: AppConfig, trigger: GitHubTrigger, { owner = config.repository.owner, workflowFile = '' } = {}) {
  const repo = config.repository;
  const same = owner === repo.owner;
  return githubClaims({
    owner,
    repository: repo.name,
    ownerId: same ? repo.ownerId : undefined,
    repositoryId: same ? repo.repositoryId : undefined,
    subjectFormat: repo.usesImmutableIds ? 'immutable' : 'name',
    trigger,
    workflowFile: workflowFile || (config.workflowFile ?? DEPLOY_WORKFLOW_PATH),
    issuer: `https://${config.issuerHost}`,
  });
}

const trusted = (config: AppConfig, kind: string) =>
  config.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);

/** A run `config`'s role trusts: on its first trusted branch or tag, or in its first trusted environment. */
function trustedRun(config: AppConfig): GitHubTrigger {
  const [branch] = trusted(config, 'branch');
  if (branch) return onBranch(branch.replace(/\*$/, 'x'));
  const [environment] = trusted(config, 'environment');
  if (environment) return inEnvironment(environment, 'refs/heads/main');
  return onRef(`refs/tags/${trusted(config, 'tag')[0].replace(/\*$/, 'x')}`);
}

const assume = (config: AppConfig, claims: ReturnType<typeof githubClaims>) =>
  evaluatePolicy(roleOf(config).trustPolicy, stsRequestForToken(claims, targetOf(config))).decision;

test("cdk.json's settings are valid, and each repository they serve has its role in a stack the app synthesizes", () => {
  expect(SERVED.length).toBeGreaterThan(0);
  for (const config of SERVED) {
    expect([config.repository.fullName, TEMPLATES.has(config.stackName)]).toEqual([config.repository.fullName, true]);
    expect(() => roleOf(config)).not.toThrow();
  }
});

test('every stack passes cdk-nag (AwsSolutions)', () => {
  expect(STACKS.length).toBeGreaterThan(0);
  for (const stack of STACKS) {
    const violations = new AwsSolutionsChecks(stack).validateScope(stack).violations;
    expect([stack.stackName, violations]).toEqual([stack.stackName, []]);
  }
});

test('every template passes every applicable AWS Control Tower control (movingTags opts out of CT.ECR.PR.3)', () => {
  const results = checkControlTower(Object.fromEntries(TEMPLATES));
  expect(Object.keys(results).sort()).toEqual([...TEMPLATES.keys()].sort());
  for (const [name, rules] of Object.entries(results)) {
    expect([name, Object.keys(rules).length > 0]).toEqual([name, true]);
    const failed = Object.keys(rules).filter((rule) => rules[rule] === 'FAIL');
    const moving = SERVED.some((c) => c.stackName === name && c.movingTags.length > 0);
    expect([name, failed]).toEqual([name, moving ? ['ct-ecr-pr-3'] : []]);
  }
});

describe.each(fullNames(SERVED))('the role of %s (independent evaluator)', (fullName) => {
  const config = SERVED.find((c) => c.repository.fullName === fullName)!;

  test('is assumed by a run it trusts (so the refusals below mean something)', () => {
    expect(assume(config, run(config, trustedRun(config)))).toBe('Allow');
  });

  test('refuses a branch it does not trust', () => {
    expect(assume(config, run(config, onBranch('zz-not-trusted-neighbour')))).toBe('Deny');
  });

  test('refuses a pull request, unless allowPullRequests', () => {
    const expected = config.subjects.some((s) => s.kind === 'pull_request') ? 'Allow' : 'Deny';
    expect(assume(config, run(config, onPullRequest(7)))).toBe(expected);
  });

  test('refuses a look-alike repository on the same ref', () => {
    const lookalike = run(config, trustedRun(config), { owner: `${config.repository.owner}-lookalike` });
    expect(assume(config, lookalike)).toBe('Deny');
  });

  test('refuses another workflow file of the repository, when the role pins one', () => {
    const other = run(config, trustedRun(config), { workflowFile: '.github/workflows/zz-other.yml' });
    expect(assume(config, other)).toBe(config.workflowFile === undefined ? 'Allow' : 'Deny');
  });

  // With one repository there is no other's run to refuse (the look-alike above stands in for it).
  if (SERVED.length > 1) {
    test('refuses the trusted run of every other served repository', () => {
      for (const other of SERVED.filter((o) => o !== config)) {
        const name = other.repository.fullName;
        expect([name, assume(config, run(other, trustedRun(other)))]).toEqual([name, 'Deny']);
      }
    });
  }

  test('pushes to its own ECR repository, and to no other', () => {
    const { region, partition } = config;
    const arn = (name: string) => `arn:${partition}:ecr:${region}:${ACCOUNT}:repository/${name}`;
    const others = [
      ...SERVED.filter((o) => o !== config).map((o) => o.ecrRepositoryName),
      `${config.ecrRepositoryName}-not-served`,
    ];
    const push = ROLE_ECR_ACTIONS.filter((action) => action !== 'ecr:GetAuthorizationToken');
    expect(push.length).toBeGreaterThan(0);
    const decide = (action: string, name: string) =>
      evaluatePolicies(roleOf(config).identityPolicies, { action, resource: arn(name) }).decision;
    for (const action of push) {
      expect([action, config.ecrRepositoryName, decide(action, config.ecrRepositoryName)]).toEqual([
        action,
        config.ecrRepositoryName,
        'Allow',
      ]);
      for (const other of others) expect([action, other, decide(action, other)]).toEqual([action, other, 'Deny']);
    }
  });
});

describe("the checked-in deploy workflow and the roles of the repositories that take its triggers (the doctor's workflow check)", () => {
  if (WORKFLOW_REPOSITORIES.length === 0) {
    test('none takes the top-level triggers: every entry sets its own (each deploys with its own copy: npm run configure -- --repository OWNER/REPO --workflow-out FILE)', () => {
      expectEveryEntrySetsItsOwnTriggers();
    });
    return;
  }

  test.each(fullNames(WORKFLOW_REPOSITORIES))(
    '%s: every run the workflow starts may assume the role, and the role trusts nothing else',
    (fullName) => {
      const config = WORKFLOW_REPOSITORIES.find((c) => c.repository.fullName === fullName)!;
      const result = checkWorkflowAgainstStack(
        WORKFLOW,
        config,
        roleOf(config).trustPolicy,
        targetOf(config),
        USER_SETTINGS.deployStages,
        scopeOf(config),
      );
      // Each push filter of the workflow is evaluated (one run each, or more with several deploy jobs).
      const filters = [
        ...(WORKFLOW.push?.branches ?? []).map((b) => `on.push.branches "${b}"`),
        ...(WORKFLOW.push?.tags ?? []).map((t) => `on.push.tags "${t}"`),
      ];
      expect(filters.length).toBeGreaterThan(0);
      expect(filters.filter((f) => !result.triggers.some((t) => t.trigger === f))).toEqual([]);
      expect(result.triggers.filter((t) => t.decision !== 'Allow')).toEqual([]);
      expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(result).toMatchObject({ unreachable: [], ok: true });
    },
  );
});
