/**
 * Who may assume the role, by the rendered statements and the independent evaluator (lib/iam):
 * the holes a review found in the trust boundary (issue 12), each with the run that got in.
 */
import {
  githubClaims,
  inEnvironment,
  onBranch,
  onPullRequest,
  stsRequestForToken,
  type GitHubTrigger,
} from '../../../lib/iam/github-token';
import { evaluatePolicy } from '../../../lib/iam/policy-evaluator';
import { GitHubRepository } from '../../../lib/stack/github-repository';
import { SubjectFilter } from '../../../lib/stack/trust/subject-filter';
import { renderTrustStatements, type TrustConditionsProps } from '../../../lib/stack/trust/trust-conditions';
import { trustPolicyDocument } from '../../../lib/stack/trust/trust-policy';

const TARGET = { account: '123456789012', partition: 'aws' };
const issuerHost = 'token.actions.githubusercontent.com';
const repository = new GitHubRepository({ owner: 'Octo-Org', name: 'octo-service' });
const WORKFLOW = '.github/workflows/deploy-ecr.yml';

function decide(props: TrustConditionsProps, trigger: GitHubTrigger, workflowFile = WORKFLOW) {
  const policy = trustPolicyDocument(props, 'aws', TARGET.account);
  const claims = githubClaims({
    owner: 'Octo-Org',
    repository: 'octo-service',
    subjectFormat: 'name',
    trigger,
    workflowFile,
    issuer: `https://${issuerHost}`,
  });
  return evaluatePolicy(policy, stsRequestForToken(claims, TARGET)).decision;
}

describe('environment jobs and pull-request refs', () => {
  const production = SubjectFilter.environment('production');

  test('without allowPullRequests, an environment job started from a pull request is refused', () => {
    for (const workflowFile of [WORKFLOW, undefined]) {
      const props = { issuerHost, repository, subjects: [production], workflowFile };
      expect(decide(props, inEnvironment('production', 'refs/heads/main'))).toBe('Allow');
      expect(decide(props, inEnvironment('production', 'refs/tags/v1'))).toBe('Allow');
      expect(decide(props, inEnvironment('production', 'refs/pull/5/merge'))).toBe('Deny');
    }
  });

  test('with allowPullRequests, the same job is allowed; pull requests themselves too', () => {
    for (const workflowFile of [WORKFLOW, undefined]) {
      const props = { issuerHost, repository, subjects: [production, SubjectFilter.pullRequest()], workflowFile };
      expect(decide(props, inEnvironment('production', 'refs/pull/5/merge'))).toBe('Allow');
      expect(decide(props, onPullRequest(5))).toBe('Allow');
    }
  });

  test('the environment statement never lets a branch job without the environment in', () => {
    const props = { issuerHost, repository, subjects: [production], workflowFile: WORKFLOW };
    expect(decide(props, onBranch('main'))).toBe('Deny');
  });
});

describe('environment names that render the same sub', () => {
  test('"Production:V1" is trusted; "Production%3AV1", whose sub is the same, is not', () => {
    const props = {
      issuerHost,
      repository,
      subjects: [SubjectFilter.environment('Production:V1')],
      workflowFile: WORKFLOW,
    };
    const [statement] = renderTrustStatements(props);
    expect(statement.StringEquals[`${issuerHost}:environment`]).toBe('Production:V1');
    expect(decide(props, inEnvironment('Production:V1'))).toBe('Allow');
    expect(decide(props, inEnvironment('Production%3AV1'))).toBe('Deny');
  });
});

describe('environmentRefs: an environment job on a ref the push job does not run on is refused', () => {
  const staging = SubjectFilter.environment('staging');

  test.each([[WORKFLOW], [undefined]])('workflow pin %s', (workflowFile) => {
    const props = {
      issuerHost,
      repository,
      subjects: [staging],
      workflowFile,
      environmentRefs: ['refs/heads/main', 'refs/tags/v*'],
    };
    expect(decide(props, inEnvironment('staging', 'refs/heads/main'))).toBe('Allow');
    expect(decide(props, inEnvironment('staging', 'refs/tags/v1.2.0'))).toBe('Allow');
    expect(decide(props, inEnvironment('staging', 'refs/heads/feature'))).toBe('Deny');
    expect(decide(props, inEnvironment('staging', 'refs/tags/release-1'))).toBe('Deny');
    expect(decide(props, inEnvironment('staging', 'refs/pull/5/merge'))).toBe('Deny');
    expect(decide(props, inEnvironment('production', 'refs/heads/main'))).toBe('Deny');
    expect(decide(props, onBranch('main'))).toBe('Deny');
  });
});
