import { tags } from '../../../lib/workflow/checks/tags';
import { contextOf, expectProblem, META, reported, setStep, WF } from './fixture';

describe('rule tags (every image is tagged with its full commit SHA)', () => {
  test('the fixture tags type=sha,format=long: no problem', () => {
    expect(reported(tags(contextOf()))).toBe('');
  });

  test('no full-SHA tag', () => {
    expectProblem(
      tags,
      {
        workflow: [
          setStep(
            META,
            ['with', 'tags'],
            "type=raw,value=latest,enable=${{ steps.moving-tags.outputs.latest == 'true' }}\n",
          ),
        ],
      },
      { check: 'tags', severity: 'error', says: ['type=sha,format=long', WF] },
    );
  });

  test('a short SHA is not the full-SHA tag', () => {
    expectProblem(
      tags,
      { workflow: [setStep(META, ['with', 'tags'], 'type=sha\n')] },
      { check: 'tags', severity: 'error', says: ['type=sha,format=long', WF] },
    );
  });
});
