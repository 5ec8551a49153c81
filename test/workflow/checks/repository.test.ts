import { GITHUB_VARIABLES } from '../../../lib/stack/github-variables';
import { repository } from '../../../lib/workflow/checks/repository';
import { BUILD, contextOf, deleteWholeStep, expectProblem, META, reported, setStep, WF } from './fixture';

describe('rule repository (log in, name the image after vars.ECR_REPOSITORY, push)', () => {
  test('the fixture logs in, builds the image name from the variable and pushes: no problem', () => {
    expect(reported(repository(contextOf()))).toBe('');
  });

  test('images no longer come from the repository variable', () => {
    expectProblem(
      repository,
      { workflow: [setStep(META, ['with', 'images'], '123456789012.dkr.ecr.eu-west-1.amazonaws.com/other')] },
      {
        check: 'repository',
        severity: 'error',
        says: [`vars.${GITHUB_VARIABLES.repositoryName.variable}`, GITHUB_VARIABLES.repositoryName.output, WF],
      },
    );
  });

  test('no ECR login', () => {
    expectProblem(
      repository,
      { workflow: [deleteWholeStep('aws-actions/amazon-ecr-login')] },
      { check: 'ecr-login', severity: 'error', says: ['aws-actions/amazon-ecr-login', WF] },
    );
  });

  test('the build does not push', () => {
    expectProblem(
      repository,
      { workflow: [setStep(BUILD, ['with', 'push'], false)] },
      { check: 'build', severity: 'error', says: ['push: true', WF] },
    );
  });
});
