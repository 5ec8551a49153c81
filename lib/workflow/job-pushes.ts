/**
 * Which pushes start a job: the workflow's `on.push` filters that the job's `if:` lets through
 * (ref-condition.ts). In a workflow with an image job on `main` and a release job on tags, each
 * job's `if:` keeps it to its own pushes, and each is judged on those alone.
 *
 * GitHub: with neither a branches nor a tags filter, every branch and every tag starts the
 * workflow; with only one of them, only that kind does.
 */
import { widenGitHubFilter, starPatternIncludes } from './patterns';
import { parseRefCondition } from './ref-condition';

/** `on.push` filters (see deploy-workflow.ts `PushTrigger`). */
export interface PushFilters {
  readonly branches?: readonly string[];
  readonly branchesIgnore?: readonly string[];
  readonly tags?: readonly string[];
  readonly tagsIgnore?: readonly string[];
}

/** One kind of push that starts a job. */
export interface JobPush {
  readonly kind: 'branch' | 'tag';
  /** The on.push filter as written; undefined when there is none (every branch, or every tag). */
  readonly filter?: string;
  /** The ref names it covers, as one star pattern (`*` any run). */
  readonly pattern: string;
  /** How a message names it, e.g. `on.push.branches "main"`. */
  readonly source: string;
}

const PREFIX = { branch: 'refs/heads/', tag: 'refs/tags/' } as const;

/** The positive filters of `on.push`, by kind, as GitHub applies them (undefined = every one). */
export function pushFilters(push: PushFilters): Array<{ kind: 'branch' | 'tag'; filter?: string }> {
  const positive = (list: readonly string[] | undefined) => list?.filter((f) => !f.startsWith('!'));
  const branches = positive(push.branches ?? (push.branchesIgnore ? ['**'] : undefined));
  const tags = positive(push.tags ?? (push.tagsIgnore ? ['**'] : undefined));
  if (branches === undefined && tags === undefined) {
    return [{ kind: 'branch' }, { kind: 'tag' }];
  }
  return [
    ...(branches ?? []).map((filter) => ({ kind: 'branch' as const, filter })),
    ...(tags ?? []).map((filter) => ({ kind: 'tag' as const, filter })),
  ];
}

/** How a message names a filter (`on.push.branches "main"`, `on.push (no tags filter: every tag)`). */
export function filterSource(kind: 'branch' | 'tag', filter: string | undefined): string {
  const key = kind === 'branch' ? 'branches' : 'tags';
  return filter === undefined ? `on.push (no ${key} filter: every ${kind})` : `on.push.${key} "${filter}"`;
}

/**
 * The pushes that start each job, given the jobs' `if:` conditions (in order): the filters a job's
 * condition lets through whole (a condition that is absent, not read as refs, or lets every push
 * through lets all). A filter that no job takes whole is one the dispatch rule reports as skipped;
 * it counts for every job, so that what it would need is still said.
 */
export function jobPushes(push: PushFilters | undefined, conditions: ReadonlyArray<string | undefined>): JobPush[][] {
  if (!push) return conditions.map(() => []);
  const filters = pushFilters(push).map(({ kind, filter }) => {
    const pattern = filter === undefined ? '*' : widenGitHubFilter(filter);
    return { kind, filter, pattern, source: filterSource(kind, filter) };
  });
  const takes = conditions.map((condition) => {
    const refs = condition === undefined ? undefined : parseRefCondition(condition);
    return filters.map(
      (f) => !refs || refs.everyPush || refs.refs.some((r) => starPatternIncludes(r, `${PREFIX[f.kind]}${f.pattern}`)),
    );
  });
  const taken = filters.map((_, i) => takes.some((t) => t[i]));
  return takes.map((t) => filters.filter((_, i) => t[i] || !taken[i]));
}
