/**
 * The doctor for a stage of `deployStages`: which stage `--stage NAME` or `--environment ENV` (a
 * stage's environment) asks about, and the run it checks by default — a job of the configured
 * repository in that stage's environment, on the first ref the push job runs on.
 */
import type { AppConfig, DeployStage } from '../../stack/config';
import { stageKey } from '../../stack/config/deploy-stages';
import { UsageError } from '../argv';
import type { RunInput } from './args';

/** The stage whose deploy role is checked, among all of them (for messages naming the others). */
export interface StageUnderCheck {
  readonly stage: DeployStage;
  /** Its index in deployStages. */
  readonly index: number;
  readonly stages: readonly DeployStage[];
}

/**
 * The stage `--stage NAME` names (one line listing the stages when none has that name), or whose
 * environment `--environment ENV` names (GitHub compares environment names ignoring case);
 * undefined when the run is about the push role.
 */
export function stageToCheck(
  stageName: string | undefined,
  run: RunInput | undefined,
  stages: readonly DeployStage[],
): StageUnderCheck | undefined {
  let index: number;
  if (stageName !== undefined) {
    index = stages.findIndex((s) => s.name === stageName);
    if (index < 0) {
      throw new UsageError(
        stages.length === 0
          ? `--stage ${stageName}: the settings have no deployStages`
          : `--stage ${stageName} is not one of deployStages (${stages.map((s) => s.name).join(', ')})`,
      );
    }
  } else if (run?.kind === 'environment') {
    index = stages.findIndex((s) => s.environment.toLowerCase() === run.environment.toLowerCase());
    if (index < 0) return undefined;
  } else {
    return undefined;
  }
  return { stage: stages[index], index, stages };
}

/** `--stage NAME` alone: a job in the stage's environment, on the given ref or `defaultStageRef`. */
export function stageRun(run: RunInput, under: StageUnderCheck, config: AppConfig): RunInput {
  if (run.kind !== 'stage-job') return run;
  return { kind: 'environment', environment: under.stage.environment, ref: run.ref ?? defaultStageRef(config) };
}

/**
 * A ref the stage role accepts when the settings allow it: the first branch of allowedBranches
 * without a wildcard, else the first such tag of allowedTags, else main.
 */
export function defaultStageRef(config: AppConfig): string {
  const exact = (kind: 'branch' | 'tag') => config.subjects.find((s) => s.kind === kind && !s.pattern.includes('*'));
  const branch = exact('branch');
  if (branch) return `refs/heads/${branch.pattern}`;
  const tag = exact('tag');
  return tag ? `refs/tags/${tag.pattern}` : 'refs/heads/main';
}

/** `deployStages[0].environment`: the setting behind the stage's environment. */
export function environmentKey(under: StageUnderCheck): string {
  return stageKey(under.index, 'environment');
}

/** `npx cdk deploy 'NAME/*'`: deploys the stage's stack. */
export function stageDeploy(stage: DeployStage): string {
  return `npx cdk deploy '${stage.name}/*'`;
}

/** Things worth knowing about the stage whatever the decision: where its role is, which provider it trusts. */
export function stageNotes(under: StageUnderCheck, config: AppConfig): string[] {
  const { stage, index } = under;
  const limited = config.subjects.some((s) => s.kind === 'branch' || s.kind === 'tag');
  const refs = limited
    ? 'on the refs the push job runs on (allowedBranches, allowedTags)'
    : 'on any branch or tag (allowedBranches and allowedTags are empty)';
  const notes = [
    `Checked against the deploy role of stage "${stage.name}" (${stageKey(index)}) in account ${stage.account}, ${stage.region}: it trusts jobs of the repository in environment "${stage.environment}" only, ${refs}.`,
  ];
  if (stage.oidcProvider.kind === 'import-arn') {
    notes.push(
      `${stageKey(index, 'oidcProviderArn')} names the provider ${stage.oidcProvider.arn}: STS looks the token's issuer up in the role's own account ${stage.account}.`,
    );
  }
  return notes;
}
