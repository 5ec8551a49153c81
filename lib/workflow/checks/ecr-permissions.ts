/**
 * Rule `ecr-permissions`: every `aws ecr` command the deploy job runs needs an action the deploy
 * role has, else it fails with AccessDeniedException at run time.
 */
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stepLabel } from './shared';

/**
 * The ECR actions the deploy role is allowed (lib/stack/constructs/image-repository.ts:
 * `grantPullPush` on the repository, and GetAuthorizationToken). Notably not ecr:DescribeImages
 * or ecr:ListImages. test/workflow/role-ecr-actions.test.ts holds this list against the
 * synthesized role.
 */
export const ROLE_ECR_ACTIONS: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

/** Checks each `aws ecr …` call of the deploy job against ROLE_ECR_ACTIONS. */
export function ecrPermissions({ workflow }: CheckContext): WorkflowProblem[] {
  return workflow.ecrCalls
    .filter((call) => !ROLE_ECR_ACTIONS.includes(call.action))
    .map((call) => {
      const hint =
        call.action === 'ecr:DescribeImages' || call.action === 'ecr:ListImages'
          ? ' (to see whether a tag exists, aws ecr batch-get-image needs only ecr:BatchGetImage)'
          : '';
      return {
        check: 'ecr-permissions',
        severity: 'error',
        fix: ['workflow'],
        message: `step "${stepLabel(call.step)}" runs "aws ecr ${call.command}", which needs ${call.action}; the deploy role does not have it, so the call fails with AccessDeniedException: use a command within ${ROLE_ECR_ACTIONS.join(', ')}${hint} in ${workflow.path}, or grant the action in lib/stack/constructs/image-repository.ts.`,
        line: call.step.line,
      };
    });
}
