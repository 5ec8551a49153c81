/**
 * A template's digest for the doctor's synth record, blind to what the CDK adds only on the CLI's
 * say-so and what no trust policy depends on: a resource's `aws:cdk:path` and `aws:asset:*`
 * metadata (the CLI's path and asset metadata), and the `AWS::CDK::Metadata` resource with its
 * `CDKMetadataAvailable` condition (version reporting). Everything else counts, so two templates
 * with one digest grant exactly the same.
 */
import { createHash } from 'crypto';

type Json = Record<string, unknown>;

/** SHA-256 of `text` without the CDK's bookkeeping metadata; of the text as it is when it is not a JSON object. */
export function templateDigest(text: string): string {
  let template: unknown;
  try {
    template = JSON.parse(text);
  } catch {
    return sha256(text);
  }
  if (!isObject(template)) return sha256(text);
  return sha256(JSON.stringify(withoutBookkeeping(template)));
}

/** `template` without the CDK's bookkeeping metadata (a copy; the template is left as it is). */
export function withoutBookkeeping(template: Json): Json {
  const copy: Json = { ...template };
  if (isObject(template.Resources)) {
    const resources: Json = {};
    let droppedMetadata = false;
    for (const [id, resource] of Object.entries(template.Resources)) {
      if (isObject(resource) && resource.Type === 'AWS::CDK::Metadata') {
        droppedMetadata = true;
        continue;
      }
      resources[id] = isObject(resource) ? withoutResourceBookkeeping(resource) : resource;
    }
    copy.Resources = resources;
    if (droppedMetadata && isObject(template.Conditions) && 'CDKMetadataAvailable' in template.Conditions) {
      const { CDKMetadataAvailable: _, ...conditions } = template.Conditions;
      if (Object.keys(conditions).length > 0) copy.Conditions = conditions;
      else delete copy.Conditions;
    }
  }
  return copy;
}

function withoutResourceBookkeeping(resource: Json): Json {
  if (!isObject(resource.Metadata)) return resource;
  const metadata = Object.fromEntries(
    Object.entries(resource.Metadata).filter(([key]) => key !== 'aws:cdk:path' && !key.startsWith('aws:asset:')),
  );
  const { Metadata: _, ...rest } = resource;
  return Object.keys(metadata).length > 0 ? { ...rest, Metadata: metadata } : rest;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
