/**
 * Rule `credentials` (and `role`, `region`): a step of the deploy job assumes the deploy role with
 * aws-actions/configure-aws-credentials, and takes the role ARN and the region from the
 * repository variables the stack's outputs fill in, so both follow the stack wherever it is
 * deployed instead of a value copied once.
 */
import type { GitHubVariable } from '../../stack/github-variables';
import { expressionsIn, hasExpression, variablesReadIn } from '../expressions';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Checks `role-to-assume` and `aws-region` of the configure-aws-credentials step. */
export function credentials({ workflow, config, variables }: CheckContext): WorkflowProblem[] {
  const step = workflow.credentialsStep;
  const path = workflow.path;
  if (!step || !workflow.job) {
    return [
      {
        check: 'credentials',
        severity: 'error',
        fix: ['workflow'],
        message: `no step of ${path} uses aws-actions/configure-aws-credentials, so nothing assumes the deploy role: add it (role-to-assume: \${{ vars.${variables.roleArn.variable} }}).`,
      },
    ];
  }
  const problems: WorkflowProblem[] = [];
  const role = step.with['role-to-assume'];
  if (!readsExactly(role, variables.roleArn)) {
    problems.push(notFromVariable('role', 'role-to-assume', role, variables.roleArn, path, step.line));
  }
  const region = step.with['aws-region'];
  if (region !== undefined && !hasExpression(region)) {
    problems.push({
      check: 'region',
      severity: 'error',
      fix: ['workflow'],
      message: `aws-region is hard-coded to "${region}"${region === config.region ? '' : ` while cdk.json deploys the stack to "${config.region}"`}: set aws-region: \${{ vars.${variables.region.variable} }} in ${path} so it always follows the stack output ${variables.region.output}.`,
      line: step.line,
    });
  } else if (!readsExactly(region, variables.region)) {
    problems.push(notFromVariable('region', 'aws-region', region, variables.region, path, step.line));
  }
  return problems;
}

/** True when `value` is exactly `${{ vars.NAME }}` for the variable. */
function readsExactly(value: string | undefined, variable: GitHubVariable): boolean {
  return (
    value !== undefined &&
    expressionsIn(value).length === 1 &&
    value.trim().startsWith('${{') &&
    value.trim().endsWith('}}') &&
    variablesReadIn(value).join() === variable.variable
  );
}

function notFromVariable(
  check: 'role' | 'region',
  input: string,
  value: string | undefined,
  variable: GitHubVariable,
  path: string,
  line: number,
): WorkflowProblem {
  return {
    check,
    severity: 'error',
    fix: ['workflow'],
    message: `${input} is ${value === undefined ? 'not set' : `"${value}"`}: set it to \${{ vars.${variable.variable} }} (stack output ${variable.output}) in ${path}.`,
    line,
  };
}
