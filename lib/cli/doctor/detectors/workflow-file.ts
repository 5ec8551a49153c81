/**
 * `workflow-file`: the role pins `job_workflow_ref` (workflowFile) and the job ran another workflow
 * file, the pinned one from another repository or ref, or sent no such claim.
 */
import type { GitHubOidcClaims } from '../../../iam/github-token';
import { ConditionFailure, describeMismatch } from '../../../iam/policy-evaluator';
import type { AppConfig } from '../../../stack/config';
import type { Cause } from '../cause';
import { SettingsScope, settingFix } from '../setting-change';
import { parseSubject } from '../subject';
import { isPullRequestRef } from './environment-claims';
import { Detector, failedCondition } from './input';
import { patterns } from './untrusted-run';

export const workflowFile: Detector = (input) => {
  const failure = failedCondition(input, 'job_workflow_ref');
  if (!failure) return [];
  const subFailed = failedCondition(input, 'sub') !== undefined;
  const cause = workflowFileCause(input.claims, input.config, input.scope, failure, subFailed);
  return cause ? [cause] : [];
};

/** `OWNER/REPO/PATH@REF`; the path stops at the first "@" (git refs may hold one, paths here do not). */
const JOB_WORKFLOW_REF = /^([^/]+)\/([^/]+)\/(.+?)@(.+)$/;

/**
 * The job ran another workflow file (or the pinned one from another repository or ref) than the
 * role's `workflowFile`. Undefined when the mismatch only follows from the subject: the pinned file
 * of this repository at the run's own ref, refused because the run's branch, tag or environment is
 * not trusted (trusting it fixes both conditions).
 */
function workflowFileCause(
  claims: GitHubOidcClaims,
  config: AppConfig,
  scope: SettingsScope,
  failure: ConditionFailure,
  subFailed: boolean,
): Cause | undefined {
  const value = typeof claims.job_workflow_ref === 'string' ? claims.job_workflow_ref : undefined;
  const pinned = config.workflowFile;
  const repo = config.repository.fullName;
  if (value === undefined && pinned) {
    return {
      id: 'workflow-file',
      message: `The token has no job_workflow_ref claim, but the role trusts only jobs of ${repo}'s ${pinned} (workflowFile) and checks that claim. GitHub puts it in every Actions token: this token did not come from a GitHub Actions job as it is.`,
      fix: [],
    };
  }
  const m = value ? JOB_WORKFLOW_REF.exec(value) : null;
  if (!m || !pinned) {
    return {
      id: 'workflow-file',
      message: `The trust policy pins the workflow file: ${describeMismatch(failure)}.`,
      fix: [],
    };
  }
  const [, owner, name, file, ref] = m;
  const unpin =
    `or turn the pin off: ${settingFix(scope, { workflowFile: '' })}. ` +
    'Then every workflow file of the repository that runs on a trusted branch, tag or environment can assume the role and push images: ' +
    'a scheduled job, a test job that runs third-party code, or a workflow someone adds on that branch.';
  const runsIn = typeof claims.repository === 'string' ? claims.repository : repo;
  if (`${owner}/${name}` === runsIn && runsIn !== repo) {
    // The job's own workflow, in a repository the role does not trust (another one, or the same
    // spelt otherwise): the repository's cause says why, and fixing it fixes this condition too.
    return undefined;
  }
  if (`${owner}/${name}` !== repo) {
    return {
      id: 'workflow-file',
      message: `The job runs ${owner}/${name}/${file}, a reusable workflow of another repository; the role trusts only ${repo}'s own ${pinned} (workflowFile).`,
      fix: [`Assume the role in a job of ${repo}'s ${pinned},`, unpin],
    };
  }
  if (file !== pinned) {
    return {
      id: 'workflow-file',
      message: `The job runs from ${file}, but the role trusts only ${pinned} (workflowFile), so that no other workflow of the repository can push images.`,
      fix: [
        `Run the deploy from ${pinned}: move the job there, or have ${file} call it as a reusable workflow (jobs.<id>.uses: ./${pinned}; the called jobs' tokens then name ${pinned}),`,
        `or pin the file that runs instead: ${settingFix(scope, { workflowFile: file })},`,
        unpin,
      ],
    };
  }
  const environmentRun = typeof claims.sub === 'string' && parseSubject(claims.sub)?.context.kind === 'environment';
  if (subFailed && (ref === claims.ref || environmentRun)) return undefined;
  // An environment job started from a pull request: environment-pull-request says why.
  if (environmentRun && isPullRequestRef(ref)) return undefined;

  const accepted = [...new Set(failure.policyValues.map((v) => v.slice(v.lastIndexOf('@') + 1)))];
  const kind = ref.startsWith('refs/tags/') ? 'tag' : ref.startsWith('refs/heads/') ? 'branch' : undefined;
  const refName = ref.replace(/^refs\/(heads|tags)\//, '');
  const setting = kind === 'tag' ? 'allowedTags' : 'allowedBranches';
  // Only a branch or tag can be trusted: a commit SHA or another ref cannot be listed.
  const trust = kind
    ? [
        `or, if ${pinned} as it is on ${ref} should be trusted, add "${refName}" to ${setting}: ${settingFix(scope, { [setting]: [...patterns(config, kind), refName] }, { aside: `that also lets runs on ${ref} assume the role` })}.`,
      ]
    : [];
  return {
    id: 'workflow-file',
    message:
      `The job runs ${pinned} as it is at ${ref}, but for this run the role accepts that file only at ${accepted.join(', ')}: ` +
      'for branches and tags it trusts the workflow as it is on a trusted ref, not a copy from another ref (a reusable-workflow call such as ' +
      `uses: ${repo}/${pinned}@${refName}).`,
    fix: [
      `Call the workflow at the run's own ref: jobs.<id>.uses: ./${pinned}${trust.length > 0 ? ',' : '.'}`,
      ...trust,
    ],
  };
}
