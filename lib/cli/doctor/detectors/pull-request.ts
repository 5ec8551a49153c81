/** `pull-request`: a pull-request run, whose sub names no branch, and the role trusts none. */
import { settingFix } from '../setting-change';
import type { Detector } from './input';
import { untrustedRun } from './untrusted-run';

export const pullRequest: Detector = (input) => {
  const run = untrustedRun(input);
  if (run?.token.context.kind !== 'pull_request') return [];
  return [
    {
      id: 'pull-request',
      message: `This is a pull-request run: GitHub sends sub "…:pull_request", which names no branch, and the role does not trust pull requests (allowPullRequests is not set); it trusts ${run.trusted}.`,
      fix: [
        "Assume the role only for pushes: drop the pull_request trigger from the deploy workflow, or guard the job with if: github.event_name == 'push',",
        `or, to let pull-request runs push images (from any branch of the repository), set ${settingFix(input.scope, { allowPullRequests: true })}.`,
      ],
    },
  ];
};
