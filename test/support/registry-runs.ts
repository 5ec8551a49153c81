/**
 * The GitHub runs and AWS principals the registry's evaluator tests judge (test/stack/registry.test.ts):
 * for each of the three repositories of THREE_REPOSITORIES (test/support/registry-settings.ts) the
 * runs its settings trust, runs of its own that its role must refuse, and a look-alike repository;
 * the principals of the pulling side, and outsiders.
 */
import {
  githubClaims,
  GitHubOidcClaims,
  GitHubRunSpec,
  inEnvironment,
  onBranch,
  onTag,
} from '../../lib/iam/github-token';
import type { RequestContext } from '../../lib/iam/policy-evaluator';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const ORG = 'o-exampleorg1';
export const PULL_ACCOUNT = '111122223333';

/** The three repositories as the fixture lists them: GitHub name, ECR repository ARN. */
export const SERVED = {
  service: { fullName: 'Octo-Org/octo-service', ecrArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/octo-service` },
  billing: {
    fullName: 'Other-Team/Billing.API',
    ecrArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/team/billing-api`,
  },
  web: { fullName: 'Octo-Org/web-front', ecrArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/web-front` },
} as const;
export type Served = keyof typeof SERVED;
export const ALL = Object.keys(SERVED) as Served[];

const run = (spec: GitHubRunSpec): GitHubOidcClaims => githubClaims(spec);

/** Runs each repository trusts (its settings in test/support/registry-settings.ts). */
export const TRUSTED_RUNS: Record<Served, Array<[string, GitHubOidcClaims]>> = {
  service: [
    [
      'main',
      run({ owner: 'Octo-Org', repository: 'octo-service', trigger: onBranch('main'), workflowFile: 'deploy-ecr.yml' }),
    ],
  ],
  billing: [
    [
      'tag v1.2.0 (immutable subject)',
      run({
        owner: 'Other-Team',
        ownerId: '7654321',
        repository: 'Billing.API',
        repositoryId: '55501234',
        subjectFormat: 'immutable',
        trigger: onTag('v1.2.0'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
    [
      'tag v1.2.0 (name subject)',
      run({
        owner: 'Other-Team',
        ownerId: '7654321',
        repository: 'Billing.API',
        repositoryId: '55501234',
        trigger: onTag('v1.2.0'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
  ],
  web: [
    [
      'release/2.0',
      run({
        owner: 'Octo-Org',
        repository: 'web-front',
        trigger: onBranch('release/2.0'),
        workflowFile: 'release.yml',
      }),
    ],
    [
      'environment production',
      run({
        owner: 'Octo-Org',
        repository: 'web-front',
        trigger: inEnvironment('production'),
        workflowFile: 'release.yml',
      }),
    ],
  ],
};

/** Runs of each repository that its own role must refuse too. */
export const UNTRUSTED_OWN_RUNS: Record<Served, Array<[string, GitHubOidcClaims]>> = {
  service: [
    [
      'develop',
      run({
        owner: 'Octo-Org',
        repository: 'octo-service',
        trigger: onBranch('develop'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
    [
      'main, another workflow',
      run({ owner: 'Octo-Org', repository: 'octo-service', trigger: onBranch('main'), workflowFile: 'release.yml' }),
    ],
  ],
  billing: [
    [
      'main (it trusts tags only)',
      run({
        owner: 'Other-Team',
        ownerId: '7654321',
        repository: 'Billing.API',
        repositoryId: '55501234',
        trigger: onBranch('main'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
    [
      'a re-created repository of that name (other ID)',
      run({
        owner: 'Other-Team',
        ownerId: '7654321',
        repository: 'Billing.API',
        repositoryId: '99999999',
        trigger: onTag('v1.2.0'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
  ],
  web: [
    [
      'main',
      run({ owner: 'Octo-Org', repository: 'web-front', trigger: onBranch('main'), workflowFile: 'release.yml' }),
    ],
    [
      'release/2.0, the deploy workflow',
      run({
        owner: 'Octo-Org',
        repository: 'web-front',
        trigger: onBranch('release/2.0'),
        workflowFile: 'deploy-ecr.yml',
      }),
    ],
  ],
};

/** A repository next to each one, running what that one's role trusts. */
export const LOOK_ALIKES: Record<Served, GitHubOidcClaims> = {
  service: run({
    owner: 'Octo-Org',
    repository: 'octo-service-old',
    trigger: onBranch('main'),
    workflowFile: 'deploy-ecr.yml',
  }),
  billing: run({
    owner: 'Other-Team',
    ownerId: '7654321',
    repository: 'Billing.API2',
    repositoryId: '55509999',
    subjectFormat: 'immutable',
    trigger: onTag('v1.2.0'),
    workflowFile: 'deploy-ecr.yml',
  }),
  web: run({
    owner: 'Octo-Org',
    repository: 'web-front-fork',
    trigger: onBranch('release/2.0'),
    workflowFile: 'release.yml',
  }),
};

/** The actions a pull needs on the repository. */
export const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
/**
 * What pulling principals must not do: every other ECR action that takes a repository (AWS's
 * Service Authorization Reference, "Actions defined by Amazon Elastic Container Registry"), and
 * ECR login, which takes none and which a repository policy must not hand out either.
 */
export const NOT_PULL = [
  'ecr:BatchDeleteImage',
  'ecr:BatchGetRepositoryScanningConfiguration',
  'ecr:BatchImportUpstreamImage',
  'ecr:CompleteLayerUpload',
  'ecr:CreateRepository',
  'ecr:DeleteLifecyclePolicy',
  'ecr:DeleteRepository',
  'ecr:DeleteRepositoryPolicy',
  'ecr:DescribeImageReplicationStatus',
  'ecr:DescribeImageScanFindings',
  'ecr:DescribeImages',
  'ecr:DescribeRepositories',
  'ecr:GetAuthorizationToken',
  'ecr:GetLifecyclePolicy',
  'ecr:GetLifecyclePolicyPreview',
  'ecr:GetRepositoryPolicy',
  'ecr:InitiateLayerUpload',
  'ecr:ListImages',
  'ecr:ListTagsForResource',
  'ecr:PutImage',
  'ecr:PutImageScanningConfiguration',
  'ecr:PutImageTagMutability',
  'ecr:PutLifecyclePolicy',
  'ecr:ReplicateImage',
  'ecr:SetRepositoryPolicy',
  'ecr:StartImageScan',
  'ecr:StartLifecyclePolicyPreview',
  'ecr:TagResource',
  'ecr:UntagResource',
  'ecr:UploadLayerPart',
];

type Who = Omit<RequestContext, 'action' | 'resource'>;
const aws = (id: string, principalOrgId?: string): Who => ({
  principal: { type: 'AWS', id },
  ...(principalOrgId === undefined ? {} : { context: { 'aws:PrincipalOrgID': principalOrgId } }),
});

/** An account of the organisation, which is not in pullAccounts. */
const ORG_ACCOUNT = '444455556666';
const OTHER_ACCOUNT = '999988887777';
/** What ECS runs a task as: its task execution role, and a session of it (the one that pulls). */
const EXECUTION_ROLE = 'role/ecsTaskExecutionRole';
const EXECUTION_SESSION = 'assumed-role/ecsTaskExecutionRole/8f5b2c7a1d3e4f60';

/**
 * A principal of the pulling side, with the organisation STS would put in the request. The pull
 * account's principals belong to no organisation or to another one, so that only the account
 * statement can let them pull.
 */
export const PULLERS: Record<string, Who> = {
  'the pull account (its root)': aws(`arn:aws:iam::${PULL_ACCOUNT}:root`),
  "the pull account's ECS task execution role": aws(`arn:aws:iam::${PULL_ACCOUNT}:${EXECUTION_ROLE}`),
  "a session of the pull account's task execution role (a running task)": aws(
    `arn:aws:sts::${PULL_ACCOUNT}:${EXECUTION_SESSION}`,
  ),
  'a role of the pull account, which belongs to another organisation': aws(
    `arn:aws:iam::${PULL_ACCOUNT}:role/deployer`,
    'o-otherorg123',
  ),
  'an IAM user of the pull account': aws(`arn:aws:iam::${PULL_ACCOUNT}:user/ops`),
  'a role of an account in the organisation': aws(`arn:aws:iam::${ORG_ACCOUNT}:${EXECUTION_ROLE}`, ORG),
  'a session of a role of an account in the organisation': aws(`arn:aws:sts::${ORG_ACCOUNT}:${EXECUTION_SESSION}`, ORG),
};

export const OUTSIDERS: Record<string, Who> = {
  'another account': aws(`arn:aws:iam::${OTHER_ACCOUNT}:root`),
  "another account's ECS task execution role": aws(`arn:aws:iam::${OTHER_ACCOUNT}:${EXECUTION_ROLE}`),
  "a session of another account's task execution role": aws(`arn:aws:sts::${OTHER_ACCOUNT}:${EXECUTION_SESSION}`),
  'a role of a look-alike account (the pull account with a digit more)': aws(
    `arn:aws:iam::${PULL_ACCOUNT}4:${EXECUTION_ROLE}`,
  ),
  "a role of the pull account's ID in another partition": aws(`arn:aws-cn:iam::${PULL_ACCOUNT}:${EXECUTION_ROLE}`),
  'a role of another organisation': aws(`arn:aws:iam::${ORG_ACCOUNT}:${EXECUTION_ROLE}`, 'o-otherorg123'),
  'a session of a role of another organisation': aws(
    `arn:aws:sts::${ORG_ACCOUNT}:${EXECUTION_SESSION}`,
    'o-otherorg123',
  ),
  'a role that belongs to no organisation': aws(`arn:aws:iam::${ORG_ACCOUNT}:role/x`),
};
