import { GITHUB_VARIABLES } from '../../../lib/stack/github-variables';
import { cache } from '../../../lib/workflow/checks/cache';
import { BUILD, contextOf, deleteStep, editScript, expectProblem, GATE, reported, setStep, WF } from './fixture';

describe('rule cache (GitHub cache by default, ECR only where its tag may move)', () => {
  test('the fixture chooses its cache in the moving-tags step: no problem', () => {
    expect(reported(cache(contextOf()))).toBe('');
  });

  test('no cache at all', () => {
    expectProblem(
      cache,
      { workflow: [deleteStep(BUILD, ['with', 'cache-to'])] },
      { check: 'cache', severity: 'warning', says: ['no cache-to', 'type=gha', WF] },
    );
  });

  test('registry cache used unconditionally', () => {
    expectProblem(
      cache,
      {
        workflow: [
          setStep(
            BUILD,
            ['with', 'cache-to'],
            'type=registry,ref=example/repo:buildcache,mode=max,image-manifest=true,oci-mediatypes=true',
          ),
        ],
      },
      {
        check: 'cache',
        severity: 'error',
        says: ['cache-to', 'unconditionally', `vars.${GITHUB_VARIABLES.movingTags.variable}`],
      },
    );
  });

  test('registry cache export without the options ECR needs', () => {
    expectProblem(
      cache,
      { workflow: [editScript(GATE, ',image-manifest=true,oci-mediatypes=true', '')] },
      { check: 'cache', severity: 'error', says: ['image-manifest=true,oci-mediatypes=true', WF] },
    );
  });
});
