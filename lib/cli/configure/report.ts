/** What `npm run configure` tells the user after writing: what changed, warnings, and the next steps. */
import type { AppConfig, DeployStage } from '../../stack/config';
import { DEPLOY_WORKFLOW_PATH } from '../../workflow/deploy-workflow';

/** The stack's own warning when the workflow pin is off, said here too, where the setting was written. */
export function pinWarning(config: AppConfig): string[] {
  return config.workflowFile === undefined
    ? [
        'warning: workflowFile is "": any workflow file of the repository on a trusted branch, tag or environment can assume the role (cdk synth warns too); remove the setting to pin the deploy workflow again',
      ]
    : [];
}

export function warningsOf(problems: readonly { severity: string; message: string }[]): string[] {
  return problems.filter((p) => p.severity === 'warning').map((p) => `warning: ${p.message}`);
}

/** What changed, then the next steps for this configuration. */
export function configureReport(
  config: AppConfig,
  stages: readonly DeployStage[],
  settings: readonly string[],
  workflow: readonly string[],
  notes: readonly string[],
): string {
  const lines: string[] = [];
  if (settings.length > 0) lines.push(`cdk.json: set ${settings.join(', ')}`);
  // Paths that were set, then whole stage jobs added, removed or moved (said in words).
  const paths = workflow.filter((c) => !c.includes(' '));
  if (paths.length > 0) lines.push(`${DEPLOY_WORKFLOW_PATH}: set ${paths.join(', ')}`);
  for (const done of workflow.filter((c) => c.includes(' '))) lines.push(`${DEPLOY_WORKFLOW_PATH}: ${done}`);
  for (const note of notes) lines.push(note);
  const runs = config.subjects
    .map((s) => (s.kind === 'pull_request' ? 'pull requests' : `${s.kind} ${s.pattern}`))
    .join(', ');
  lines.push('', `The deploy role will trust ${config.repository.fullName}: ${runs}.`);
  if (stages.length > 0) {
    lines.push(
      `Then the image is deployed to ${stages.map((s) => `${s.name} (environment ${s.environment})`).join(', then ')}: each stage job reads its role and ECS services from its environment's variables (docs/ecs-delivery.md).`,
    );
  }
  lines.push(
    '',
    'Next:',
    '  npx cdk synth                                   # offline: the template, cdk-nag and validation',
    '  npm test',
    `  npx cdk bootstrap aws://ACCOUNT_ID/${config.region}     # once per account and region`,
    ...stages.map(
      (s) =>
        `  npx cdk bootstrap aws://${s.account}/${s.region} --trust ACCOUNT_ID --cloudformation-execution-policies POLICY_ARN     # stage ${s.name}, with its account's credentials (docs/ecs-delivery.md "Deploying a stage")`,
    ),
    '  npx cdk deploy --outputs-file cdk-outputs.json',
    ...stages.map(
      (s) =>
        `  npx cdk deploy '${s.name}/*' --outputs-file ${s.name}-outputs.json     # in promotion order (docs/ecs-delivery.md "Deploying a stage")`,
    ),
    `  npm run github-setup -- ${['cdk', ...stages.map((s) => s.name)].map((n) => `--outputs ${n}-outputs.json`).join(' ')} --apply`,
    `  git push                                        # to a branch or tag the workflow deploys`,
  );
  return `${lines.join('\n')}\n`;
}
