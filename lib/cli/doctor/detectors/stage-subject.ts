/**
 * `stage-environment`: a stage's deploy role trusts only jobs in the stage's GitHub environment,
 * and this job ran in another one (another stage's, the push job's, an unknown one) or in none.
 */
import { stageKey } from '../../../stack/config/deploy-stages';
import type { Cause } from '../cause';
import { describeContext } from '../subject';
import { environmentKey, stageDeploy, StageUnderCheck } from '../stage';
import type { Detector } from './input';
import { patterns, untrustedRun } from './untrusted-run';

export const stageSubject: Detector = (input) => {
  const under = input.stage;
  const run = untrustedRun(input);
  if (!under || !run) return [];
  const { stage } = under;
  const trusts = `the deploy role of stage "${stage.name}" trusts only jobs in environment "${stage.environment}" (${environmentKey(under)})`;
  const addEnvironment = `Give the job that assumes the role environment: ${stage.environment} (the deploy job deploy-${stage.name}, as npm run configure writes it); its vars.AWS_ROLE_ARN is then the stage's role too.`;
  const context = run.token.context;
  switch (context.kind) {
    case 'environment':
      return [otherEnvironment(context.environment, under, trusts, patterns(input.config, 'environment'))];
    case 'ref':
    case 'pull_request':
      return [
        {
          id: 'stage-environment',
          message: `The job names no environment, so GitHub puts ${context.kind === 'ref' ? describeContext(context) : 'pull_request'} in sub; ${trusts}.`,
          fix: [addEnvironment],
        },
      ];
    default:
      return [];
  }
};

/** A job in an environment that is not the stage's. */
function otherEnvironment(
  environment: string,
  under: StageUnderCheck,
  trusts: string,
  pushEnvironments: readonly string[],
): Cause {
  const { stage, stages } = under;
  const other = stages.findIndex((s) => s.environment.toLowerCase() === environment.toLowerCase());
  if (other === under.index) {
    // GitHub compares environment names ignoring case; IAM compares the claims exactly.
    return {
      id: 'stage-environment',
      message: `The job runs in environment "${environment}", the environment of this stage spelt in another case: GitHub takes both for one environment, but IAM compares the sub and environment claims case by case, and ${trusts}.`,
      fix: [
        `Write environment: ${stage.environment} on the deploy job exactly as ${environmentKey(under)} (npm run configure writes it so), and name the environment so in the repository settings.`,
      ],
    };
  }
  if (other >= 0) {
    const o = stages[other];
    return {
      id: 'stage-environment',
      message: `The job runs in environment "${environment}", the environment of stage "${o.name}" (${stageKey(other, 'environment')}); ${trusts}: each stage's role takes only the jobs its own environment guards.`,
      fix: [
        `To deploy to ${stage.name}, run the job in environment ${stage.environment} (the deploy job deploy-${stage.name});`,
        `to check this job against its own stage's role: npm run doctor -- --stage ${o.name}.`,
      ],
    };
  }
  if (pushEnvironments.some((e) => e.toLowerCase() === environment.toLowerCase())) {
    return {
      id: 'stage-environment',
      message: `The job runs in environment "${environment}", which is the push job's (allowedEnvironments), where vars.AWS_ROLE_ARN is the push role; ${trusts}.`,
      fix: [`Run the deploy job in environment ${stage.environment}, not in the push job's.`],
    };
  }
  return {
    id: 'stage-environment',
    message: `The job runs in environment "${environment}"; ${trusts}.`,
    fix: [
      `Run the deploy job in environment ${stage.environment},`,
      `or, if "${environment}" is the environment that guards ${stage.name}, set ${environmentKey(under)} to "${environment}" in cdk.json, then ${stageDeploy(stage)}, npm run configure, and npm run github-setup -- --stage ${stage.name}.`,
    ],
  };
}
