/**
 * TRIGGER_CHECKS is exactly the set of workflow rules whose problems change with the trigger
 * settings: on fixture workflows (clean, two jobs, no push trigger, and one breaking rules that
 * judge no trigger), every other rule reports the same whatever the trigger settings, and each
 * listed rule reports differently for some of them.
 */
import { type Document } from 'yaml';
import { TRIGGER_SETTINGS } from '../../lib/stack/config/trigger-settings';
import { checkDeployWorkflow } from '../../lib/workflow/deploy-consistency';
import { formatProblems, type WorkflowProblem } from '../../lib/workflow/workflow-problem';
import {
  CHECKOUT,
  CREDS,
  editedWorkflow,
  type Edit,
  FIXTURE_README,
  fixtureConfig,
  setStep,
  step,
  TWO_JOBS,
  WF,
} from '../workflow/checks/fixture';
import { TRIGGER_CHECKS } from './trigger-checks';

const WORKFLOWS: Record<string, readonly Edit[]> = {
  clean: [],
  'two jobs': TWO_JOBS,
  'no push trigger': [(d: Document) => d.set('on', d.createNode({ workflow_dispatch: null }))],
  'rules that judge no trigger broken': [
    (d: Document) => step(d, CHECKOUT).set('uses', 'actions/checkout@v4'),
    setStep(CREDS, ['with', 'aws-region'], 'us-east-1'),
    setStep(CREDS, ['with', 'role-duration-seconds'], 7200),
  ],
};

/** Each trigger setting changed from the fixture's (branch main, pinned deploy-ecr.yml), and all at once. */
const VARIANTS: Record<string, Record<string, unknown>> = {
  allowedBranches: { allowedBranches: ['other'] },
  allowedTags: { allowedTags: ['v*'] },
  allowedEnvironments: { allowedEnvironments: ['production'] },
  allowPullRequests: { allowPullRequests: true },
  workflowFile: { workflowFile: '.github/workflows/other.yml' },
  'workflowFile off': { workflowFile: '' },
  all: {
    allowedBranches: ['main', 'other'],
    allowedTags: ['v*'],
    allowedEnvironments: ['production'],
    allowPullRequests: true,
    workflowFile: '',
  },
};

function problems(workflow: readonly Edit[], settings: Record<string, unknown> = {}): WorkflowProblem[] {
  return checkDeployWorkflow(editedWorkflow(...workflow), fixtureConfig(settings), { readme: FIXTURE_README });
}

const text = (list: readonly WorkflowProblem[], keep: (p: WorkflowProblem) => boolean) =>
  formatProblems(WF, list.filter(keep));
const isTrigger = (p: WorkflowProblem) => TRIGGER_CHECKS.includes(p.check);

test('the variants change every trigger setting', () => {
  const changed = new Set(Object.values(VARIANTS).flatMap((v) => Object.keys(v)));
  expect([...changed].sort()).toEqual([...TRIGGER_SETTINGS].sort());
});

test.each(Object.keys(WORKFLOWS))(
  '%s: no rule outside TRIGGER_CHECKS reports differently for another trigger setting',
  (name) => {
    const base = text(problems(WORKFLOWS[name]), (p) => !isTrigger(p));
    for (const [variant, settings] of Object.entries(VARIANTS)) {
      expect([variant, text(problems(WORKFLOWS[name], settings), (p) => !isTrigger(p))]).toEqual([variant, base]);
    }
  },
);

test('the comparison is not empty: the broken workflow has problems outside TRIGGER_CHECKS', () => {
  const checks = problems(WORKFLOWS['rules that judge no trigger broken']).filter((p) => !isTrigger(p));
  expect([...new Set(checks.map((p) => p.check))].sort()).toEqual([
    'action-pins',
    'region',
    'session-duration',
    'variables',
  ]);
});

test('every rule of TRIGGER_CHECKS reports differently for some trigger setting', () => {
  const differing = new Set<string>();
  for (const workflow of Object.values(WORKFLOWS)) {
    const base = problems(workflow);
    for (const settings of Object.values(VARIANTS)) {
      const other = problems(workflow, settings);
      for (const check of TRIGGER_CHECKS) {
        const of = (list: WorkflowProblem[]) => text(list, (p) => p.check === check);
        if (of(base) !== of(other)) differing.add(check);
      }
    }
  }
  expect([...differing].sort()).toEqual([...TRIGGER_CHECKS].sort());
});
