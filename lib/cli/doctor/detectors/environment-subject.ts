/**
 * `environment-subject`: the job names an environment the role does not trust; GitHub then puts
 * the environment in sub instead of the branch, which surprises people.
 */
import { settingFix, settingName } from '../setting-change';
import type { Detector } from './input';
import { patterns, untrustedRun } from './untrusted-run';

export const environmentSubject: Detector = (input) => {
  const run = untrustedRun(input);
  if (run?.token.context.kind !== 'environment') return [];
  const { environment } = run.token.context;
  const envs = patterns(input.config, 'environment');
  const add = `add it to allowedEnvironments: ${settingFix(input.scope, { allowedEnvironments: [...envs, environment] })}`;
  if (envs.length === 0) {
    return [
      {
        id: 'environment-subject',
        message:
          `The job names environment "${environment}", so GitHub puts "environment:${environment}" in sub instead of the branch ` +
          `(an environment replaces the ref in sub); the role trusts ${run.trusted}, and no environment.`,
        fix: [
          'Remove "environment:" from the job that assumes the role, so that sub names its branch again,',
          `or trust the environment — ${add} — and let its protection rules decide which branches may deploy.`,
        ],
      },
    ];
  }
  return [
    {
      id: 'environment-subject',
      message: `Environment "${environment}" is not in ${settingName(input.scope, 'allowedEnvironments')} (${JSON.stringify(envs)}); the role trusts ${run.trusted}.`,
      fix: [`To trust it, ${add};`, 'or run the job in one of the trusted environments.'],
    },
  ];
};
