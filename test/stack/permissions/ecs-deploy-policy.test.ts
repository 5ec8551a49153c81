import {
  ecsDeployPolicySize,
  ecsDeployStatements,
  ecsServiceArn,
  taskDefinitionsArn,
} from '../../../lib/stack/permissions/ecs-deploy-policy';

const target = {
  partition: 'aws',
  region: 'eu-west-1',
  account: '222222222222',
  cluster: 'apps',
  services: ['web', 'worker'],
  passRoles: ['arn:aws:iam::222222222222:role/web-task', 'arn:aws:iam::222222222222:role/exec'],
};

test('the document: the named services, task definitions of the account and region, the named roles to ECS tasks', () => {
  expect(ecsDeployStatements(target)).toEqual([
    {
      Sid: 'ReadAndUpdateTheNamedServices',
      Effect: 'Allow',
      Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
      Resource: [
        'arn:aws:ecs:eu-west-1:222222222222:service/apps/web',
        'arn:aws:ecs:eu-west-1:222222222222:service/apps/worker',
      ],
    },
    {
      Sid: 'RegisterTaskDefinitions',
      Effect: 'Allow',
      Action: 'ecs:RegisterTaskDefinition',
      Resource: 'arn:aws:ecs:eu-west-1:222222222222:task-definition/*',
    },
    { Sid: 'DescribeTaskDefinitions', Effect: 'Allow', Action: 'ecs:DescribeTaskDefinition', Resource: '*' },
    {
      Sid: 'PassTheNamedRolesToEcsTasks',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: ['arn:aws:iam::222222222222:role/web-task', 'arn:aws:iam::222222222222:role/exec'],
      Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
  ]);
});

test('ARNs follow the partition', () => {
  const china = { ...target, partition: 'aws-cn', region: 'cn-north-1' };
  expect(ecsServiceArn(china, 'web')).toBe('arn:aws-cn:ecs:cn-north-1:222222222222:service/apps/web');
  expect(taskDefinitionsArn(china)).toBe('arn:aws-cn:ecs:cn-north-1:222222222222:task-definition/*');
});

test('the size is the document as IAM counts it: JSON without whitespace', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: ecsDeployStatements(target) });
  expect(ecsDeployPolicySize(target)).toBe(text.length);
  expect(text).not.toMatch(/\s/);
  expect(ecsDeployPolicySize({ ...target, services: [...target.services, 'api'] })).toBe(
    text.length + ',"arn:aws:ecs:eu-west-1:222222222222:service/apps/api"'.length,
  );
});

test('one service or role: a single value, as IAM and CDK write it', () => {
  const [services, , , roles] = ecsDeployStatements({ ...target, services: ['web'], passRoles: [target.passRoles[0]] });
  expect(services.Resource).toBe('arn:aws:ecs:eu-west-1:222222222222:service/apps/web');
  expect(roles.Resource).toBe('arn:aws:iam::222222222222:role/web-task');
});
