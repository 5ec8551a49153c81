/**
 * `stage-environment` from the `environment` claim: the job's sub names the stage's environment,
 * but its environment claim is another spelling (GitHub writes ":" as "%3A" in sub, so `a:b` and
 * `a%3Ab` send the same sub; the claim tells them apart).
 */
import { environmentKey } from '../stage';
import { Detector, failedCondition, subjectFailed } from './input';

export const stageEnvironmentName: Detector = (input) => {
  const under = input.stage;
  const failure = failedCondition(input, 'environment');
  if (!under || !failure || subjectFailed(input)) return [];
  const had =
    failure.requestValue === 'absent' ? '(none)' : failure.requestValue.map((v) => JSON.stringify(v)).join(', ');
  return [
    {
      id: 'stage-environment',
      message:
        `The token's environment claim is ${had}, but the deploy role of stage "${under.stage.name}" trusts only ${JSON.stringify(under.stage.environment)}: ` +
        'their sub values look the same because GitHub writes ":" as "%3A" there, and the environment claim tells them apart.',
      fix: [`Run the job in the environment spelt exactly as ${environmentKey(under)}: ${under.stage.environment}.`],
    },
  ];
};
