/**
 * Causes about the repository a token comes from: a name spelt in another case, another
 * repository, IDs that differ from the pinned ones, an immutable-ID sub the role does not expect.
 */
import { diagnosisNotes } from '../../../../lib/cli/doctor/diagnose';
import { immutableSubWithoutIds } from '../../../../lib/cli/doctor/detectors/immutable-sub';
import { otherRepository } from '../../../../lib/cli/doctor/detectors/other-repository';
import { repositoryIds } from '../../../../lib/cli/doctor/detectors/repository-ids';
import { onBranch } from '../../../../lib/iam/github-token';
import { claimsOf, diagnosed, FULL_NAME, IDS, inputFor, OWNER, REPO } from '../fixtures';

const WITH_IDS = { ownerId: IDS.githubOwnerId, repositoryId: IDS.githubRepositoryId };

describe('repository-case-mismatch', () => {
  it('owner: the exact -c to write the name as GitHub spells it', () => {
    const { causes } = diagnosed(claimsOf({ owner: 'octo-org', trigger: onBranch('main') }));
    // (job_workflow_ref names the repository too: a workflow-file cause follows.)
    expect(causes[0]).toEqual({
      id: 'repository-case-mismatch',
      message: `The token comes from "octo-org/${REPO}" but the role is set up for "${FULL_NAME}": GitHub sends the names exactly as spelt on GitHub, and sub matching is case-sensitive.`,
      fix: [
        'Write the names exactly as GitHub shows them: -c githubOwner=octo-org (or in cdk.json), then deploy (npx cdk deploy with the same settings).',
      ],
    });
  });

  it('repository name', () => {
    const { causes } = diagnosed(claimsOf({ repository: 'Octo-Service', trigger: onBranch('main') }));
    expect(causes[0].id).toBe('repository-case-mismatch');
    expect(causes[0].fix[0]).toContain('-c githubRepository=Octo-Service');
    expect(causes[0].fix[0]).not.toContain('githubOwner=');
  });
});

describe('other-repository', () => {
  it.each([[`${OWNER}/${REPO}-evil`], [`${OWNER}/${REPO}2`], [`${OWNER}-evil/${REPO}`], ['someone/else']])(
    '%s',
    (repository) => {
      const [owner, name] = repository.split('/');
      const { causes } = diagnosed(claimsOf({ owner, repository: name, trigger: onBranch('main') }));
      expect(causes[0].id).toBe('other-repository');
      expect(causes[0].message).toBe(
        `The token is from another repository, ${repository}; the role trusts only runs of ${FULL_NAME}.`,
      );
      // A look-alike on an allowed branch is a repository problem, not a branch problem.
      expect(causes.map((c) => c.id)).not.toContain('branch-not-allowed');
    },
  );

  it('the detector finds nothing for the configured repository', () => {
    expect(otherRepository(inputFor(claimsOf({ trigger: onBranch('feature-x') })))).toEqual([]);
  });
});

describe('immutable-sub-without-ids', () => {
  it('the IDs to set come from the token itself', () => {
    const claims = claimsOf({ trigger: onBranch('main'), ...WITH_IDS, subjectFormat: 'immutable' });
    const { causes } = diagnosed(claims);
    expect(causes.map((c) => c.id)).toEqual(['immutable-sub-without-ids']);
    expect(causes[0].message).toContain("The token's sub is in GitHub's immutable-ID format");
    expect(causes[0].fix[0]).toContain(
      'Set the IDs this token carries: -c githubOwnerId=1001 -c githubRepositoryId=2002',
    );
    expect(causes[0].fix[0]).toContain(`gh api repos/${FULL_NAME} --jq '.owner.id, .id'`);
  });

  it('the detector finds nothing once the IDs are configured', () => {
    const claims = claimsOf({ trigger: onBranch('main'), ...WITH_IDS, subjectFormat: 'immutable' });
    expect(immutableSubWithoutIds(inputFor(claims, IDS))).toEqual([]);
  });
});

