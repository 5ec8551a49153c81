import { GitHubRepository } from '../github-repository';
import { checkEnvironmentPattern, checkRefPattern } from '../rules/ref-pattern';

/** What part of a GitHub run a subject filter names. */
export type SubjectKind = 'branch' | 'tag' | 'environment' | 'pull_request';

/**
 * One kind of GitHub Actions run a role may trust, rendered to the exact `sub` claim GitHub
 * sends. `branch('develop')`, `tag('v*')`, `environment('production')`, `pullRequest()`.
 *
 * `*` is the only wildcard, allowed only after literal text (see rules/ref-pattern.ts).
 */
export class SubjectFilter {
  /** Pushes to (and other events on) a branch, e.g. `develop` or `release/*`. */
  static branch(pattern: string): SubjectFilter {
    return new SubjectFilter('branch', pattern, checkRefPattern(pattern, 'branch'));
  }

  /** Runs for a tag, e.g. `v*`. */
  static tag(pattern: string): SubjectFilter {
    return new SubjectFilter('tag', pattern, checkRefPattern(pattern, 'tag'));
  }

  /**
   * Jobs that name a GitHub environment. The environment replaces the ref in `sub`, so the
   * environment's own deployment-branch rules decide which branches may use it. No wildcards:
   * GitHub creates an unprotected environment the first time a workflow names a new one.
   */
  static environment(name: string): SubjectFilter {
    return new SubjectFilter('environment', name, checkEnvironmentPattern(name));
  }

  /**
   * Runs for pull requests. Their authors run their own edited workflow with the role; in private
   * repositories the "send write tokens to workflows from fork pull requests" setting extends
   * that to forks.
   */
  static pullRequest(): SubjectFilter {
    return new SubjectFilter('pull_request', '', undefined);
  }

  private constructor(
    readonly kind: SubjectKind,
    readonly pattern: string,
    problem: string | undefined,
  ) {
    if (problem) throw new Error(`${kind} ${JSON.stringify(pattern)}: expected ${problem}`);
  }

  /** True when the pattern holds a wildcard and so needs `StringLike`. */
  get hasWildcard(): boolean {
    return this.pattern.includes('*');
  }

  /** The git ref this filter names (`refs/heads/…`, `refs/tags/…`), if it names one. */
  get ref(): string | undefined {
    if (this.kind === 'branch') return `refs/heads/${this.pattern}`;
    if (this.kind === 'tag') return `refs/tags/${this.pattern}`;
    return undefined;
  }

  /** The part of `sub` after the repository. GitHub sends a ":" inside a value as "%3A". */
  get context(): string {
    switch (this.kind) {
      case 'branch':
      case 'tag':
        return `ref:${this.ref}`;
      case 'environment':
        return `environment:${this.pattern.replace(/:/g, '%3A')}`;
      case 'pull_request':
        return 'pull_request';
    }
  }

  /** The `sub` value for runs of `repository` that this filter allows (immutable form when IDs are known). */
  render(repository: GitHubRepository): string {
    return `${repository.subjectPrefix}:${this.context}`;
  }

  /** Every `sub` value GitHub may send for such runs: both forms when IDs are known. */
  renderAll(repository: GitHubRepository): string[] {
    return repository.subjectPrefixes.map((prefix) => `${prefix}:${this.context}`);
  }

  toString(): string {
    return this.kind === 'pull_request' ? 'pullRequest()' : `${this.kind}(${JSON.stringify(this.pattern)})`;
  }
}
