/**
 * `unrecognised` subjects: a sub after the repository that is not a branch, tag, environment or
 * pull request (a customised subject template), a sub not in GitHub's shape, or no sub at all.
 */
import { describeMismatch } from '../../../iam/policy-evaluator';
import type { CauseId } from '../cause';
import { Detector, failedCondition, parsedSub } from './input';
import { untrustedRun } from './untrusted-run';

/** The causes that already say what is wrong with the token's repository. */
const REPOSITORY_CAUSES: readonly CauseId[] = [
  'repository-case-mismatch',
  'other-repository',
  'repository-ids-differ',
  'immutable-sub-without-ids',
];

/** The part of sub after the repository is not one GitHub sends. */
export const otherSubject: Detector = (input) => {
  const run = untrustedRun(input);
  if (run?.token.context.kind !== 'other') return [];
  return [
    {
      id: 'unrecognised',
      message: `The token's sub ends in ${JSON.stringify(run.token.context.text)}, which is not a branch, tag, environment or pull request; the role trusts ${run.trusted}.`,
      fix: [
        'If the repository customises its OIDC subject claim template, reset it to the default (repo, then context).',
      ],
    },
  ];
};

/** The token has no sub, or one not in GitHub's shape (and its repository claims explain nothing). */
export const unparsedSub: Detector = (input) => {
  const sub = failedCondition(input, 'sub');
  if (!sub || parsedSub(input.claims) || input.found.some((c) => REPOSITORY_CAUSES.includes(c.id))) return [];
  const { claims } = input;
  return [
    {
      id: 'unrecognised',
      message:
        claims.sub === undefined
          ? 'The token has no sub claim.'
          : `The token's sub ${JSON.stringify(claims.sub)} is not in a form GitHub Actions sends (repo:OWNER/REPO:…); ${describeMismatch(sub)}.`,
      fix: [],
    },
  ];
};
