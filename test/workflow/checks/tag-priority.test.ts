import { tagPriority } from '../../../lib/workflow/checks/tag-priority';
import { contextOf, expectProblem, META, reported, setStep, WF } from './fixture';

describe('rule tag-priority (the image version is the commit SHA)', () => {
  test('the fixture gives the SHA priority 1001: no problem', () => {
    expect(reported(tagPriority(contextOf()))).toBe('');
  });

  test('latest outranks the SHA, so the version label says latest', () => {
    expectProblem(
      tagPriority,
      {
        workflow: [
          setStep(
            META,
            ['with', 'tags'],
            "type=sha,format=long,prefix=\ntype=raw,value=latest,enable=${{ steps.moving-tags.outputs.latest == 'true' }}\n",
          ),
        ],
      },
      {
        check: 'tag-priority',
        severity: 'error',
        says: [
          '"type=raw,value=latest',
          'priority 200',
          'org.opencontainers.image.version becomes "latest"',
          'priority=1001',
          WF,
        ],
      },
    );
  });
});
