import { patternsOverlap } from '../../../lib/stack/rules/ref-pattern';

describe('patternsOverlap', () => {
  test.each([
    ['v*', 'v-latest'],
    ['v-latest', 'v*'],
    ['release/*', 'rel*'],
    ['latest', 'latest'],
    ['v1*', 'v*'],
  ])('%s and %s: some tag could match both', (a, b) => {
    expect(patternsOverlap(a, b)).toBe(true);
  });

  test.each([
    ['v*', 'latest'],
    ['latest', 'lat'],
    ['release/*', 'buildcache*'],
    ['v1', 'v2'],
  ])('%s and %s: none could', (a, b) => {
    expect(patternsOverlap(a, b)).toBe(false);
  });
});
