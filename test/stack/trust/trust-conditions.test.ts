import { FIXTURE_SETTINGS } from '../../support/fixture-settings';
import { GitHubRepository } from '../../../lib/stack/github-repository';
import { SubjectFilter } from '../../../lib/stack/trust/subject-filter';
import { renderTrustStatements } from '../../../lib/stack/trust/trust-conditions';

const FIXTURE_OWNER = String(FIXTURE_SETTINGS.githubOwner);
const FIXTURE_REPOSITORY = String(FIXTURE_SETTINGS.githubRepository);

const repository = new GitHubRepository({ owner: FIXTURE_OWNER, name: FIXTURE_REPOSITORY });
const issuerHost = 'token.actions.githubusercontent.com';
const key = (claim: string) => `${issuerHost}:${claim}`;

test('exact subjects: StringEquals on aud and sub, nothing else', () => {
  expect(renderTrustStatements({ issuerHost, repository, subjects: [SubjectFilter.branch('main')] })).toEqual([
    {
      StringEquals: {
        [key('aud')]: 'sts.amazonaws.com',
        [key('sub')]: 'repo:Octo-Org/octo-service:ref:refs/heads/main',
      },
    },
  ]);
});

test('one wildcard moves every sub value to StringLike (two operators on one key would be ANDed)', () => {
  const blocks = renderTrustStatements({
    issuerHost,
    repository,
    subjects: [SubjectFilter.branch('main'), SubjectFilter.branch('release/*')],
  });
  expect(blocks).toEqual([
    {
      StringEquals: { [key('aud')]: 'sts.amazonaws.com' },
      StringLike: {
        [key('sub')]: [
          'repo:Octo-Org/octo-service:ref:refs/heads/main',
          'repo:Octo-Org/octo-service:ref:refs/heads/release/*',
        ],
      },
    },
  ]);
});

test('immutable IDs: either sub form, tied to the IDs by repository_id and repository_owner_id', () => {
  const withIds = new GitHubRepository({
    owner: FIXTURE_OWNER,
    name: FIXTURE_REPOSITORY,
    ownerId: '11',
    repositoryId: '22',
  });
  expect(renderTrustStatements({ issuerHost, repository: withIds, subjects: [SubjectFilter.branch('main')] })).toEqual([
    {
      StringEquals: {
        [key('aud')]: 'sts.amazonaws.com',
        [key('sub')]: [
          'repo:Octo-Org@11/octo-service@22:ref:refs/heads/main',
          'repo:Octo-Org/octo-service:ref:refs/heads/main',
        ],
        [key('repository_id')]: '22',
        [key('repository_owner_id')]: '11',
      },
    },
  ]);
});

test('workflow pin: the file at each trusted ref', () => {
  const [block] = renderTrustStatements({
    issuerHost,
    repository,
    subjects: [SubjectFilter.branch('main'), SubjectFilter.tag('v1')],
    workflowFile: '.github/workflows/deploy-ecr.yml',
  });
  expect(block.StringEquals[key('job_workflow_ref')]).toEqual([
    'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/main',
    'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/tags/v1',
  ]);
});

test('workflow pin with environments and pull requests: one statement per kind, branches keep exact refs', () => {
  const blocks = renderTrustStatements({
    issuerHost,
    repository,
    subjects: [SubjectFilter.branch('main'), SubjectFilter.environment('production'), SubjectFilter.pullRequest()],
    workflowFile: '.github/workflows/deploy-ecr.yml',
  });
  expect(blocks).toEqual([
    {
      StringEquals: {
        [key('aud')]: 'sts.amazonaws.com',
        [key('sub')]: 'repo:Octo-Org/octo-service:ref:refs/heads/main',
        [key('job_workflow_ref')]: 'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/main',
      },
    },
    {
      StringEquals: {
        [key('aud')]: 'sts.amazonaws.com',
        [key('environment')]: 'production',
        [key('sub')]: 'repo:Octo-Org/octo-service:environment:production',
      },
      // Pull requests are trusted here, so an environment job may run on a merge ref too.
      StringLike: {
        [key('job_workflow_ref')]: [
          'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/*',
          'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/tags/*',
          'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/pull/*/merge',
        ],
      },
    },
    {
      StringEquals: { [key('aud')]: 'sts.amazonaws.com', [key('sub')]: 'repo:Octo-Org/octo-service:pull_request' },
      StringLike: {
        [key('job_workflow_ref')]: 'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/pull/*/merge',
      },
    },
  ]);
});

