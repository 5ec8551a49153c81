/** What pulling an image needs on an ECR repository, and all a pull grant allows. */
export const PULL_ACTIONS: readonly string[] = Object.freeze([
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
]);
