/** The app's user-facing contract: every CDK context key it reads (defaults in cdk.json, `-c key=value`). */

/** Every context key this app reads, with a one-line description (for the README and typo hints). */
export const SETTINGS = {
  env: 'deployment label used in the stack and role names',
  region: 'AWS region of the stack',
  githubOwner: 'GitHub user or organisation that owns the repository (exact case)',
  githubRepository: 'GitHub repository name (exact case)',
  githubOwnerId: 'numeric owner ID: switches to immutable-ID subjects (with githubRepositoryId)',
  githubRepositoryId: 'numeric repository ID (with githubOwnerId)',
  githubOidcHost: 'OIDC issuer host',
  allowedBranches: 'branches whose runs may assume the role (JSON list; "*" only after a prefix)',
  allowedTags: 'tags whose runs may assume the role (JSON list)',
  allowedEnvironments: 'GitHub environments whose jobs may assume the role (JSON list)',
  allowPullRequests: 'let pull-request runs from branches of the repository assume the role',
  workflowFile: 'only this workflow file may assume the role (pins job_workflow_ref); "" turns the pin off',
  createOidcProvider: "create the GitHub OIDC provider (false: import the account's existing one)",
  oidcProviderArn: 'import this OIDC provider instead of creating one',
  roleName: 'name of the deploy role',
  permissionsBoundaryArn: 'permissions boundary attached to the deploy role',
  ecrRepositoryName: 'name of the ECR repository',
  untaggedImageExpiryDays: 'days after which untagged images expire',
  ecrEncryption: 'AES256 or KMS',
  ecrKmsKeyArn: 'customer-managed KMS key for the repository (implies KMS)',
  movingTags: 'tags that may move (JSON list, at most 5; fails Control Tower CT.ECR.PR.3)',
  stackName: 'CloudFormation stack name',
  repositories:
    'several GitHub repositories, each with its own role and ECR repository (JSON list of objects; see docs/many-repositories.md)',
  pullAccounts: 'AWS account IDs (12 digits) that may pull the images (JSON list)',
  pullOrganizationId: 'AWS Organizations ID (o-…) whose accounts may pull the images',
  trustPolicyMaxChars: "the account's IAM role trust-policy length quota (2048 unless raised, at most 4096)",
  deployStages:
    'ECS stages the image is delivered to, in promotion order (JSON list of objects; see docs/ecs-delivery.md)',
} as const;

/** The name of one of the app's settings. */
export type SettingKey = keyof typeof SETTINGS;

/** Reads a context value; `undefined` when the key is not set. */
export type ContextReader = (key: string) => unknown;
