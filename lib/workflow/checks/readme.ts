/**
 * Rule `readme`: each GitHub variable, and the stack output it comes from, is named in the
 * README's "Set up GitHub" section, which is where a person learns what to set. Runs only when
 * the context carries the README's text.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Looks for every variable and output name in the README's github-setup section. */
export function readme({ readme: text, variables }: CheckContext): WorkflowProblem[] {
  if (text === undefined) return [];
  const start = text.indexOf('<!-- section: github-setup');
  const end = text.indexOf('<!-- end: github-setup -->');
  const section = start !== -1 && end > start ? text.slice(start, end) : text;
  const problems: WorkflowProblem[] = [];
  for (const v of Object.values(variables)) {
    const missing = [v.variable, v.output].filter((word) => !new RegExp(`\\b${word}\\b`).test(section));
    if (missing.length > 0) {
      problems.push({
        check: 'readme',
        severity: 'error',
        fix: ['readme'],
        message: `README "Set up GitHub" does not mention ${missing.join(' and ')} (vars.${v.variable} comes from stack output ${v.output}): document it in README.md.`,
      });
    }
  }
  return problems;
}
