/**
 * `environment-name` and `environment-pull-request`: an environment job whose `sub` the role
 * accepts, refused by what the role pins beside it — the `environment` claim (exact names: in
 * `sub`, GitHub writes ":" as "%3A", so `a:b` and `a%3Ab` look alike), and the ref an environment
 * job may run on (branches and tags; pull-request merge refs only with allowPullRequests).
 */
import { settingFix, settingName } from '../setting-change';
import { Detector, failedCondition, parsedSub, subjectFailed } from './input';

/** The job's environment, when the token says it is an environment job. */
function environmentOf(claims: { sub?: unknown; environment?: unknown }): string | undefined {
  const sub = parsedSub(claims as never);
  if (sub?.context.kind !== 'environment') return undefined;
  return typeof claims.environment === 'string' ? claims.environment : sub.context.environment;
}

export const environmentName: Detector = (input) => {
  const failure = failedCondition(input, 'environment');
  if (!failure || subjectFailed(input)) return [];
  const had =
    failure.requestValue === 'absent' ? '(none)' : failure.requestValue.map((v) => JSON.stringify(v)).join(', ');
  return [
    {
      id: 'environment-name',
      message:
        `The token's environment claim is ${had}, but the role trusts only ${failure.policyValues.map((v) => JSON.stringify(v)).join(', ')}: ` +
        'their sub values look the same because GitHub writes ":" as "%3A" there, and the environment claim tells them apart.',
      fix: [
        `Run the job in the environment the role trusts, spelt exactly as in ${settingName(input.scope, 'allowedEnvironments')}.`,
      ],
    },
  ];
};

/** True for the merge ref of a pull-request run. */
export function isPullRequestRef(ref: unknown): boolean {
  return typeof ref === 'string' && /^refs\/pull\//.test(ref);
}

export const environmentPullRequest: Detector = (input) => {
  const environment = environmentOf(input.claims);
  if (environment === undefined || subjectFailed(input) || !isPullRequestRef(input.claims.ref)) return [];
  if (!failedCondition(input, 'job_workflow_ref') && !failedCondition(input, 'ref')) return [];
  return [
    {
      id: 'environment-pull-request',
      message:
        `This job in environment "${environment}" was started from a pull request (${String(input.claims.ref)}); ` +
        'the role accepts environment jobs only on branches and tags unless pull requests are trusted, so that nobody can deploy an unreviewed change through the environment.',
      fix: [
        'Deploy from a branch or tag the environment allows (e.g. after the merge),',
        `or trust pull requests: ${settingFix(input.scope, { allowPullRequests: true }, { aside: 'every pull-request author then runs their own edited workflow with the role; prefer required reviewers on the environment' })}.`,
      ],
    },
  ];
};
