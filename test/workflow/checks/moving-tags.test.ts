import { GITHUB_VARIABLES } from '../../../lib/stack/github-variables';
import { movingTags } from '../../../lib/workflow/checks/moving-tags';
import { contextOf, expectProblem, META, reported, setStep, WF } from './fixture';

const MOVING = GITHUB_VARIABLES.movingTags.variable;

describe('rule moving-tags (a tag moves only where the repository lets it)', () => {
  test('the fixture pushes latest under the moving-tags decision: no problem', () => {
    expect(reported(movingTags(contextOf()))).toBe('');
  });

  test('cdk.json letting latest and the cache tag move matches what the workflow moves: no problem', () => {
    expect(reported(movingTags(contextOf({ config: { movingTags: ['latest', 'buildcache*'] } })))).toBe('');
  });

  test('latest pushed on every run', () => {
    expectProblem(
      movingTags,
      { workflow: [setStep(META, ['with', 'tags'], 'type=sha,format=long,prefix=\ntype=raw,value=latest\n')] },
      {
        check: 'moving-tags',
        severity: 'error',
        says: ['"type=raw,value=latest"', `vars.${MOVING}`, 'tag already exists', WF],
      },
    );
  });

  test('latest enabled by a condition that ignores ECR_MOVING_TAGS', () => {
    expectProblem(
      movingTags,
      {
        workflow: [
          setStep(
            META,
            ['with', 'tags'],
            "type=sha,format=long,prefix=\ntype=raw,value=latest,enable=${{ github.ref == 'refs/heads/main' }}\n",
          ),
        ],
      },
      { check: 'moving-tags', severity: 'error', says: ['value=latest', `vars.${MOVING}`] },
    );
  });

  test('a moving-tag filter in cdk.json matches the per-commit tag', () => {
    expectProblem(
      movingTags,
      { workflow: [setStep(META, ['with', 'tags'], 'type=sha,format=long\n')], config: { movingTags: ['sha-*'] } },
      { check: 'moving-tags', severity: 'error', says: ['per-commit tag', '"sha-*"', 'cdk.json movingTags', WF] },
    );
  });

  test('cdk.json lets a tag move that the workflow never moves', () => {
    expectProblem(
      movingTags,
      { config: { movingTags: ['latest', 'stable'] } },
      { check: 'moving-tags', severity: 'warning', says: ['"stable"', 'movingTags in cdk.json', WF] },
    );
  });

  test('tag pushes without flavor latest=false', () => {
    expectProblem(
      movingTags,
      { workflow: [(d) => d.setIn(['on', 'push', 'tags'], ['v*']), setStep(META, ['with', 'flavor'], '')] },
      { check: 'moving-tags', severity: 'error', says: ['flavor: latest=false', WF] },
    );
  });
});
