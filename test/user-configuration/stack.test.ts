/**
 * The user's own configuration, as they will deploy it: the stack synthesized from their cdk.json
 * passes cdk-nag and every applicable AWS Control Tower control; every run their deploy workflow
 * starts may assume the role (the doctor's workflow check), and the obvious neighbours may not —
 * another branch, a pull request (unless they trust pull requests), a look-alike repository,
 * another workflow file (when the role pins one). Expectations come from their files, so this
 * suite holds for any valid configuration (npm run configure writes one).
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { checkWorkflowAgainstStack } from '../../lib/cli/doctor/workflow-check';
import {
  githubClaims,
  inEnvironment,
  onBranch,
  onPullRequest,
  onRef,
  type GitHubTrigger,
} from '../../lib/iam/github-token';
import { buildApp } from '../../lib/stack/app';
import { parseConfig, parseSettings } from '../../lib/stack/config';
import { readDeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { assumeRole, synthesizeSettings, TARGET } from '../iam/stack-fixture';
import { CDK_JSON_CONTEXT } from '../support/cdk-json';
import { checkControlTower } from '../support/control-tower';
import { appWith } from '../support/fixture-app';

const ROOT = `${__dirname}/../..`;
const CONFIG = parseConfig((key) => CDK_JSON_CONTEXT[key], Object.keys(CDK_JSON_CONTEXT));
/** cdk.json deployStages: the workflow check holds their deploy jobs to them (none without stages). */
const STAGES = parseSettings((key) => CDK_JSON_CONTEXT[key], Object.keys(CDK_JSON_CONTEXT)).deployStages;
const STACK = synthesizeSettings(CDK_JSON_CONTEXT);
const WORKFLOW = readDeployWorkflow(ROOT);
const repo = CONFIG.repository;

/** A token for a run of `owner/name` (the user's repository unless given), as GitHub would issue it. */
function run(trigger: GitHubTrigger, { owner = repo.owner, workflowFile = CONFIG.workflowFile } = {}) {
  const same = owner === repo.owner;
  return githubClaims({
    owner,
    repository: repo.name,
    ownerId: same ? repo.ownerId : undefined,
    repositoryId: same ? repo.repositoryId : undefined,
    subjectFormat: repo.usesImmutableIds ? 'immutable' : 'name',
    trigger,
    workflowFile: workflowFile ?? '.github/workflows/deploy-ecr.yml',
    issuer: `https://${CONFIG.issuerHost}`,
  });
}

const trusted = (kind: string) => CONFIG.subjects.filter((s) => s.kind === kind).map((s) => s.pattern);
/** A run the role trusts: on the first trusted branch or tag, or in the first trusted environment. */
function trustedRun(): GitHubTrigger {
  const [branch] = trusted('branch');
  if (branch) return onBranch(branch.replace(/\*$/, 'x'));
  const [environment] = trusted('environment');
  if (environment) return inEnvironment(environment, 'refs/heads/main');
  return onRef(`refs/tags/${trusted('tag')[0].replace(/\*$/, 'x')}`);
}

test('the template passes cdk-nag (AwsSolutions)', () => {
  const stack = buildApp(appWith(CDK_JSON_CONTEXT));
  expect(new AwsSolutionsChecks(stack).validateScope(stack).violations).toEqual([]);
});

test('the template passes every applicable AWS Control Tower control (movingTags opts out of CT.ECR.PR.3)', () => {
  const results = checkControlTower({ user: STACK.template }).user;
  expect(Object.keys(results).length).toBeGreaterThan(0);
  const failed = Object.entries(results)
    .filter(([, status]) => status === 'FAIL')
    .map(([rule]) => rule);
  expect(failed).toEqual(CONFIG.movingTags.length > 0 ? [expect.stringMatching(/ct-ecr-pr-3/)] : []);
});

test('every run the workflow starts may assume the role, and the role trusts nothing else', () => {
  const result = checkWorkflowAgainstStack(WORKFLOW, CONFIG, STACK.trustPolicy, TARGET, STAGES);
  expect(result.triggers.length).toBeGreaterThan(0);
  expect(result.triggers.filter((t) => t.decision !== 'Allow')).toEqual([]);
  expect(result).toMatchObject({ unreachable: [], ok: true });
});

describe('the neighbours of a trusted run are refused', () => {
  test('the trusted run itself is allowed (so the refusals below mean something)', () => {
    expect(assumeRole(STACK, run(trustedRun())).decision).toBe('Allow');
  });

  test('a branch the role does not trust', () => {
    expect(assumeRole(STACK, run(onBranch('zz-not-trusted-neighbour'))).decision).toBe('Deny');
  });

  test('a pull request, unless allowPullRequests', () => {
    const expected = CONFIG.subjects.some((s) => s.kind === 'pull_request') ? 'Allow' : 'Deny';
    expect(assumeRole(STACK, run(onPullRequest(7))).decision).toBe(expected);
  });

  test('a look-alike repository on the same ref', () => {
    expect(assumeRole(STACK, run(trustedRun(), { owner: `${repo.owner}-lookalike` })).decision).toBe('Deny');
  });

  test('another workflow file of the repository, when the role pins one', () => {
    const other = assumeRole(STACK, run(trustedRun(), { workflowFile: '.github/workflows/zz-other.yml' })).decision;
    expect(other).toBe(CONFIG.workflowFile === undefined ? 'Allow' : 'Deny');
  });
});
