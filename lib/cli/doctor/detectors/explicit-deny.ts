/** `explicit-deny`: a Deny statement of the trust policy applies to the token. */
import type { Detector } from './input';

export const explicitDeny: Detector = ({ decision }) =>
  decision.reason === 'explicit-deny'
    ? [
        {
          id: 'explicit-deny',
          message: `Statement ${decision.statement?.index} of the trust policy explicitly denies this token.`,
          fix: [],
        },
      ]
    : [];
