/**
 * IAM's limits on a stage's deploy role, checked at synth rather than refused at deploy time: its
 * trust policy (the refs of allowedBranches and allowedTags, see stage-trust.ts) and its policy
 * (one ARN per service and role, see permissions/ecs-deploy-policy.ts).
 */
import { ecsDeployPolicySize, ROLE_INLINE_POLICY_MAX_CHARS } from '../permissions/ecs-deploy-policy';
import { ConfigError } from './config-error';
import { DeployStage, stageKey } from './deploy-stages';
import { RepositoryTrust, stageTrust } from './stage-trust';
import { trustPolicySize } from './trust-policy-size';

/**
 * Throws `ConfigError` when the stage role's trust policy would exceed `trustPolicyMaxChars` or
 * its policy IAM's 10,240 characters of inline policy per role.
 */
export function checkStageLimits(
  index: number,
  stage: DeployStage,
  repository: RepositoryTrust,
  trustPolicyMaxChars: number,
): void {
  const trustSize = trustPolicySize(stageTrust(repository, stage.environment), stage.partition);
  if (trustSize > trustPolicyMaxChars) {
    const count = (kind: string) => repository.subjects.filter((s) => s.kind === kind).length;
    throw new ConfigError({
      key: stageKey(index, 'environment'),
      value: stage.environment,
      accepted:
        `a stage role trust policy within IAM's ${trustPolicyMaxChars}-character quota (trustPolicyMaxChars): it trusts this environment on the refs of allowedBranches (${count('branch')}) and allowedTags (${count('tag')}), ` +
        `${trustSize} characters in all; use a shorter environment name, fewer branches and tags (e.g. a pattern such as "release/*"), or raise the account's "Role trust policy length" quota (up to 4096) and set trustPolicyMaxChars`,
    });
  }
  const policySize = ecsDeployPolicySize(stage);
  if (policySize > ROLE_INLINE_POLICY_MAX_CHARS) {
    throw new ConfigError({
      key: stageKey(index, 'services'),
      value: stage.services,
      accepted: `fewer services (or passRoles): the stage role's policy names each one's ARN and would be ${policySize} characters, over IAM's ${ROLE_INLINE_POLICY_MAX_CHARS} for a role's inline policies; split the services over two stages`,
    });
  }
}
