/**
 * Rule `image-manifest`: the pushed tag names a plain image manifest. Several platforms, a
 * provenance attestation (build-push-action adds one unless `provenance: false`) or an SBOM turn
 * it into an image index whose child manifests ECR keeps untagged, and the stack's lifecycle
 * rule expires untagged images, which would break the tagged index.
 */
import { hasExpression } from '../expressions';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';

/** Checks build-push-action's `platforms`, `provenance`, `sbom` and `attests` inputs. */
export function imageManifest({ workflow, config, settingsIn }: CheckContext): WorkflowProblem[] {
  const build = workflow.buildStep;
  if (!build) return [];
  const path = workflow.path;
  const why = `its child manifests are untagged in ECR, and the repository's lifecycle rule expires untagged images after ${config.untaggedImageExpiryDays} days (${settingsIn} untaggedImageExpiryDays; the rule cannot be turned off), which breaks the tagged image`;
  const problem = (message: string): WorkflowProblem => ({
    check: 'image-manifest',
    severity: 'error',
    fix: ['workflow'],
    message,
    line: build.line,
  });
  const problems: WorkflowProblem[] = [];
  const platforms = build.with.platforms;
  if (platforms !== undefined) {
    const list = platforms
      .split(/[,\n]/)
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (hasExpression(platforms)) {
      problems.push(
        problem(
          `docker/build-push-action platforms is "${platforms}", an expression that cannot be checked to name one platform: write the one platform literally in ${path}.`,
        ),
      );
    } else if (list.length > 1) {
      problems.push(
        problem(
          `docker/build-push-action builds for ${list.length} platforms (${list.join(', ')}), which pushes an image index: ${why}. Build one platform in ${path}.`,
        ),
      );
    }
  }
  const provenance = build.with.provenance?.trim();
  if (provenance !== 'false') {
    const attaches =
      provenance === undefined
        ? 'has no provenance input, so it attaches a provenance attestation by default'
        : `sets provenance: ${provenance}, which attaches a provenance attestation`;
    problems.push(
      problem(
        `docker/build-push-action ${attaches}; the pushed tag then names an image index: ${why}. Set provenance: false in ${path}.`,
      ),
    );
  }
  for (const input of ['sbom', 'attests']) {
    const value = build.with[input]?.trim();
    if (value === undefined || value === '' || (input === 'sbom' && value === 'false')) continue;
    problems.push(
      problem(
        `docker/build-push-action sets ${input}: ${value}, which attaches an attestation; the pushed tag then names an image index: ${why}. Remove ${input} from ${path}.`,
      ),
    );
  }
  return problems;
}
