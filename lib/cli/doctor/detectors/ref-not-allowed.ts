/**
 * A run on a ref the role does not trust: `branch-not-allowed`, `tag-not-allowed`, or for any other
 * ref `unrecognised`.
 */
import type { Cause } from '../cause';
import { settingFix, settingName } from '../setting-change';
import type { Detector } from './input';
import { patterns, suggestedTagPattern, untrustedRun } from './untrusted-run';

export const refNotAllowed: Detector = (input) => {
  const run = untrustedRun(input);
  if (run?.token.context.kind !== 'ref') return [];
  const { ref } = run.token.context;
  const { config, scope } = input;
  let cause: Cause;
  if (ref.startsWith('refs/heads/')) {
    const branch = ref.slice('refs/heads/'.length);
    const branches = patterns(config, 'branch');
    cause = {
      id: 'branch-not-allowed',
      message: `Branch "${branch}" is not in ${settingName(scope, 'allowedBranches')} (${JSON.stringify(branches)}); the role trusts ${run.trusted}.`,
      fix: [
        `Add "${branch}" to allowedBranches: ${settingFix(scope, { allowedBranches: [...branches, branch] })};`,
        `or run the workflow on a trusted branch${branches.length > 0 ? ` (${branches.join(', ')})` : ''}.`,
      ],
    };
  } else if (ref.startsWith('refs/tags/')) {
    const tag = ref.slice('refs/tags/'.length);
    const tags = patterns(config, 'tag');
    cause = {
      id: 'tag-not-allowed',
      message: `Tag "${tag}" is not in ${settingName(scope, 'allowedTags')} (${JSON.stringify(tags)}); the role trusts ${run.trusted}.`,
      fix: [
        `Add "${tag}" (or a pattern such as "${suggestedTagPattern(tag)}") to allowedTags: ${settingFix(scope, { allowedTags: [...tags, tag] })};`,
        'or push a tag the role trusts.',
      ],
    };
  } else {
    cause = { id: 'unrecognised', message: `Runs on ${ref} are not trusted; the role trusts ${run.trusted}.`, fix: [] };
  }
  return [cause];
};
