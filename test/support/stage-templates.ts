/**
 * The templates of an app with `deployStages`, synthesized in-process as `cdk synth` would
 * (cdk-nag included: a finding fails the synth), once per settings and test file: the main stack's
 * and, per stage, its stack's from the stage's nested cloud assembly.
 */
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildStacks } from '../../lib/stack/app';
import { appWith } from './fixture-app';

export interface StageTemplates {
  /** The cloud assembly the app wrote. */
  readonly assembly: CloudAssembly;
  /** The main stack's template (the ECR repository and push role). */
  readonly main: Record<string, unknown>;
  /** Stage name → its stack's name and template, in the listed order. */
  readonly stages: ReadonlyMap<string, { readonly stackName: string; readonly template: Record<string, unknown> }>;
}

const cache = new Map<string, StageTemplates>();

/** The app's templates for `settings` (e.g. `stageSettings(…)`), with cdk.json's feature flags. */
export function stageTemplates(settings: Readonly<Record<string, unknown>>): StageTemplates {
  const key = JSON.stringify(settings);
  const hit = cache.get(key);
  if (hit) return hit;
  const app = appWith(settings);
  const stages = buildStacks(app).slice(1);
  const assembly = app.synth();
  const result: StageTemplates = {
    assembly,
    main: assembly.stacks[0].template as Record<string, unknown>,
    stages: new Map(
      stages.map((stack) => {
        const name = stack.node.scope!.node.id;
        const [artifact] = assembly.getNestedAssembly(`assembly-${name}`).stacks;
        return [name, { stackName: artifact.stackName, template: artifact.template as Record<string, unknown> }];
      }),
    ),
  };
  cache.set(key, result);
  return result;
}
