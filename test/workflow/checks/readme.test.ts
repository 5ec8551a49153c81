import { GITHUB_VARIABLES } from '../../../lib/stack/github-variables';
import { readme } from '../../../lib/workflow/checks/readme';
import { contextOf, expectProblem, FIXTURE_README, reported } from './fixture';

describe('rule readme (every variable and its output in "Set up GitHub")', () => {
  test('the fixture README names every variable and output: no problem', () => {
    expect(reported(readme(contextOf()))).toBe('');
  });

  test('the README does not document a variable', () => {
    expectProblem(
      readme,
      { readme: FIXTURE_README.split(GITHUB_VARIABLES.movingTags.variable).join('MOVING_TAGS_VAR') },
      { check: 'readme', severity: 'error', says: [GITHUB_VARIABLES.movingTags.variable, 'README.md'] },
    );
  });

  test('a name outside the github-setup section does not count', () => {
    const outside = FIXTURE_README.replace(`${GITHUB_VARIABLES.region.output}`, 'the region') + '\nAwsRegion';
    expectProblem(
      readme,
      { readme: outside },
      { check: 'readme', severity: 'error', says: [GITHUB_VARIABLES.region.output, 'README.md'] },
    );
  });

  test('without README text the rule checks nothing', () => {
    expect(readme({ ...contextOf(), readme: undefined })).toEqual([]);
  });
});
