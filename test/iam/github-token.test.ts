/**
 * The token model the trust-policy matrix relies on: the claims GitHub's documentation says a job
 * gets, in both subject formats, for environments (":" escaped) and for reusable-workflow calls.
 */
import { githubClaims, inEnvironment, onBranch, onPullRequest, stsRequestForToken } from '../../lib/iam/github-token';

const repo = { owner: 'octo-org', repository: 'app', ownerId: '11', repositoryId: '22' };

describe('githubClaims', () => {
  it('name and immutable subject formats', () => {
    expect(githubClaims({ ...repo, trigger: onBranch('develop') }).sub).toBe(
      'repo:octo-org/app:ref:refs/heads/develop',
    );
    expect(githubClaims({ ...repo, subjectFormat: 'immutable', trigger: onBranch('develop') }).sub).toBe(
      'repo:octo-org@11/app@22:ref:refs/heads/develop',
    );
  });

  it('an environment replaces the ref in sub, with ":" sent as %3A; the environment claim keeps it', () => {
    expect(githubClaims({ ...repo, trigger: inEnvironment('eu:prod', 'refs/heads/develop') })).toMatchObject({
      sub: 'repo:octo-org/app:environment:eu%3Aprod',
      environment: 'eu:prod',
      ref: 'refs/heads/develop',
    });
  });

  it('a pull request has the pull_request subject and the merge ref', () => {
    expect(githubClaims({ ...repo, trigger: onPullRequest(5) })).toMatchObject({
      sub: 'repo:octo-org/app:pull_request',
      ref: 'refs/pull/5/merge',
      job_workflow_ref: 'octo-org/app/.github/workflows/deploy-ecr.yml@refs/pull/5/merge',
    });
  });

  it('a job of the workflow that runs: job_workflow_ref equals workflow_ref', () => {
    const claims = githubClaims({ ...repo, workflowFile: 'ci.yml', trigger: onBranch('develop') });
    expect(claims.job_workflow_ref).toBe('octo-org/app/.github/workflows/ci.yml@refs/heads/develop');
    expect(claims.workflow_ref).toBe(claims.job_workflow_ref);
  });

  it('a reusable-workflow call: job_workflow_ref names the called workflow; sub, ref and workflow_ref the caller', () => {
    const claims = githubClaims({
      ...repo,
      workflowFile: 'ci.yml',
      calledWorkflow: 'octo-org/shared/.github/workflows/deploy.yml@refs/tags/v1',
      trigger: onBranch('develop'),
    });
    expect(claims).toMatchObject({
      sub: 'repo:octo-org/app:ref:refs/heads/develop',
      ref: 'refs/heads/develop',
      workflow_ref: 'octo-org/app/.github/workflows/ci.yml@refs/heads/develop',
      job_workflow_ref: 'octo-org/shared/.github/workflows/deploy.yml@refs/tags/v1',
    });
  });
});

describe('stsRequestForToken', () => {
  it('turns only the claims STS supports into condition keys, and leaves absent claims out', () => {
    const claims = {
      ...githubClaims({ ...repo, trigger: onBranch('develop') }),
      aud: undefined,
      repository_id: undefined,
    };
    const request = stsRequestForToken(claims, { account: '123456789012' });
    const keys = Object.keys(request.context ?? {});
    expect(keys).toContain('token.actions.githubusercontent.com:sub');
    expect(keys).not.toContain('token.actions.githubusercontent.com:aud');
    expect(keys).not.toContain('token.actions.githubusercontent.com:repository_id');
    expect(keys).not.toContain('token.actions.githubusercontent.com:event_name');
    expect(request.principal).toEqual({
      type: 'Federated',
      id: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    });
  });
});