describe('a name-format sub with IDs configured', () => {
  it('is allowed, with a note that the ID claims protect it', () => {
    const claims = claimsOf({ trigger: onBranch('main'), ...WITH_IDS, subjectFormat: 'name' });
    const { decision, causes, config } = diagnosed(claims, IDS);
    expect(claims.sub).toBe(`repo:${FULL_NAME}:ref:refs/heads/main`);
    expect(decision.decision).toBe('Allow');
    expect(causes).toEqual([]);
    expect(diagnosisNotes(claims, config)).toEqual([
      `The token's sub is in the name form (repo:${FULL_NAME}:…): the repository has not switched to GitHub's immutable subject claims (repo:OWNER@ID/REPO@ID:…). The role accepts both forms because it also requires repository_id 2002 and repository_owner_id 1001, which a repository or organisation re-created under the same name cannot carry.`,
    ]);
  });

  it('on an untrusted branch: only the branch', () => {
    const claims = claimsOf({ trigger: onBranch('develop'), ...WITH_IDS, subjectFormat: 'name' });
    expect(diagnosed(claims, IDS).causes.map((c) => c.id)).toEqual(['branch-not-allowed']);
  });
});

describe('repository-ids-differ', () => {
  it('a recycled name (same names, other IDs)', () => {
    const claims = claimsOf({
      trigger: onBranch('main'),
      ownerId: '7777',
      repositoryId: '9999',
      subjectFormat: 'immutable',
    });
    const { causes } = diagnosed(claims, IDS);
    expect(causes).toHaveLength(1);
    expect(causes[0].id).toBe('repository-ids-differ');
    expect(causes[0].message).toContain(
      `The token is from a repository named ${FULL_NAME}, but its sub names owner ID 7777 and repository ID 9999 and its repository_owner_id claim is 7777 and its repository_id claim is 9999, while the role requires owner ID 1001 and repository ID 2002.`,
    );
    expect(causes[0].message).toContain('a deleted repository or organisation whose name was taken again');
    expect(causes[0].fix[0]).toContain(`Check the IDs: gh api repos/${FULL_NAME} --jq '.owner.id, .id'`);
    expect(causes[0].fix[0]).toContain('-c githubOwnerId=7777 -c githubRepositoryId=9999');
  });

  it('a recycled name sending the name-format sub', () => {
    const claims = claimsOf({
      trigger: onBranch('main'),
      ownerId: '7777',
      repositoryId: '9999',
      subjectFormat: 'name',
    });
    const { causes, config } = diagnosed(claims, IDS);
    expect(causes.map((c) => c.id)).toEqual(['repository-ids-differ']);
    expect(causes[0].message).toContain(
      `The token is from a repository named ${FULL_NAME}, but its repository_owner_id claim is 7777 and its repository_id claim is 9999, while the role requires owner ID 1001 and repository ID 2002.`,
    );
    // The note about the name form is for the configured repository's own IDs only.
    expect(diagnosisNotes(claims, config)).toEqual([]);
  });

  it('when only the repository_id claim is wrong', () => {
    const claims = {
      ...claimsOf({ trigger: onBranch('main'), ...WITH_IDS, subjectFormat: 'immutable' }),
      repository_id: '9999',
    };
    const { causes } = diagnosed(claims, IDS);
    expect(causes[0].id).toBe('repository-ids-differ');
    expect(causes[0].message).toContain(
      'but its repository_id claim is 9999, while the role requires owner ID 1001 and repository ID 2002',
    );
    expect(causes[0].fix[0]).toContain('-c githubOwnerId=1001 -c githubRepositoryId=9999');
  });

  it('a token without the repository_id claim was not issued by GitHub as it is', () => {
    const { repository_id: _, ...claims } = claimsOf({
      trigger: onBranch('main'),
      ...WITH_IDS,
      subjectFormat: 'immutable',
    });
    expect(diagnosed(claims, IDS).causes).toEqual([
      {
        id: 'repository-ids-differ',
        message: `The token is from a repository named ${FULL_NAME}, but its repository_id claim is (absent), while the role requires owner ID 1001 and repository ID 2002. GitHub puts both ID claims in every Actions token, so STS refuses a token without them: this one was not issued that way, or was edited.`,
        fix: ['Check the token exactly as the job received it (--jwt with the raw token).'],
      },
    ]);
  });

  it('the detector finds nothing when the IDs match', () => {
    const claims = claimsOf({ trigger: onBranch('feature-x'), ...WITH_IDS, subjectFormat: 'immutable' });
    expect(repositoryIds(inputFor(claims, IDS))).toEqual([]);
  });
});
