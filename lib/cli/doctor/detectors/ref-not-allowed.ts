/**
 * A run on a ref the role does not trust: `branch-not-allowed`, `tag-not-allowed`, or for any other
 * ref `unrecognised`.
 */
import type { Cause } from '../cause';
import { settingFix, settingName, type SettingsScope } from '../setting-change';
import type { Detector } from './input';
import { patterns, suggestedTagPattern, untrustedRun } from './untrusted-run';

export const refNotAllowed: Detector = (input) => {
  const run = untrustedRun(input);
  if (run?.token.context.kind !== 'ref') return [];
  const { ref } = run.token.context;
  const { config, scope } = input;
  let cause: Cause;
  const environments = patterns(config, 'environment');
  // A role that trusts environments: running the job in one is the fix that keeps their protection.
  const inEnvironment =
    environments.length > 0
      ? [
          `Run the job in environment "${environments[0]}" (environment: ${environments[0]} on the job that assumes the role): its token then names the environment, which the role trusts, and the environment's protection rules decide which branches deploy;`,
        ]
      : [];
  const skips = environments.length > 0 ? ", which lets runs on it skip the environment's protection" : '';
  if (ref.startsWith('refs/heads/')) {
    const branch = ref.slice('refs/heads/'.length);
    const branches = patterns(config, 'branch');
    const add = `${settingFix(scope, { allowedBranches: [...branches, branch] })}; ${startsToo(scope, 'on.push.branches')}`;
    cause = {
      id: 'branch-not-allowed',
      message: `Branch "${branch}" is not in ${settingName(scope, 'allowedBranches')} (${JSON.stringify(branches)}); the role trusts ${run.trusted}.`,
      fix: [
        ...inEnvironment,
        `${inEnvironment.length > 0 ? 'or add' : 'Add'} "${branch}" to allowedBranches${skips}: ${add}${branches.length > 0 || inEnvironment.length > 0 ? ';' : '.'}`,
        ...(branches.length > 0 ? [`or run the workflow on a trusted branch (${branches.join(', ')}).`] : []),
      ],
    };
  } else if (ref.startsWith('refs/tags/')) {
    const tag = ref.slice('refs/tags/'.length);
    const tags = patterns(config, 'tag');
    const add = `${settingFix(scope, { allowedTags: [...tags, tag] })}; ${startsToo(scope, 'on.push.tags')}`;
    cause = {
      id: 'tag-not-allowed',
      message: `Tag "${tag}" is not in ${settingName(scope, 'allowedTags')} (${JSON.stringify(tags)}); the role trusts ${run.trusted}.`,
      fix: [
        ...inEnvironment,
        `${inEnvironment.length > 0 ? 'or add' : 'Add'} "${tag}" (or a pattern such as "${suggestedTagPattern(tag)}") to allowedTags${skips}: ${add}${tags.length > 0 || inEnvironment.length > 0 ? ';' : '.'}`,
        ...(tags.length > 0 ? ['or push a tag the role trusts.'] : []),
      ],
    };
  } else {
    cause = { id: 'unrecognised', message: `Runs on ${ref} are not trusted; the role trusts ${run.trusted}.`, fix: [] };
  }
  return [cause];
};

/**
 * The reminder that a newly trusted ref must also start the deploy workflow: `on.push` of this
 * checkout's workflow (npm run configure edits both), or with `repositories` the repository's copy.
 */
function startsToo(scope: SettingsScope, key: string): string {
  const { entry } = scope;
  return entry
    ? `the workflow must also run on it (${key} of ${entry.repository}'s copy: npm run configure -- --repository ${entry.repository} --workflow-out FILE writes it)`
    : `the workflow must also run on it (${key}; npm run configure with every --branch and --tag sets both)`;
}
