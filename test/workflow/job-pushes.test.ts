/**
 * Which pushes start each job (lib/workflow/job-pushes.ts): on.push filters as GitHub applies
 * them, kept to the ones each job's if: lets through.
 */
import { jobPushes, pushFilters } from '../../lib/workflow/job-pushes';

const sources = (pushes: ReadonlyArray<ReadonlyArray<{ source: string; pattern: string }>>) =>
  pushes.map((list) => list.map((p) => `${p.source} = ${p.pattern}`));

describe('pushFilters', () => {
  test('neither filter: every branch and every tag; only one: only that kind', () => {
    expect(pushFilters({})).toEqual([{ kind: 'branch' }, { kind: 'tag' }]);
    expect(pushFilters({ branches: ['main', '!main-old'] })).toEqual([{ kind: 'branch', filter: 'main' }]);
    expect(pushFilters({ tags: ['v*'] })).toEqual([{ kind: 'tag', filter: 'v*' }]);
    expect(pushFilters({ branchesIgnore: ['wip'] })).toEqual([{ kind: 'branch', filter: '**' }]);
  });
});

describe('jobPushes', () => {
  const push = { branches: ['main'], tags: ['v*'] };

  test('an image job on main and a release job on tags each keep their own pushes', () => {
    const pushes = jobPushes(push, ["github.ref == 'refs/heads/main'", "startsWith(github.ref, 'refs/tags/v')"]);
    expect(sources(pushes)).toEqual([['on.push.branches "main" = main'], ['on.push.tags "v*" = v*']]);
  });

  test('a job without if:, with one not read as refs, or letting every push through runs on all', () => {
    const all = ['on.push.branches "main" = main', 'on.push.tags "v*" = v*'];
    expect(sources(jobPushes(push, [undefined, "github.actor == 'octocat'", "github.event_name == 'push'"]))).toEqual([
      all,
      all,
      all,
    ]);
  });

  test('a filter no job takes counts for every job (the dispatch rule reports it as skipped)', () => {
    const pushes = jobPushes(push, ["github.ref == 'refs/heads/main'", "github.ref == 'refs/heads/main'"]);
    expect(sources(pushes)).toEqual([
      ['on.push.branches "main" = main', 'on.push.tags "v*" = v*'],
      ['on.push.branches "main" = main', 'on.push.tags "v*" = v*'],
    ]);
  });

  test('no filters: every branch and every tag, named as such', () => {
    expect(sources(jobPushes({}, [undefined]))).toEqual([
      ['on.push (no branches filter: every branch) = *', 'on.push (no tags filter: every tag) = *'],
    ]);
    expect(jobPushes(undefined, [undefined, undefined])).toEqual([[], []]);
  });
});
