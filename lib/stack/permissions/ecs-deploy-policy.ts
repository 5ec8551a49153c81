/**
 * What a stage's deploy role may do, as an IAM policy document: the calls of the deploy job
 * (describe-services, describe-task-definition, register-task-definition, update-service) and
 * nothing else, each as narrowly as ECS authorizes it. Pure: the construct, the size check and the
 * tests render the same document.
 *
 * How narrowly, per the Service Authorization Reference for Amazon ECS
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html,
 * as published in June 2026):
 * - DescribeServices, UpdateService: resource type `service*`
 *   (`arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}`): the named
 *   services' ARNs. ECS evaluates policies on this (long) ARN format even for services created
 *   with the old short ARNs.
 * - RegisterTaskDefinition: resource type `task-definition*`
 *   (`…:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}`); condition
 *   keys aws:RequestTag/${TagKey}, aws:TagKeys, ecs:compute-compatibility, ecs:privileged,
 *   ecs:task-cpu, ecs:task-memory. The settings name services, not task-definition families (the
 *   job registers a new revision of the family each service already runs), so: any family of the
 *   stage's account and region. No condition: the job re-registers each service's own task
 *   definition with only the image changed, whatever its CPU, memory or privileged flag. (The
 *   reference has listed `task-definition*` here since March 2025, and April 2024–January 2025;
 *   older versions listed no resource type.)
 * - DescribeTaskDefinition: no resource type, so Resource "*" is the only form ECS accepts.
 * - iam:PassRole (registering a task definition passes its task and execution roles): exactly
 *   the named roles, and only to ECS tasks (`iam:PassedToService` = ecs-tasks.amazonaws.com).
 * The job registers without tags: tagging on create would need ecs:TagResource, not granted.
 */

/** The stage as the policy needs it. */
export interface EcsDeployTarget {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly cluster: string;
  readonly services: readonly string[];
  readonly passRoles: readonly string[];
}

/** One statement, as IAM stores it. */
export interface PolicyStatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string>>;
}

/** The service principal ECS tasks assume their roles through. */
export const ECS_TASKS_SERVICE = 'ecs-tasks.amazonaws.com';

/** The actions that ECS authorizes on Resource "*" only (see the file's header). */
export const ECS_ACTIONS_ON_ANY_RESOURCE = ['ecs:DescribeTaskDefinition'] as const;

/** The ARN of a service of the target's cluster. */
export function ecsServiceArn(target: EcsDeployTarget, service: string): string {
  return `arn:${target.partition}:ecs:${target.region}:${target.account}:service/${target.cluster}/${service}`;
}

/** Every task definition (any family, any revision) of the target's account and region. */
export function taskDefinitionsArn(target: EcsDeployTarget): string {
  return `arn:${target.partition}:ecs:${target.region}:${target.account}:task-definition/*`;
}

/** One value as itself, several as a list: the form IAM and CDK write. */
function single(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

/** The statements of the stage role's policy (see the file's header), as the template holds them. */
export function ecsDeployStatements(target: EcsDeployTarget): PolicyStatementJson[] {
  return [
    {
      Sid: 'ReadAndUpdateTheNamedServices',
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: single(target.services.map((service) => ecsServiceArn(target, service))),
    },
    {
      Sid: 'RegisterTaskDefinitions',
      Effect: 'Allow',
      Action: 'ecs:RegisterTaskDefinition',
      Resource: taskDefinitionsArn(target),
    },
    {
      Sid: 'DescribeTaskDefinitions',
      Effect: 'Allow',
      Action: single([...ECS_ACTIONS_ON_ANY_RESOURCE]),
      Resource: '*',
    },
    {
      Sid: 'PassTheNamedRolesToEcsTasks',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: single([...target.passRoles]),
      Condition: { StringEquals: { 'iam:PassedToService': ECS_TASKS_SERVICE } },
    },
  ];
}

/** IAM's limit on a role's inline policies together, in characters without whitespace. */
export const ROLE_INLINE_POLICY_MAX_CHARS = 10_240;

/** The length IAM counts (JSON without whitespace) of the stage role's policy document. */
export function ecsDeployPolicySize(target: EcsDeployTarget): number {
  return JSON.stringify({ Version: '2012-10-17', Statement: ecsDeployStatements(target) }).length;
}
