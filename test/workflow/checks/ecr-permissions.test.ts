import { ecrPermissions } from '../../../lib/workflow/checks/ecr-permissions';
import { contextOf, editScript, expectProblem, LOOKUP, reported, WF } from './fixture';

describe('rule ecr-permissions (aws ecr calls within the role)', () => {
  test('the fixture calls only batch-get-image, which the role allows: no problem', () => {
    const context = contextOf();
    expect(context.workflow.ecrCalls.map((c) => c.action)).toEqual(['ecr:BatchGetImage']);
    expect(reported(ecrPermissions(context))).toBe('');
  });

  test('the lookup uses an API the role lacks', () => {
    expectProblem(
      ecrPermissions,
      { workflow: [editScript(LOOKUP, 'aws ecr batch-get-image', 'aws ecr describe-images')] },
      {
        check: 'ecr-permissions',
        severity: 'error',
        says: ['aws ecr describe-images', 'ecr:DescribeImages', 'batch-get-image needs only ecr:BatchGetImage', WF],
      },
    );
  });
});
