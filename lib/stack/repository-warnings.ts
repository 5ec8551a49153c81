/** Settings that synthesize but deserve a second look, printed by every `cdk synth`. */
import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AppConfig, DeployStage } from './config';

/** Adds one warning to `scope` per setting of `config` that deserves a second look. */
export function warnAboutSettings(scope: IConstruct, config: AppConfig): void {
  const warn = (id: string, message: string) => Annotations.of(scope).addWarningV2(`github-oidc-ecr:${id}`, message);
  const repo = config.repository;
  if (repo.isPlaceholder) {
    warn(
      'placeholder-repository',
      `githubOwner/githubRepository are still the example "${repo.fullName}": the role would trust whoever owns that name on GitHub. Set your own in cdk.json or with -c before deploying.`,
    );
  }
  if (!repo.usesImmutableIds) {
    warn(
      'name-based-subjects',
      `The role trusts the repository by name only ("${config.subjects[0].render(repo)}"): a deleted name re-registered by someone else would be trusted, and since 2026-07-15 repositories created, renamed or transferred (or opted in) send "repo:OWNER@OWNER_ID/REPO@REPO_ID:…", which this role refuses. ` +
        `Set githubOwnerId and githubRepositoryId from \`gh api repos/${repo.fullName} --jq '.owner.id, .id'\`: the role then accepts both subject forms, tied to those IDs.`,
    );
  }
  if (config.subjects.some((x) => x.kind === 'environment')) {
    warn(
      'environments',
      'allowedEnvironments: create each environment in the repository settings with deployment branch/tag rules before deploying; GitHub creates a missing environment without any protection the first time a workflow names it.',
    );
  }
  if (config.workflowFile === undefined) {
    warn(
      'workflow-unpinned',
      'workflowFile is "": any workflow file of the repository on a trusted branch, tag or environment can assume the role, not only the deploy workflow. Remove the setting to pin .github/workflows/deploy-ecr.yml again.',
    );
  }
  if (config.subjects.some((x) => x.kind === 'pull_request')) {
    warn(
      'pull-requests',
      'allowPullRequests=true: every pull-request author runs their own edited workflow with this role (in private repositories, fork pull requests too when "send write tokens to workflows from fork pull requests" is on). Prefer an environment with required reviewers.',
    );
  }
}

/** Adds the warning every deploy stage deserves to `scope` (its deploy role). */
export function warnAboutStage(scope: IConstruct, stage: DeployStage): void {
  const warn = (id: string, message: string) => Annotations.of(scope).addWarningV2(`github-oidc-ecr:${id}`, message);
  warn(
    'stage-environment',
    `deployStages "${stage.name}": create the environment "${stage.environment}" in the repository settings (deployment branches and tags, required reviewers where wanted) before deploying; GitHub creates a missing environment without any protection the first time a workflow names it.`,
  );
}
