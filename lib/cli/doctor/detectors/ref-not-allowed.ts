/**
 * A run on a ref the role does not trust: `branch-not-allowed`, `tag-not-allowed`, or for any other
 * ref `unrecognised`.
 */
import type { Cause } from '../cause';
import { settingFix, settingName, type SettingsScope } from '../setting-change';
import type { Detector } from './input';
import { patterns, suggestedTagPattern, untrustedRun } from './untrusted-run';

/** What differs between an untrusted branch and an untrusted tag. */
const REF_KINDS = [
  {
    kind: 'branch',
    prefix: 'refs/heads/',
    id: 'branch-not-allowed',
    label: 'Branch',
    key: 'allowedBranches',
    push: 'on.push.branches',
    named: (name: string) => `"${name}"`,
    otherwise: (trusted: readonly string[]) => `or run the workflow on a trusted branch (${trusted.join(', ')}).`,
  },
  {
    kind: 'tag',
    prefix: 'refs/tags/',
    id: 'tag-not-allowed',
    label: 'Tag',
    key: 'allowedTags',
    push: 'on.push.tags',
    named: (name: string) => `"${name}" (or a pattern such as "${suggestedTagPattern(name)}")`,
    otherwise: () => 'or push a tag the role trusts.',
  },
] as const;

export const refNotAllowed: Detector = (input) => {
  const run = untrustedRun(input);
  if (run?.token.context.kind !== 'ref') return [];
  const { ref } = run.token.context;
  const { config, scope } = input;
  const refKind = REF_KINDS.find((k) => ref.startsWith(k.prefix));
  if (!refKind) {
    return [
      { id: 'unrecognised', message: `Runs on ${ref} are not trusted; the role trusts ${run.trusted}.`, fix: [] },
    ];
  }
  const name = ref.slice(refKind.prefix.length);
  const trusted = patterns(config, refKind.kind);
  const environments = patterns(config, 'environment');
  // A role that trusts environments: running the job in one is the fix that keeps their protection.
  const fix =
    environments.length > 0
      ? [
          `Run the job in environment "${environments[0]}" (environment: ${environments[0]} on the job that assumes the role): its token then names the environment, which the role trusts, and the environment's protection rules decide which branches deploy;`,
        ]
      : [];
  const skips = environments.length > 0 ? ", which lets runs on it skip the environment's protection" : '';
  const change = settingFix(scope, { [refKind.key]: [...trusted, name] });
  const last = trusted.length === 0;
  fix.push(
    `${fix.length > 0 ? 'or add' : 'Add'} ${refKind.named(name)} to ${refKind.key}${skips}: ${change}; ${startsToo(scope, refKind.push)}${last ? '.' : ';'}`,
  );
  if (!last) fix.push(refKind.otherwise(trusted));
  const cause: Cause = {
    id: refKind.id,
    message: `${refKind.label} "${name}" is not in ${settingName(scope, refKind.key)} (${JSON.stringify(trusted)}); the role trusts ${run.trusted}.`,
    fix,
  };
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
