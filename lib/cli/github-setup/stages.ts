/**
 * github-setup with `deployStages`: each stage's GitHub environment gets its own AWS_ROLE_ARN,
 * AWS_REGION, ECS_CLUSTER and ECS_SERVICES (names from STAGE_VARIABLES), from its stage stack's
 * outputs. The deploy job names the environment, so these take precedence over the repository
 * variables of the same names that the push job reads.
 */
import type { DeployStage } from '../../stack/config';
import { stageKey } from '../../stack/config/deploy-stages';
import { STAGE_ENVIRONMENT_OUTPUT, STAGE_VARIABLES } from '../../stack/github-variables';
import { UsageError } from '../argv';
import { shellLine, shellQuote } from '../shell';
import type { VariableCommand } from './commands';
import type { MergedOutputs } from './outputs-files';

/** A stage whose stack is in the outputs files: its environment's commands. */
export interface StageTarget {
  readonly name: string;
  /** The GitHub repository (`OWNER/REPO`) the environment belongs to. */
  readonly repo: string;
  readonly environment: string;
  readonly stack: string;
  /** The outputs file the stack was read from. */
  readonly file: string;
  readonly commands: readonly VariableCommand[];
}

/** A stage whose stack is in none of the outputs files. */
export interface MissingStage {
  readonly name: string;
  readonly environment: string;
  readonly stack: string;
  /** The command that deploys it and writes its outputs file. */
  readonly deploy: string;
}

/** The command that deploys `stage`'s stack (its CDK Stage) and writes an outputs file of its own. */
export function stageDeployCommand(stage: DeployStage): string {
  return `npx cdk deploy ${shellQuote(`${stage.name}/*`)} --outputs-file ${shellQuote(`${stage.name}-outputs.json`)}`;
}

/**
 * The stages to set up: all, in promotion order, or only the one `wanted` names (an unknown name,
 * or no stages at all, is a `UsageError` listing what there is).
 */
export function chosenStages(stages: readonly DeployStage[], wanted: string | undefined): readonly DeployStage[] {
  if (wanted === undefined) return stages;
  const stage = stages.find((s) => s.name === wanted);
  if (stage) return [stage];
  throw new UsageError(
    stages.length === 0
      ? `--stage ${wanted}: the settings have no deployStages`
      : `--stage ${wanted} is not one of deployStages (${stages.map((s) => s.name).join(', ')})`,
  );
}

/**
 * The commands of every stage of `stages` (or only of the one `wanted` names), in promotion order;
 * a stage whose stack is in none of the files is missing (with `wanted`: a `UsageError` instead).
 */
export function stageTargets(
  outputs: MergedOutputs,
  stages: readonly DeployStage[],
  wanted: string | undefined,
  repo: string,
): { targets: StageTarget[]; missing: MissingStage[] } {
  const required = wanted !== undefined;
  const targets: StageTarget[] = [];
  const missing: MissingStage[] = [];
  for (const stage of chosenStages(stages, wanted)) {
    const stackOutputs = outputs.stacks[stage.stackName];
    if (stackOutputs === undefined) {
      const deploy = stageDeployCommand(stage);
      if (required) {
        throw new UsageError(
          `stage "${stage.name}": stack ${stage.stackName} is in none of the outputs files (${outputs.files.join(', ')}); deploy it with ${deploy}, then add --outputs ${stage.name}-outputs.json`,
        );
      }
      missing.push({ name: stage.name, environment: stage.environment, stack: stage.stackName, deploy });
      continue;
    }
    const file = outputs.fileOf[stage.stackName];
    checkEnvironmentOutput(stackOutputs, stage, stages.indexOf(stage), file);
    targets.push({
      name: stage.name,
      repo,
      environment: stage.environment,
      stack: stage.stackName,
      file,
      commands: stageVariableCommands(stackOutputs, stage, repo),
    });
  }
  return { targets, missing };
}

/** The warning for a stage whose stack no outputs file holds. */
export function missingStageWarning(stage: MissingStage, files: readonly string[]): string {
  return `stage "${stage.name}" skipped: stack ${stage.stack} is in none of the outputs files (${files.join(', ')}); deploy it with ${stage.deploy}, then add --outputs ${stage.name}-outputs.json`;
}

/**
 * `gh variable set NAME --env ENVIRONMENT --repo OWNER/REPO --body VALUE` for each of
 * STAGE_VARIABLES. A missing output is an error: a deploy job without its variable would fail,
 * and one left from an older deploy would point at the wrong place.
 */
export function stageVariableCommands(
  outputs: Readonly<Record<string, unknown>>,
  stage: DeployStage,
  repo: string,
): VariableCommand[] {
  return Object.values(STAGE_VARIABLES).map((v) => {
    const value = outputs[v.output];
    if (value === undefined || value === null) {
      throw new UsageError(
        `stack "${stage.stackName}" (stage "${stage.name}") in the outputs file has no "${v.output}" output (for ${v.variable}); was the file written by ${stageDeployCommand(stage)} with this version of the stack?`,
      );
    }
    const text = String(value);
    const args = ['variable', 'set', v.variable, '--env', stage.environment, '--repo', repo, '--body', text];
    return {
      variable: v.variable,
      output: v.output,
      action: 'set' as const,
      value: text,
      args,
      line: `gh ${shellLine(args)}`,
    };
  });
}

/**
 * The stack says which environment it was deployed for: when that is not the stage's environment
 * now, the variables would go to one environment and the deploy job read another's.
 */
function checkEnvironmentOutput(
  outputs: Readonly<Record<string, unknown>>,
  stage: DeployStage,
  index: number,
  file: string,
): void {
  const deployedFor = outputs[STAGE_ENVIRONMENT_OUTPUT];
  if (deployedFor === undefined || deployedFor === stage.environment) return;
  throw new UsageError(
    `stack ${stage.stackName} in ${file} was deployed for environment "${String(deployedFor)}" (its ${STAGE_ENVIRONMENT_OUTPUT} output), but ${stageKey(index, 'environment')} is "${stage.environment}": deploy it again with ${stageDeployCommand(stage)}, or write the environment it was deployed for`,
  );
}
