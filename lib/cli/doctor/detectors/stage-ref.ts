/**
 * `stage-ref-not-allowed`: a job in the stage's environment, on a ref the stage role does not
 * accept. The deploy job runs after the push job, on its ref, so the stage role accepts only the
 * refs the push job runs on (allowedBranches, allowedTags; any branch or tag when both are empty),
 * checked through `job_workflow_ref` with the workflow pin, or the `ref` claim without.
 */
import type { GitHubOidcClaims } from '../../../iam/github-token';
import type { AppConfig } from '../../../stack/config';
import type { Cause } from '../cause';
import { settingFix } from '../setting-change';
import { isPullRequestRef } from './environment-claims';
import { Detector, failedCondition, subjectFailed } from './input';
import { patterns, suggestedTagPattern } from './untrusted-run';

/** `OWNER/REPO/PATH@REF`. */
const JOB_WORKFLOW_REF = /^([^/]+)\/([^/]+)\/(.+?)@(.+)$/;

export const stageRef: Detector = (input) => {
  const under = input.stage;
  if (!under || subjectFailed(input)) return [];
  const ref = refusedRef(input.claims, input.config, {
    workflowRef: failedCondition(input, 'job_workflow_ref') !== undefined,
    refClaim: failedCondition(input, 'ref') !== undefined,
  });
  if (ref === undefined) return [];
  const { stage } = under;
  const branches = patterns(input.config, 'branch');
  const tags = patterns(input.config, 'tag');
  const limited = branches.length + tags.length > 0;
  const accepts = limited
    ? `accepts its jobs only on the refs the push job runs on (allowedBranches ${JSON.stringify(branches)}, allowedTags ${JSON.stringify(tags)}), since the deploy job runs after the push job, on its ref`
    : 'accepts its jobs on branches and tags only';
  const role = `the deploy role of stage "${stage.name}"`;
  const redeploy =
    'then deploy the main stack and every stage stack (npx cdk deploy --all, or each with its own credentials)';
  let cause: Cause;
  if (isPullRequestRef(ref)) {
    cause = {
      id: 'stage-ref-not-allowed',
      message: `This job in environment "${stage.environment}" was started from a pull request (${ref}); ${role} never accepts a pull request's merge ref: it ${accepts}.`,
      fix: ['Deploy from a branch or tag the push job runs on (e.g. after the merge).'],
    };
  } else if (ref.startsWith('refs/heads/')) {
    const branch = ref.slice('refs/heads/'.length);
    cause = {
      id: 'stage-ref-not-allowed',
      message: `The job in environment "${stage.environment}" runs on branch "${branch}", but ${role} ${accepts}.`,
      fix: [
        `Deploy from ${branches.length > 0 ? `a branch of allowedBranches (${branches.join(', ')})` : 'a ref the push job runs on'},`,
        `or add "${branch}" to allowedBranches: ${settingFix(input.scope, { allowedBranches: [...branches, branch] }, { aside: 'the push job may then push images from it too', then: redeploy })}.`,
      ],
    };
  } else if (ref.startsWith('refs/tags/')) {
    const tag = ref.slice('refs/tags/'.length);
    cause = {
      id: 'stage-ref-not-allowed',
      message: `The job in environment "${stage.environment}" runs for tag "${tag}", but ${role} ${accepts}.`,
      fix: [
        `Deploy from ${tags.length > 0 ? `a tag of allowedTags (${tags.join(', ')})` : 'a ref the push job runs on'},`,
        `or add "${tag}" (or a pattern such as "${suggestedTagPattern(tag)}") to allowedTags: ${settingFix(input.scope, { allowedTags: [...tags, tag] }, { aside: 'the push job may then push images for it too', then: redeploy })}.`,
      ],
    };
  } else {
    cause = { id: 'stage-ref-not-allowed', message: `Jobs on ${ref} are refused: ${role} ${accepts}.`, fix: [] };
  }
  return [cause];
};

/**
 * The ref of the run when the stage role refused it for its ref: from `job_workflow_ref` when that
 * failed and names the pinned file of this repository at the run's own ref (another file or ref is
 * the workflow-file cause), else from the `ref` claim when that failed.
 */
function refusedRef(
  claims: GitHubOidcClaims,
  config: AppConfig,
  failed: { workflowRef: boolean; refClaim: boolean },
): string | undefined {
  const claimRef = typeof claims.ref === 'string' ? claims.ref : undefined;
  if (failed.workflowRef) {
    const m = typeof claims.job_workflow_ref === 'string' ? JOB_WORKFLOW_REF.exec(claims.job_workflow_ref) : null;
    if (!m) return undefined;
    const [, owner, name, file, ref] = m;
    if (`${owner}/${name}` !== config.repository.fullName || file !== config.workflowFile) return undefined;
    if (claimRef !== undefined && claimRef !== ref) return undefined;
    return ref;
  }
  return failed.refClaim ? claimRef : undefined;
}
