import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, parseSettings, RegistryConfig } from '../../../lib/stack/config';
import { STAGE_NAME_MAX, stageRoleName } from '../../../lib/stack/config/deploy-stages';
import { checkEnvLabel, checkRoleName } from '../../../lib/stack/rules/aws-names';
import { fixtureSettings } from '../../support/fixture-settings';
import { registrySettings } from '../../support/registry-settings';
import { PRODUCTION, STAGING, stageSettings, TWO_STAGES } from '../../support/stage-settings';

function parse(context: Readonly<Record<string, unknown>>): RegistryConfig {
  return parseSettings((key) => context[key], Object.keys(context));
}

/** The message of the ConfigError these settings cause (fails the test if none is thrown). */
function messageFor(context: Readonly<Record<string, unknown>>): string {
  try {
    parse(context);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(context)} to be rejected`);
}

/** Staging with some keys changed (`undefined` removes a key). */
const staging = (changes: Record<string, unknown>) =>
  Object.fromEntries(Object.entries({ ...STAGING, ...changes }).filter(([, v]) => v !== undefined));

describe('without stages: exactly as before', () => {
  const before = parse(fixtureSettings());

  test.each([
    ['unset', fixtureSettings()],
    ['[]', stageSettings([])],
    ['"[]" from -c', fixtureSettings({ deployStages: '[]' })],
    ['"" from -c', fixtureSettings({ deployStages: '' })],
  ])('%s: no stages, and the repository configuration is unchanged', (_what, settings) => {
    const config = parse(settings);
    expect(config.deployStages).toEqual([]);
    expect(config.repositories).toEqual(before.repositories);
  });

  test('[] is accepted beside repositories', () => {
    expect(parse(registrySettings(undefined, { deployStages: [] })).deployStages).toEqual([]);
  });
});

describe('two stages', () => {
  const config = parse(stageSettings());
  const [staged, produced] = config.deployStages;

  test('are read in the listed order, with derived names', () => {
    expect(staged).toEqual({
      ...STAGING,
      partition: 'aws',
      oidcProvider: { kind: 'create' },
      roleName: 'test-staging-ecs-deploy',
      stackName: 'test-github-oidc-ecr-staging',
    });
    expect(produced).toMatchObject({
      name: 'production',
      region: 'eu-central-1',
      oidcProvider: { kind: 'import-account' },
      roleName: 'test-production-ecs-deploy',
      stackName: 'test-github-oidc-ecr-production',
    });
  });

  test('the JSON text that -c passes reads the same', () => {
    expect(parse(fixtureSettings({ deployStages: JSON.stringify(TWO_STAGES) })).deployStages).toEqual(
      config.deployStages,
    );
  });

  test("the repository's pull access adds every stage account, each once, after pullAccounts", () => {
    expect(config.repositories[0].pullAccess.accounts).toEqual(['222222222222', '333333333333']);
    const listed = parse(stageSettings(TWO_STAGES, { pullAccounts: ['333333333333', '444455556666'] }));
    expect(listed.repositories[0].pullAccess.accounts).toEqual(['333333333333', '444455556666', '222222222222']);
  });

  test('an imported provider ARN of the stage account, and the partition of the region', () => {
    const arn = 'arn:aws-cn:iam::222222222222:oidc-provider/token.actions.githubusercontent.com';
    const [china] = parse(
      stageSettings([
        staging({ region: 'cn-north-1', passRoles: ['arn:aws-cn:iam::222222222222:role/task'], oidcProviderArn: arn }),
      ]),
    ).deployStages;
    expect(china).toMatchObject({ partition: 'aws-cn', oidcProvider: { kind: 'import-arn', arn } });
  });

  test('two stages of one account: the second imports the provider the first creates', () => {
    const second = { ...PRODUCTION, account: STAGING.account, passRoles: ['arn:aws:iam::222222222222:role/p'] };
    expect(parse(stageSettings([STAGING, second])).deployStages.map((s) => s.oidcProvider.kind)).toEqual([
      'create',
      'import-account',
    ]);
  });

  test('the longest env and stage names still give a valid IAM role name', () => {
    const env = 'a'.repeat(20);
    expect(checkEnvLabel(env)).toBeUndefined();
    expect(checkEnvLabel(`${env}a`)).toBeDefined();
    const name = stageRoleName(env, 'b'.repeat(STAGE_NAME_MAX));
    expect(name.length).toBeLessThanOrEqual(64);
    expect(checkRoleName(name)).toBeUndefined();
  });
});

const EXAMPLE =
  '[{"name":"staging","account":"111122223333","region":"eu-west-1","environment":"staging","cluster":"apps","services":["web"],"passRoles":["arn:aws:iam::111122223333:role/web-task"]}]';
const KEYS = 'name, account, region, environment, cluster, services, passRoles, createOidcProvider, oidcProviderArn';

/** [what, settings, the whole one-line message] */
const REJECTED: Array<[string, Record<string, unknown>, string]> = [
  [
    'null',
    fixtureSettings({ deployStages: null }),
    `Invalid setting "deployStages" = null: expected a JSON list of stage objects, e.g. ${EXAMPLE}.`,
  ],
  [
    'an object instead of a list',
    fixtureSettings({ deployStages: '{"name":"staging"}' }),
    `Invalid setting "deployStages" = {"name":"staging"}: expected a JSON list of stage objects, e.g. ${EXAMPLE}.`,
  ],
  [
    'broken JSON from -c',
    fixtureSettings({ deployStages: '[{"name":' }),
    `Invalid setting "deployStages" = "[{\\"name\\":": expected a JSON list of stage objects, e.g. ${EXAMPLE}.`,
  ],
  [
    'an entry that is not an object',
    stageSettings(['staging']),
    `Invalid setting "deployStages[0]" = "staging": expected an object of stage settings, e.g. ${EXAMPLE.slice(1, -1)}.`,
  ],
  [
    'a misspelt key',
    stageSettings([STAGING, { ...PRODUCTION, servces: ['web'] }]),
    `Unknown setting "deployStages[1].servces" = ["web"]: expected a stage setting (did you mean "services"?): one of ${KEYS}.`,
  ],
  [
    'a key in another case',
    stageSettings([staging({ PassRoles: [] })]),
    `Unknown setting "deployStages[0].PassRoles" = []: expected a stage setting (did you mean "passRoles"?): one of ${KEYS}.`,
  ],
  [
    'a top-level setting in an entry',
    stageSettings([staging({ roleName: 'deployer' })]),
    `Unknown setting "deployStages[0].roleName" = "deployer": expected a stage setting: one of ${KEYS}.`,
  ],
  [
    'stages with repositories',
    registrySettings(undefined, { deployStages: [STAGING] }),
    `Invalid setting "deployStages" = [${JSON.stringify(STAGING)}]: expected no stages when "repositories" is set: stages deliver the one repository's image, and several repositories are not supported with deployStages yet.`,
  ],
  [
    'no name',
    stageSettings([staging({ name: undefined })]),
    'Invalid setting "deployStages[0].name" = (not set): expected a non-empty string: the stage name, e.g. "staging".',
  ],
  [
    'a name in upper case',
    stageSettings([staging({ name: 'Staging' })]),
    'Invalid setting "deployStages[0].name" = "Staging": expected a stage name of 1–20 lower-case letters, digits and inner "-", starting with a letter (it names the CDK stage, its stack and role), e.g. "staging".',
  ],
  [
    'a name ending in "-"',
    stageSettings([staging({ name: 'staging-' })]),
    'Invalid setting "deployStages[0].name" = "staging-": expected a stage name of 1–20 lower-case letters, digits and inner "-", starting with a letter (it names the CDK stage, its stack and role), e.g. "staging".',
  ],
  [
    'a name starting with a digit (CDK refuses such a Stage id)',
    stageSettings([staging({ name: '2nd' })]),
    'Invalid setting "deployStages[0].name" = "2nd": expected a stage name of 1–20 lower-case letters, digits and inner "-", starting with a letter (it names the CDK stage, its stack and role), e.g. "staging".',
  ],
  [
    'a name of 21 characters',
    stageSettings([staging({ name: 'a'.repeat(21) })]),
    `Invalid setting "deployStages[0].name" = "${'a'.repeat(21)}": expected a stage name of 1–20 lower-case letters, digits and inner "-", starting with a letter (it names the CDK stage, its stack and role), e.g. "staging".`,
  ],
  [
    'a name that makes the stack name too long',
    stageSettings([STAGING], { stackName: `S${'x'.repeat(120)}` }),
    `Invalid setting "deployStages[0].name" = "staging": expected a shorter name: the stage stack "S${'x'.repeat(120)}-staging" must be a CloudFormation stack name: a letter, then up to 127 letters, digits or "-".`,
  ],
  [
    "the main stack's name (the CDK Stage and the main stack would share one construct id in the app)",
    stageSettings([STAGING], { stackName: 'staging' }),
    'Invalid setting "deployStages[0].name" = "staging": expected a name other than stackName "staging" and than what follows "assembly-" in it: the main stack and the stage\'s CDK Stage are both named by their id in the app, and the stage\'s cloud assembly is "assembly-NAME" beside the main stack\'s template (npx cdk deploy \'NAME/*\' selects the stage).',
  ],
  [
    'the workflow pin turned off (every workflow of the repository in the environment would be trusted)',
    stageSettings([STAGING], { workflowFile: '' }),
    'Invalid setting "workflowFile" = "": expected the deploy workflow\'s path (e.g. ".github/workflows/deploy-ecr.yml", the default when unset) while deployStages is set: a stage role trusts only the pinned workflow\'s jobs in its environment; without the pin, any workflow of the repository that names the environment could roll out its services.',
  ],
  [
    "the name whose nested cloud assembly (assembly-NAME) is the main stack's artifact id",
    stageSettings([STAGING], { stackName: 'assembly-staging' }),
    'Invalid setting "deployStages[0].name" = "staging": expected a name other than stackName "assembly-staging" and than what follows "assembly-" in it: the main stack and the stage\'s CDK Stage are both named by their id in the app, and the stage\'s cloud assembly is "assembly-NAME" beside the main stack\'s template (npx cdk deploy \'NAME/*\' selects the stage).',
  ],
  [
    'two stages of one name',
    stageSettings([STAGING, { ...PRODUCTION, name: 'staging' }]),
    'Duplicate setting "deployStages[1].name" = "staging": expected a name no other stage has: deployStages[0] has "staging".',
  ],
  [
    'an account as a JSON number',
    stageSettings([staging({ account: 222222222222 })]),
    'Invalid setting "deployStages[0].account" = 222222222222: expected a non-empty string: the 12-digit account ID of the stage, in quotes.',
  ],
  [
    'an account of 11 digits',
    stageSettings([staging({ account: '22222222222' })]),
    'Invalid setting "deployStages[0].account" = "22222222222": expected a 12-digit AWS account ID, e.g. "123456789012".',
  ],
  [
    'an unknown region',
    stageSettings([staging({ region: 'eu-west-9' })]),
    'Invalid setting "deployStages[0].region" = "eu-west-9": expected an AWS region name such as "ap-northeast-1" or "us-east-1".',
  ],
  [
    'no environment',
    stageSettings([staging({ environment: '' })]),
    'Invalid setting "deployStages[0].environment" = "": expected a non-empty string: the GitHub environment of the deploy job.',
  ],
  [
    'an environment pattern',
    stageSettings([staging({ environment: 'stag*' })]),
    'Invalid setting "deployStages[0].environment" = "stag*": expected an exact environment name, no "*" (GitHub creates an unprotected environment for any new name a workflow uses, so a pattern would trust environments nobody set up).',
  ],
  [
    "the push job's environment (compared ignoring case)",
    stageSettings([STAGING, PRODUCTION], { allowedEnvironments: ['Production'] }),
    'Invalid setting "deployStages[1].environment" = "production": expected an environment that is not in allowedEnvironments ("Production" is): the push job and the deploy job both read vars.AWS_ROLE_ARN, so an environment they share would hand the push job this stage\'s role.',
  ],
  [
    'two stages of one environment',
    stageSettings([STAGING, { ...PRODUCTION, environment: 'Staging' }]),
    'Duplicate setting "deployStages[1].environment" = "Staging": expected an environment no other stage has: deployStages[0] has "staging" (GitHub compares environment names ignoring case).',
  ],
  [
    'a cluster ARN',
    stageSettings([staging({ cluster: 'arn:aws:ecs:eu-west-1:222222222222:cluster/apps' })]),
    'Invalid setting "deployStages[0].cluster" = "arn:aws:ecs:eu-west-1:222222222222:cluster/apps": expected an ECS cluster name: 1–255 letters, digits, "-" and "_" (the name, not an ARN).',
  ],
  [
    'services as one string',
    stageSettings([staging({ services: 'web' })]),
    'Invalid setting "deployStages[0].services" = "web": expected a non-empty JSON list of ECS service names of the cluster.',
  ],
  [
    'no services',
    stageSettings([staging({ services: [] })]),
    'Invalid setting "deployStages[0].services" = []: expected a non-empty JSON list of ECS service names of the cluster.',
  ],
  [
    'a service twice',
    stageSettings([staging({ services: ['web', 'web'] })]),
    'Invalid setting "deployStages[0].services" = ["web","web"]: expected each of the ECS service names of the cluster once.',
  ],
  [
    'a service pattern',
    stageSettings([staging({ services: ['web', 'web-*'] })]),
    'Invalid setting "deployStages[0].services" = "web-*": expected an ECS service name: 1–255 letters, digits, "-" and "_" (the name, not an ARN).',
  ],
  [
    'no passRoles',
    stageSettings([staging({ passRoles: undefined })]),
    'Invalid setting "deployStages[0].passRoles" = (not set): expected a non-empty JSON list of role ARNs (the task role and task execution role the task definitions name).',
  ],
  [
    'eleven passRoles',
    stageSettings([staging({ passRoles: [...Array(11).keys()].map((i) => `arn:aws:iam::222222222222:role/r${i}`) })]),
    'Invalid setting "deployStages[0].passRoles" = ["arn:aws:iam::222222222222:role/r0","arn:aws:iam::222222222222:role/r1","arn:aws:iam::222222222222:role/r2",… 8 more] (11 entries): expected at most 10 role ARNs (the task role and task execution role the task definitions name).',
  ],
  [
    "a role of another account (the deploying account's)",
    stageSettings([staging({ passRoles: ['arn:aws:iam::123456789012:role/web-task'] })]),
    'Invalid setting "deployStages[0].passRoles" = "arn:aws:iam::123456789012:role/web-task": expected a role of the stage\'s own account and partition (222222222222, aws): iam:PassRole passes only roles of the caller\'s account, e.g. "arn:aws:iam::222222222222:role/my-task-role".',
  ],
  [
    'a role of another partition',
    stageSettings([staging({ region: 'cn-north-1' })]),
    'Invalid setting "deployStages[0].passRoles" = "arn:aws:iam::222222222222:role/web-task": expected a role of the stage\'s own account and partition (222222222222, aws-cn): iam:PassRole passes only roles of the caller\'s account, e.g. "arn:aws-cn:iam::222222222222:role/my-task-role".',
  ],
  [
    'a role pattern',
    stageSettings([staging({ passRoles: ['arn:aws:iam::222222222222:role/*'] })]),
    'Invalid setting "deployStages[0].passRoles" = "arn:aws:iam::222222222222:role/*": expected an IAM role ARN (no wildcards), e.g. "arn:aws:iam::222222222222:role/my-task-role".',
  ],
  [
    'a role name instead of its ARN',
    stageSettings([staging({ passRoles: ['web-task'] })]),
    'Invalid setting "deployStages[0].passRoles" = "web-task": expected an IAM role ARN (no wildcards), e.g. "arn:aws:iam::222222222222:role/my-task-role".',
  ],
  [
    'createOidcProvider that is not a boolean',
    stageSettings([staging({ createOidcProvider: 'yes' })]),
    'Invalid setting "deployStages[0].createOidcProvider" = "yes": expected true or false.',
  ],
  [
    'two stages of one account that both create the provider',
    stageSettings([
      STAGING,
      {
        ...PRODUCTION,
        account: STAGING.account,
        createOidcProvider: true,
        passRoles: ['arn:aws:iam::222222222222:role/p'],
      },
    ]),
    'Invalid setting "deployStages[1].createOidcProvider" = true: expected false: the account 222222222222 already gets one from deployStages[0] (an account holds one provider per issuer); set "createOidcProvider": false and deploy staging first.',
  ],
  [
    "another account's provider",
    stageSettings([
      staging({ oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }),
    ]),
    'Invalid setting "deployStages[0].oidcProviderArn" = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com": expected the provider of the stage\'s own account 222222222222 (STS looks it up in the role\'s account), e.g. "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com", or createOidcProvider false to import it by account.',
  ],
  [
    "another issuer's provider",
    stageSettings([staging({ oidcProviderArn: 'arn:aws:iam::222222222222:oidc-provider/example.com' })]),
    'Invalid setting "deployStages[0].oidcProviderArn" = "arn:aws:iam::222222222222:oidc-provider/example.com": expected the ARN of the provider for "token.actions.githubusercontent.com" (this ARN names "example.com").',
  ],
];

test.each(REJECTED)('refuses %s, in one line naming the entry and key', (_what, settings, message) => {
  const actual = messageFor(settings);
  expect(actual).toBe(message);
  expect(actual).not.toContain('\n');
});

test('the cdk.json example of docs/ecs-delivery.md is a valid configuration with two stages', () => {
  const page = fs.readFileSync(path.join(__dirname, '../../../docs/ecs-delivery.md'), 'utf8');
  const example = /```json\n([^]*?)\n```/.exec(page)?.[1] ?? '';
  const { context } = JSON.parse(example) as { context: Record<string, unknown> };
  const config = parse(context);
  expect(config.deployStages.map((s) => [s.name, s.stackName, s.roleName, s.oidcProvider.kind])).toEqual([
    ['staging', 'prod-github-oidc-ecr-staging', 'prod-staging-ecs-deploy', 'create'],
    ['production', 'prod-github-oidc-ecr-production', 'prod-production-ecs-deploy', 'import-account'],
  ]);
});
