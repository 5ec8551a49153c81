/**
 * Reading GitHub `sub` claims (and trust-policy `sub` values, which have the same shape) back into
 * their parts, to tell the user *which* part of a subject differs.
 */

/** What follows the repository in `sub`. */
export type SubjectContext =
  | { readonly kind: 'ref'; readonly ref: string }
  | { readonly kind: 'environment'; readonly environment: string }
  | { readonly kind: 'pull_request' }
  | { readonly kind: 'other'; readonly text: string };

export interface ParsedSubject {
  readonly owner: string;
  readonly ownerId?: string;
  readonly repository: string;
  readonly repositoryId?: string;
  /** True for `repo:OWNER@ID/REPO@ID:…` (GitHub's immutable-ID format). */
  readonly immutable: boolean;
  /** The raw text after `repo:OWNER/REPO:`. */
  readonly contextText: string;
  readonly context: SubjectContext;
}

// Owner and repository names cannot contain "/", ":" or "@"; IDs are digits (or, in a policy
// value, could be a wildcard, which this parser treats as "not a subject GitHub sends").
const SUBJECT = /^repo:([^/:@]+)(?:@([0-9]+))?\/([^/:@]+)(?:@([0-9]+))?:(.+)$/;

/** Splits a `sub` into owner, IDs, repository and context; undefined when it is not GitHub's shape. */
export function parseSubject(sub: string): ParsedSubject | undefined {
  const m = SUBJECT.exec(sub);
  if (!m) return undefined;
  const [, owner, ownerId, repository, repositoryId, contextText] = m;
  if ((ownerId === undefined) !== (repositoryId === undefined)) return undefined;
  return {
    owner,
    ownerId,
    repository,
    repositoryId,
    immutable: ownerId !== undefined,
    contextText,
    context: parseContext(contextText),
  };
}

/** GitHub sends ":" inside a value as "%3A"; undo that for display. */
function unescape(value: string): string {
  return value.replace(/%3A/g, ':');
}

export function parseContext(text: string): SubjectContext {
  if (text === 'pull_request') return { kind: 'pull_request' };
  if (text.startsWith('ref:')) return { kind: 'ref', ref: unescape(text.slice('ref:'.length)) };
  if (text.startsWith('environment:'))
    return { kind: 'environment', environment: unescape(text.slice('environment:'.length)) };
  return { kind: 'other', text };
}

/** A human description of a subject context: `branch "develop"`, `environment "production"`, … */
export function describeContext(c: SubjectContext): string {
  switch (c.kind) {
    case 'ref':
      if (c.ref.startsWith('refs/heads/')) return `branch "${c.ref.slice('refs/heads/'.length)}"`;
      if (c.ref.startsWith('refs/tags/')) return `tag "${c.ref.slice('refs/tags/'.length)}"`;
      return `ref "${c.ref}"`;
    case 'environment':
      return `environment "${c.environment}"`;
    case 'pull_request':
      return 'pull requests';
    case 'other':
      return `"${c.text}"`;
  }
}
