/**
 * The rule list (lib/workflow/checks/index.ts) and checkDeployWorkflow, which runs it: every rule
 * file is listed and has its own test file, the problems come in the list's order, and the
 * fixture workflow and its compliant variants have no problem under any rule.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GITHUB_VARIABLES } from '../../../lib/stack/github-variables';
import { DEPLOY_WORKFLOW_RULES } from '../../../lib/workflow/checks';
import { checkDeployWorkflow } from '../../../lib/workflow/deploy-consistency';
import {
  BUILD,
  contextOf,
  editedWorkflow,
  fixtureConfig,
  FIXTURE_README,
  JOB,
  reported,
  setStep,
  type Scenario,
} from './fixture';

const CHECKS_DIR = join(__dirname, '..', '..', '..', 'lib', 'workflow', 'checks');
/** The files of lib/workflow/checks that are not rules. */
const NOT_RULES = ['index.ts', 'context.ts', 'shared.ts', 'per-job.ts'];
/** A rule file's name is its function's name in kebab case (`tag-priority.ts` exports `tagPriority`). */
const fileOf = (name: string) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.ts`;
const RULE_FILES = readdirSync(CHECKS_DIR)
  .filter((f) => f.endsWith('.ts') && !NOT_RULES.includes(f))
  .sort();

describe('the rule list', () => {
  test('lists every rule file of lib/workflow/checks, each once', () => {
    expect(RULE_FILES.length).toBeGreaterThan(0);
    const listed = DEPLOY_WORKFLOW_RULES.map((rule) => fileOf(rule.name));
    expect([...listed].sort()).toEqual(RULE_FILES);
    expect(new Set(listed).size).toBe(listed.length);
  });

  test('every rule file has its own test file', () => {
    const missing = RULE_FILES.filter((f) => !existsSync(join(__dirname, f.replace(/\.ts$/, '.test.ts'))));
    expect(missing).toEqual([]);
  });

  test('runs the rules in the order their problems have always been reported', () => {
    expect(DEPLOY_WORKFLOW_RULES.map((rule) => rule.name)).toEqual([
      'triggers',
      'dispatch',
      'workflowFile',
      'permissions',
      'credentials',
      'sessionName',
      'sessionDuration',
      'repository',
      'variables',
      'readme',
      'actionPins',
      'runExpressions',
      'checkout',
      'concurrency',
      'tags',
      'movingTags',
      'tagPriority',
      'imageManifest',
      'rerun',
      'ecrPermissions',
      'cache',
      // The deploy jobs of cdk.json deployStages (issue 14), after every rule about the push.
      'pushOutputs',
      'stageJobs',
      'stageNeeds',
      'stageEnvironment',
      'stagePermissions',
      'stageCredentials',
      'stageVariables',
      'stageImage',
      'stageTemplate',
    ]);
  });
});

describe('checkDeployWorkflow', () => {
  test('returns each rule’s problems, in the list’s order', () => {
    // Breaks the first and the last rule and one between them.
    const scenario: Scenario = {
      workflow: [
        (d) => d.setIn(['on', 'push', 'branches'], ['main', 'next']),
        (d) => d.delete('concurrency'),
        setStep(BUILD, ['with', 'cache-to'], 'type=registry,ref=x:y'),
      ],
    };
    const context = contextOf(scenario);
    const problems = checkDeployWorkflow(context.workflow, context.config, { readme: context.readme });
    expect(problems.map((p) => p.check)).toEqual(['push-branches', 'dispatch', 'concurrency', 'cache']);
    expect(problems).toEqual(DEPLOY_WORKFLOW_RULES.flatMap((rule) => rule(context)));
  });

  test('the README is checked only when given', () => {
    const workflow = editedWorkflow();
    const readme = 'no variables here';
    expect(checkDeployWorkflow(workflow, fixtureConfig(), {}).map((p) => p.check)).toEqual([]);
    expect(checkDeployWorkflow(workflow, fixtureConfig(), { readme }).map((p) => p.check)).toEqual(
      Object.values(GITHUB_VARIABLES).map(() => 'readme'),
    );
  });

  const run = (scenario: Scenario) => {
    const context = contextOf(scenario);
    return reported(
      checkDeployWorkflow(context.workflow, context.config, { readme: context.readme, variables: context.variables }),
    );
  };

  test('the fixture workflow agrees with the fixture settings: no problem', () => {
    expect(run({})).toBe('');
  });

  test('cdk.json letting latest and the cache tag move matches what the workflow moves: no problem', () => {
    expect(run({ config: { movingTags: ['latest', 'buildcache*'] } })).toBe('');
  });

  test('a wildcard branch trusted in cdk.json covers a matching GitHub filter', () => {
    const scenario: Scenario = {
      workflow: [
        (d) => d.setIn(['on', 'push', 'branches'], ['release/**']),
        (d) => d.setIn([...JOB, 'if'], "startsWith(github.ref, 'refs/heads/release/')"),
      ],
      config: { allowedBranches: ['release/*'] },
    };
    expect(run(scenario)).toBe('');
  });

  test('without workflow_dispatch the job needs no if:', () => {
    const scenario: Scenario = {
      workflow: [(d) => d.deleteIn(['on', 'workflow_dispatch']), (d) => d.deleteIn([...JOB, 'if'])],
    };
    expect(run(scenario)).toBe('');
  });

  test('an if: that also lets every push through still holds manual runs to the trusted refs', () => {
    const scenario: Scenario = {
      workflow: [
        (d) => d.setIn([...JOB, 'if'], "${{ github.event_name == 'push' || (github.ref == 'refs/heads/main') }}"),
      ],
    };
    expect(run(scenario)).toBe('');
  });

  test('a job environment the role trusts replaces the branch check', () => {
    const scenario: Scenario = {
      workflow: [(d) => d.setIn([...JOB, 'environment'], 'production')],
      config: { allowedBranches: [], allowedEnvironments: ['production'] },
    };
    expect(run(scenario)).toBe('');
  });
});

// The README text is part of the fixture: a check that it is not empty keeps the tests above honest.
test('the fixture README names every variable', () => {
  for (const v of Object.values(GITHUB_VARIABLES)) expect(FIXTURE_README).toContain(v.variable);
});
