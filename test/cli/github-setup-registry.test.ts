/**
 * github-setup with `repositories`: the outputs `cdk deploy --all --outputs-file` records for the
 * registry in 123456789012 / eu-west-1, turned into `gh variable` commands for each repository,
 * and with --apply run for all of them, one failure not hiding the others.
 *
 * The outputs file is written with `registryVariables`, the function the registry stack builds
 * its outputs with; test/stack/registry.test.ts checks that the synthesized outputs, resolved as
 * CloudFormation would, are what it gives. No synth here: this file does not load the CDK.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseSettings } from '../../lib/stack/config';
import { registryOutputId, registryVariables } from '../../lib/stack/github-variables';
import { registrySettings, THREE_REPOSITORIES } from '../support/registry-settings';
import { fakeGh, tempRoot } from './doctor/helpers';
import { runSetupIn } from './github-setup-runner';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const SETTINGS = registrySettings(THREE_REPOSITORIES);

/** The outputs file `cdk deploy --all --outputs-file` would write for the fixture's stacks. */
function deployedOutputs(): Record<string, Record<string, string>> {
  const file: Record<string, Record<string, string>> = {};
  for (const config of parseSettings((key) => SETTINGS[key], Object.keys(SETTINGS)).repositories) {
    const name = config.repository.fullName;
    const variables = registryVariables(name, {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${config.roleName}`,
      region: REGION,
      repositoryName: config.ecrRepositoryName,
      movingTags: config.movingTags,
    });
    (file[config.stackName] ??= {})[registryOutputId(name)] = JSON.stringify(variables);
  }
  return file;
}

const root = tempRoot({ context: SETTINGS });

function run(argv: string[], outputs: object = deployedOutputs(), pathEnv = '') {
  return runSetupIn(root, argv, { 'cdk-outputs.json': outputs }, pathEnv);
}

/** The `gh variable set` lines printed for `repo`. */
const setLines = (stdout: string, repo: string) =>
  stdout.split('\n').filter((l) => l.startsWith('gh variable set') && l.endsWith(` --repo ${repo}`));

describe('github-setup with repositories', () => {
  test('prints the commands of every repository, each with its own values', () => {
    const out = run([]);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(setLines(out.stdout, 'Octo-Org/octo-service')).toEqual([
      expect.stringMatching(
        /^gh variable set AWS_ROLE_ARN --body arn:aws:iam::123456789012:role\/test-octo-service-[0-9a-f]{8} --repo/,
      ),
      'gh variable set AWS_REGION --body eu-west-1 --repo Octo-Org/octo-service',
      'gh variable set ECR_REPOSITORY --body octo-service --repo Octo-Org/octo-service',
    ]);
    expect(setLines(out.stdout, 'Other-Team/Billing.API')).toEqual([
      expect.stringMatching(
        /^gh variable set AWS_ROLE_ARN --body arn:aws:iam::123456789012:role\/test-Billing\.API-[0-9a-f]{8} --repo/,
      ),
      'gh variable set AWS_REGION --body eu-west-1 --repo Other-Team/Billing.API',
      'gh variable set ECR_REPOSITORY --body team/billing-api --repo Other-Team/Billing.API',
    ]);
    expect(setLines(out.stdout, 'Octo-Org/web-front')).toEqual([
      'gh variable set AWS_ROLE_ARN --body arn:aws:iam::123456789012:role/test-web-front-deployer --repo Octo-Org/web-front',
      'gh variable set AWS_REGION --body eu-west-1 --repo Octo-Org/web-front',
      'gh variable set ECR_REPOSITORY --body web-front --repo Octo-Org/web-front',
    ]);
    expect(out.stdout.match(/^gh variable delete ECR_MOVING_TAGS --repo /gm)).toHaveLength(3);
  });

  test('--repo chooses one of them (any case)', () => {
    const out = run(['--repo', 'octo-org/WEB-FRONT']);
    expect(out.stdout.match(/^gh variable /gm)).toHaveLength(4);
    expect(setLines(out.stdout, 'Octo-Org/web-front')).toHaveLength(3);
  });

  test('--json lists them per repository', () => {
    const report = JSON.parse(run(['--json']).stdout);
    expect(report.repositories.map((r: { repo: string }) => r.repo)).toEqual([
      'Octo-Org/octo-service',
      'Other-Team/Billing.API',
      'Octo-Org/web-front',
    ]);
    expect(report.applied).toBe(false);
  });

  test.each([
    [
      'a repository the settings do not list',
      ['--repo', 'Octo-Org/nope'],
      undefined,
      /^github-setup: --repo Octo-Org\/nope is not one of repositories \(Octo-Org\/octo-service, Other-Team\/Billing.API, Octo-Org\/web-front\)\n$/,
    ],
    [
      'a stack missing from the outputs file',
      [],
      'drop-first',
      /^github-setup: cdk-outputs\.json has no variables output for \d of the repositories: .* \(stack test-github-oidc-ecr-\d\).*npx cdk deploy --all --outputs-file cdk-outputs\.json\n$/,
    ],
  ])('%s: exit 2, one line', (_, argv, change, stderr) => {
    const outputs = deployedOutputs();
    if (change === 'drop-first') delete outputs[Object.keys(outputs).find((s) => /-\d$/.test(s))!];
    expect(run(argv, outputs)).toMatchObject({ code: 2, stderr: expect.stringMatching(stderr) });
  });

  test('--apply runs every command; one repository failing does not stop the others', () => {
    const { dir, log } = fakeGh(0, '[]', '--repo Other-Team/Billing.API');
    const out = run(['--apply'], deployedOutputs(), `${dir}${path.delimiter}/usr/bin${path.delimiter}/bin`);
    expect(out.code).toBe(1);
    const calls = fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('variable set'));
    expect(calls.map((l) => l.replace(/^variable set (\S+) .* --repo (\S+)$/, '$2 $1'))).toEqual([
      'Octo-Org/octo-service AWS_ROLE_ARN',
      'Octo-Org/octo-service AWS_REGION',
      'Octo-Org/octo-service ECR_REPOSITORY',
      'Other-Team/Billing.API AWS_ROLE_ARN',
      'Other-Team/Billing.API AWS_REGION',
      'Other-Team/Billing.API ECR_REPOSITORY',
      'Octo-Org/web-front AWS_ROLE_ARN',
      'Octo-Org/web-front AWS_REGION',
      'Octo-Org/web-front ECR_REPOSITORY',
    ]);
    expect(out.stdout.match(/^FAILED {2}gh variable set \S+ .* --repo Other-Team\/Billing\.API$/gm)).toHaveLength(3);
    expect(out.stdout.match(/^ok {6}gh variable set \S+ .* --repo Octo-Org\/web-front$/gm)).toHaveLength(3);
  });
});
