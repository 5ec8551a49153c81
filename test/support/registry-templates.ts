/**
 * The templates of an app with `repositories` (several stacks), synthesized in-process as
 * `cdk synth` would (cdk-nag included: a finding fails the synth), once per settings and test file.
 */
import { buildStacks } from '../../lib/stack/app';
import { appWith } from './fixture-app';

/** Stack name → template (parsed JSON), in the order the app builds them. */
export type Templates = ReadonlyMap<string, Record<string, unknown>>;

const cache = new Map<string, Templates>();

/** The app's templates for `settings` (e.g. `registrySettings(…)`), with cdk.json's feature flags. */
export function registryTemplates(settings: Readonly<Record<string, unknown>>): Templates {
  const key = JSON.stringify(settings);
  const hit = cache.get(key);
  if (hit) return hit;
  const app = appWith(settings);
  buildStacks(app);
  const assembly = app.synth();
  const templates: Templates = new Map(
    assembly.stacks.map((s) => [s.stackName, s.template as Record<string, unknown>] as const),
  );
  cache.set(key, templates);
  return templates;
}

/** Every resource of every template, as [stack name, logical ID, resource]. */
export function resourcesOf(
  templates: Templates,
  type: string,
): Array<[string, string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }]> {
  const found: Array<
    [string, string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }]
  > = [];
  for (const [stack, template] of templates) {
    const resources = (template.Resources ?? {}) as Record<string, { Type: string }>;
    for (const [id, resource] of Object.entries(resources)) {
      if (resource.Type === type) found.push([stack, id, resource]);
    }
  }
  return found;
}