test('GHE.com issuer: condition keys use its host', () => {
  const [block] = renderTrustStatements({
    issuerHost: 'token.actions.acme.ghe.com',
    repository,
    subjects: [SubjectFilter.branch('main')],
  });
  expect(Object.keys(block.StringEquals)).toEqual(['token.actions.acme.ghe.com:aud', 'token.actions.acme.ghe.com:sub']);
});

test('refuses to render a policy that trusts nothing', () => {
  expect(() => renderTrustStatements({ issuerHost, repository, subjects: [] })).toThrow(/at least one/);
});

describe('environmentRefs: the refs an environment job may run on', () => {
  const staging = SubjectFilter.environment('staging');
  const environmentRefs = ['refs/heads/main', 'refs/tags/v*'];

  test('with the workflow pin: job_workflow_ref names the workflow at exactly those refs', () => {
    expect(
      renderTrustStatements({
        issuerHost,
        repository,
        subjects: [staging],
        workflowFile: '.github/workflows/deploy-ecr.yml',
        environmentRefs,
      }),
    ).toEqual([
      {
        StringEquals: {
          [key('aud')]: 'sts.amazonaws.com',
          [key('sub')]: 'repo:Octo-Org/octo-service:environment:staging',
          [key('environment')]: 'staging',
        },
        StringLike: {
          [key('job_workflow_ref')]: [
            'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/main',
            'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/tags/v*',
          ],
        },
      },
    ]);
  });

  test('without the pin: the ref claim, StringEquals when no ref holds a wildcard', () => {
    expect(
      renderTrustStatements({ issuerHost, repository, subjects: [staging], environmentRefs: ['refs/heads/main'] }),
    ).toEqual([
      {
        StringEquals: {
          [key('aud')]: 'sts.amazonaws.com',
          [key('sub')]: 'repo:Octo-Org/octo-service:environment:staging',
          [key('environment')]: 'staging',
          [key('ref')]: 'refs/heads/main',
        },
      },
    ]);
  });

  test('they replace the default refs, pull-request merge refs included', () => {
    const [, environmentBlock] = renderTrustStatements({
      issuerHost,
      repository,
      subjects: [SubjectFilter.branch('main'), staging, SubjectFilter.pullRequest()],
      workflowFile: '.github/workflows/deploy-ecr.yml',
      environmentRefs: ['refs/heads/main'],
    });
    expect(environmentBlock.StringEquals[key('job_workflow_ref')]).toBe(
      'Octo-Org/octo-service/.github/workflows/deploy-ecr.yml@refs/heads/main',
    );
    expect(environmentBlock.StringLike).toBeUndefined();
  });

  test('they leave branch, tag and pull-request statements as they are', () => {
    const subjects = [SubjectFilter.branch('main'), SubjectFilter.tag('v*'), SubjectFilter.pullRequest()];
    const props = { issuerHost, repository, subjects, workflowFile: '.github/workflows/deploy-ecr.yml' };
    expect(renderTrustStatements({ ...props, environmentRefs: ['refs/heads/other'] })).toEqual(
      renderTrustStatements(props),
    );
  });

  test.each([
    [[], 'environmentRefs: expected at least one ref (unset: any branch or tag)'],
    [['main'], 'environmentRefs: expected full branch or tag refs such as "refs/heads/main", got "main"'],
    [
      ['refs/pull/1/merge'],
      'environmentRefs: expected full branch or tag refs such as "refs/heads/main", got "refs/pull/1/merge"',
    ],
  ])('refuses %j', (refs, message) => {
    expect(() => renderTrustStatements({ issuerHost, repository, subjects: [staging], environmentRefs: refs })).toThrow(
      message,
    );
  });
});
