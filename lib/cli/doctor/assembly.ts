/**
 * Finding a stack's template in a cloud assembly by its manifests, not by guessing file names: a
 * CDK `Stage` writes its stacks into a nested assembly (an artifact of type `cdk:cloud-assembly`
 * whose `directoryName` holds its own manifest.json), and each stack artifact
 * (`aws:cloudformation:stack`) names its `templateFile` and, when it differs from the artifact's
 * ID, its `stackName`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readJson } from '../settings';

/** One stack of the assembly or of a nested one. */
export interface AssemblyStack {
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** The construct path, e.g. `staging/Deploy`. */
  readonly displayName: string;
  /** Absolute path of the template file. */
  readonly templatePath: string;
}

interface ManifestArtifact {
  readonly type?: string;
  readonly displayName?: string;
  readonly properties?: {
    readonly directoryName?: string;
    readonly templateFile?: string;
    readonly stackName?: string;
  };
}

/** How deep nested assemblies are followed (a Stage in a Stage in a Stage is more than this app makes). */
const MAX_DEPTH = 4;

/**
 * Every stack of the assembly in `dir` and of the assemblies nested in it, in manifest order. No
 * stacks when there is no manifest (e.g. a directory a test wrote templates into).
 */
export function assemblyStacks(dir: string, depth = 0): AssemblyStack[] {
  let manifest: { artifacts?: Record<string, ManifestArtifact> } | undefined;
  try {
    manifest = readJson(path.join(dir, 'manifest.json')) as typeof manifest;
  } catch {
    return [];
  }
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(manifest?.artifacts ?? {})) {
    const props = artifact.properties ?? {};
    if (artifact.type === 'aws:cloudformation:stack' && props.templateFile) {
      stacks.push({
        stackName: props.stackName ?? id,
        displayName: artifact.displayName ?? id,
        templatePath: path.join(dir, props.templateFile),
      });
    } else if (artifact.type === 'cdk:cloud-assembly' && props.directoryName && depth < MAX_DEPTH) {
      stacks.push(...assemblyStacks(path.join(dir, props.directoryName), depth + 1));
    }
  }
  return stacks;
}

/** The stack named `stackName` in the assembly in `dir` (nested ones included), if its template exists. */
export function findAssemblyStack(dir: string, stackName: string): AssemblyStack | undefined {
  const stack = assemblyStacks(dir).find((s) => s.stackName === stackName);
  return stack && fs.existsSync(stack.templatePath) ? stack : undefined;
}
