/**
 * The job outputs the push job gives the stage jobs (docs/ecs-delivery.md), as they can be written
 * from its own steps: `image`, the repository's address without a tag (the metadata step's
 * `images` input, when that is one expression), and `digest`, the build's or, when a re-run skips
 * the build, the image lookup's. The `push-outputs` rule suggests them and `npm run configure`
 * writes them where they are missing.
 */
import type { DeployJob } from './deploy-job';
import { expressionsIn } from './expressions';

/** The outputs `image` and `digest` written from the job's steps; each undefined when it cannot be. */
export function pushOutputsOf(job: DeployJob): { image?: string; digest?: string } {
  const images = job.metadataStep?.with.images?.trim();
  const oneExpression =
    images !== undefined && images.startsWith('${{') && images.endsWith('}}') && expressionsIn(images).length === 1;
  const build = job.buildStep?.id;
  const lookup = job.imageLookupStep?.id;
  const sources = [build, lookup].filter((id) => id !== undefined).map((id) => `steps.${id}.outputs.digest`);
  return {
    image: oneExpression ? images : undefined,
    digest: build === undefined ? undefined : `\${{ ${sources.join(' || ')} }}`,
  };
}
