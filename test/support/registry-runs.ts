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
/** What pulling principals must not do. */
export const NOT_PULL = [
  'ecr:PutImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:BatchDeleteImage',
  'ecr:DeleteRepository',
  'ecr:SetRepositoryPolicy',
  'ecr:DeleteRepositoryPolicy',
  'ecr:GetRepositoryPolicy',
  'ecr:PutLifecyclePolicy',
  'ecr:PutImageTagMutability',
  'ecr:TagResource',
  'ecr:DescribeImages',
  'ecr:ListImages',
];

/** A principal of the pulling side, with the context STS would add (its organisation). */
export const PULLERS: Record<string, Omit<RequestContext, 'action' | 'resource'>> = {
  'the pull account': { principal: { type: 'AWS', id: `arn:aws:iam::${PULL_ACCOUNT}:root` } },
  'a role of an account in the organisation': {
    principal: { type: 'AWS', id: 'arn:aws:iam::444455556666:role/ecsTaskExecutionRole' },
    context: { 'aws:PrincipalOrgID': ORG },
  },
};

export const OUTSIDERS: Record<string, Omit<RequestContext, 'action' | 'resource'>> = {
  'another account': { principal: { type: 'AWS', id: 'arn:aws:iam::999988887777:root' } },
  'a role of another organisation': {
    principal: { type: 'AWS', id: 'arn:aws:iam::444455556666:role/ecsTaskExecutionRole' },
    context: { 'aws:PrincipalOrgID': 'o-otherorg123' },
  },
  'a role that belongs to no organisation': { principal: { type: 'AWS', id: 'arn:aws:iam::444455556666:role/x' } },
};
