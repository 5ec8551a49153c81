/** `wrong-audience`: the token's `aud` is not the one the role accepts (sts.amazonaws.com). */
import { Detector, failedCondition } from './input';

export const wrongAudience: Detector = (input) => {
  const aud = failedCondition(input, 'aud');
  if (!aud) return [];
  const had =
    aud.requestValue === 'absent'
      ? 'no audience'
      : `audience ${aud.requestValue.map((v) => JSON.stringify(v)).join(', ')}`;
  return [
    {
      id: 'wrong-audience',
      message: `The token has ${had}; the role accepts only ${aud.policyValues.map((v) => JSON.stringify(v)).join(' or ')} (AWS says "Incorrect token audience").`,
      fix: [
        'In the workflow, let aws-actions/configure-aws-credentials request its default audience: remove "audience:" from its "with:" (or set it to sts.amazonaws.com).',
        ...(input.claims.aud === undefined
          ? []
          : ['A token requested some other way (e.g. core.getIDToken()) must ask for the audience sts.amazonaws.com.']),
      ],
    },
  ];
};
