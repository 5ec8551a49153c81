/**
 * `npm run github-setup`: outputs file → exact `gh variable` commands (names from
 * lib/stack/github-variables.ts), printed or run with --apply.
 *
 * A little over ~300 lines: the argument table, the commands and the --apply runs share one fake
 * gh and one outputs fixture.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../../lib/cli/argv';
import { findOnPath, parseGitHubSetupArgs, variableCommands } from '../../lib/cli/github-setup';
import { shellLine, shellQuote } from '../../lib/cli/shell';
import { GITHUB_VARIABLES } from '../../lib/stack/github-variables';
import { fakeGh, tempDir, tempRoot } from './doctor/helpers';
import { runSetupIn } from './github-setup-runner';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/dev-github-actions';
const OUTPUTS = {
  AwsRoleArn: ROLE_ARN,
  AwsRegion: 'ap-northeast-1',
  EcrRepositoryName: 'my-ecr-repo',
  EcrRepositoryUri: '123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/my-ecr-repo',
  OidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
};

describe('shellQuote', () => {
  it.each([
    ['plain', 'plain'],
    [ROLE_ARN, ROLE_ARN],
    ['latest,buildcache*', `'latest,buildcache*'`],
    ['two words', `'two words'`],
    ["it's", `'it'\\''s'`],
    ['', `''`],
    ['$(rm -rf /)', `'$(rm -rf /)'`],
  ])('%j → %s', (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });

  it('round-trips through a real shell', () => {
    const values = ["it's", 'a b', '$HOME', '`x`', 'latest,buildcache*', '"q"'];
    const echoed = execFileSync('sh', ['-c', `printf '%s\\n' ${values.map(shellQuote).join(' ')}`], {
      encoding: 'utf8',
    });
    expect(echoed.split('\n').slice(0, -1)).toEqual(values);
  });
});

describe('variableCommands', () => {
  it('sets every variable from its output and deletes ECR_MOVING_TAGS when the stack has none', () => {
    const commands = variableCommands(OUTPUTS, 'test-github-oidc-ecr', 'Octo-Org/octo-service', undefined);
    expect(commands.map((c) => c.line)).toEqual([
      `gh variable set AWS_ROLE_ARN --body ${ROLE_ARN} --repo Octo-Org/octo-service`,
      'gh variable set AWS_REGION --body ap-northeast-1 --repo Octo-Org/octo-service',
      'gh variable set ECR_REPOSITORY --body my-ecr-repo --repo Octo-Org/octo-service',
      'gh variable delete ECR_MOVING_TAGS --repo Octo-Org/octo-service',
    ]);
    expect(commands[3].note).toContain('every tag is immutable');
  });

  it('covers exactly the variables of lib/stack/github-variables.ts', () => {
    const commands = variableCommands({ ...OUTPUTS, EcrMovingTags: 'latest' }, 's', undefined, undefined);
    expect(commands.map((c) => [c.variable, c.output])).toEqual(
      Object.values(GITHUB_VARIABLES).map((v) => [v.variable, v.output]),
    );
  });

  it('quotes moving tags and scopes to an environment', () => {
    const commands = variableCommands({ ...OUTPUTS, EcrMovingTags: 'latest,buildcache*' }, 's', 'o/r', 'production');
    expect(commands[3]).toMatchObject({
      action: 'set',
      args: [
        'variable',
        'set',
        'ECR_MOVING_TAGS',
        '--body',
        'latest,buildcache*',
        '--repo',
        'o/r',
        '--env',
        'production',
      ],
      line: `gh variable set ECR_MOVING_TAGS --body 'latest,buildcache*' --repo o/r --env production`,
    });
  });

  it('refuses an outputs file without the role ARN', () => {
    const { AwsRoleArn: _, ...rest } = OUTPUTS;
    expect(() => variableCommands(rest, 'test-github-oidc-ecr', undefined, undefined)).toThrow(
      new UsageError(
        'stack "test-github-oidc-ecr" in the outputs file has no "AwsRoleArn" output (for AWS_ROLE_ARN); was the file written by npx cdk deploy --outputs-file with this version of the stack?',
      ),
    );
  });
});

describe('parseGitHubSetupArgs', () => {
  it('reads its options', () => {
    expect(
      parseGitHubSetupArgs([
        '--outputs',
        'o.json',
        '--stack',
        's',
        '--repo',
        'a/b',
        '--env',
        'e',
        '-c',
        'env=prod',
        '--apply',
        '--json',
      ]),
    ).toEqual({
      outputs: ['o.json'],
      stack: 's',
      repo: 'a/b',
      environment: 'e',
      context: { env: 'prod' },
      apply: true,
      json: true,
      help: false,
    });
  });
  it.each([
    [['--repo', 'nope'], '--repo takes OWNER/REPO, got "nope"'],
    [['--what'], 'unknown option "--what" (see --help)'],
    [['--outputs'], '--outputs needs a value (see --help)'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseGitHubSetupArgs(argv)).toThrow(new UsageError(message));
  });
});

describe('runGitHubSetup', () => {
  const root = tempRoot();
  function run(argv: string[], opts: { files?: Record<string, unknown>; path?: string } = {}) {
    return runSetupIn(
      root,
      argv,
      opts.files ?? { 'cdk-outputs.json': { 'test-github-oidc-ecr': OUTPUTS } },
      opts.path ?? '',
    );
  }

  it('prints the commands for the repository in the settings', () => {
    const out = run([]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`gh variable set AWS_ROLE_ARN --body ${ROLE_ARN} --repo Octo-Org/octo-service\n`);
    expect(out.stdout).toContain('gh variable delete ECR_MOVING_TAGS --repo Octo-Org/octo-service\n');
  });

  it("settings that still name the example repository: a warning, and --apply refused (it is nobody's)", () => {
    const placeholder = ['-c', 'githubOwner=mycompany-inc', '-c', 'githubRepository=my-repo'];
    const printed = run(placeholder);
    expect(printed.code).toBe(0);
    expect(printed.stderr).toBe(
      "github-setup: warning: the settings still name the example repository mycompany-inc/my-repo, which is nobody's: pass --repo OWNER/REPO (or the -c settings you deployed with), or run npm run configure\n",
    );
    const applied = run([...placeholder, '--apply'], { path: '/nonexistent' });
    expect(applied).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(
        /^github-setup: --apply refused: the settings still name the example repository mycompany-inc\/my-repo/,
      ),
    });
    // Naming the repository is enough.
    expect(run([...placeholder, '--repo', 'Acme-Labs/payments-api']).stderr).toBe('');
  });

  it("accepts a managed user's HANDLE_SHORTCODE owner for --repo", () => {
    expect(run(['--repo', 'octocat_acme/service']).stdout).toContain('--repo octocat_acme/service\n');
  });

  it('--repo and -c change the repository', () => {
    expect(run(['--repo', 'x/y']).stdout).toContain('--repo x/y\n');
    expect(run(['-c', 'githubRepository=other']).stdout).toContain('--repo Octo-Org/other\n');
  });

  it('picks the configured stack among several, or the one named', () => {
    const files = {
      'cdk-outputs.json': {
        'prod-github-oidc-ecr': { ...OUTPUTS, AwsRegion: 'eu-west-1' },
        'test-github-oidc-ecr': OUTPUTS,
      },
    };
    expect(run([], { files }).stdout).toContain('--body ap-northeast-1');
    expect(run(['--stack', 'prod-github-oidc-ecr'], { files }).stdout).toContain('--body eu-west-1');
    expect(run(['-c', 'env=prod'], { files }).stdout).toContain('--body eu-west-1');
  });

  it('--json lists the commands with their arguments', () => {
    const out = run(['--json']);
    const report = JSON.parse(out.stdout);
    expect(report).toMatchObject({ stack: 'test-github-oidc-ecr', repo: 'Octo-Org/octo-service', applied: false });
    expect(report.commands[0].args).toEqual([
      'variable',
      'set',
      'AWS_ROLE_ARN',
      '--body',
      ROLE_ARN,
      '--repo',
      'Octo-Org/octo-service',
    ]);
  });

  it.each([
    [
      'no outputs file',
      [],
      { files: {} },
      'github-setup: cdk-outputs.json does not exist: write it with npx cdk deploy --outputs-file cdk-outputs.json\n',
    ],
    [
      'an unknown stack',
      ['--stack', 'nope'],
      {},
      'github-setup: cdk-outputs.json has no stack "nope" (it has: test-github-oidc-ecr); choose one with --stack\n',
    ],
    [
      'a bad setting',
      ['-c', 'githubOwner=-x'],
      {},
      expect.stringMatching(/^github-setup: Invalid setting "githubOwner"/),
    ],
  ])('%s: exit 2, one line', (_, argv, opts, stderr) => {
    expect(run(argv as string[], opts as object)).toMatchObject({ code: 2, stderr });
  });

  it('--apply without gh on PATH says so and exits 2, after printing the commands', () => {
    const out = run(['--apply'], { path: tempDir('empty-path') });
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('gh variable set AWS_ROLE_ARN');
    expect(out.stderr).toBe(
      'github-setup: --apply needs the GitHub CLI, and gh is not on PATH: install it (https://cli.github.com), run gh auth login, or run the commands above yourself\n',
    );
  });
});

describe('runGitHubSetup --apply with gh', () => {
  const root = tempRoot();
  function apply(gh: { dir: string }, extra: string[] = [], outputs: object = OUTPUTS) {
    const files = { 'cdk-outputs.json': { 'test-github-oidc-ecr': outputs } };
    return runSetupIn(root, ['--apply', ...extra], files, `${gh.dir}${path.delimiter}/usr/bin${path.delimiter}/bin`);
  }

  it('checks the login, then runs each command; a delete of an unset variable is fine', () => {
    const gh = fakeGh();
    const out = apply(gh);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(fs.readFileSync(gh.log, 'utf8').split('\n').slice(0, -1)).toEqual([
      'auth status',
      `variable set AWS_ROLE_ARN --body ${ROLE_ARN} --repo Octo-Org/octo-service`,
      'variable set AWS_REGION --body ap-northeast-1 --repo Octo-Org/octo-service',
      'variable set ECR_REPOSITORY --body my-ecr-repo --repo Octo-Org/octo-service',
      'variable delete ECR_MOVING_TAGS --repo Octo-Org/octo-service',
      'variable list --json name --repo Octo-Org/octo-service',
    ]);
    expect(out.stdout).toContain(
      'ok      gh variable delete ECR_MOVING_TAGS --repo Octo-Org/octo-service (not set: HTTP 404: Not Found)',
    );
  });

  it('a delete that fails while the variable is still set, or cannot be listed, is a failure (exit 1)', () => {
    const stillSet = apply(fakeGh(0, '[{"name":"AWS_REGION"},{"name":"ECR_MOVING_TAGS"}]'));
    expect(stillSet.code).toBe(1);
    expect(stillSet.stdout).toContain('FAILED  gh variable delete ECR_MOVING_TAGS --repo Octo-Org/octo-service');
    const unreadable = apply(fakeGh(0, null));
    expect(unreadable.code).toBe(1);
    expect(unreadable.stdout).toContain('FAILED  gh variable delete ECR_MOVING_TAGS');
  });

  it('passes values with shell metacharacters as one argument each (no shell)', () => {
    const gh = fakeGh();
    // Through a shell, the space would split the value and $HOME would expand.
    expect(apply(gh, [], { ...OUTPUTS, EcrMovingTags: 'latest,build cache* $HOME' }).code).toBe(0);
    expect(fs.readFileSync(gh.argv, 'utf8').split('\n')).toContain(
      '[variable][set][ECR_MOVING_TAGS][--body][latest,build cache* $HOME][--repo][Octo-Org/octo-service]',
    );
  });

  it('stops before changing anything when gh is not logged in', () => {
    const gh = fakeGh(1);
    const out = apply(gh);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'github-setup: gh is not logged in (gh auth status failed): run gh auth login, then --apply again, or run the commands above yourself\n',
    );
    expect(fs.readFileSync(gh.log, 'utf8')).toBe('auth status\n');
  });
});

describe('findOnPath', () => {
  it('finds executables only', () => {
    const dir = tempDir('bin');
    fs.writeFileSync(path.join(dir, 'gh'), '#!/bin/sh\n', { mode: 0o644 });
    expect(findOnPath('gh', dir)).toBeUndefined();
    fs.chmodSync(path.join(dir, 'gh'), 0o755);
    expect(findOnPath('gh', `/nonexistent${path.delimiter}${dir}`)).toBe(path.join(dir, 'gh'));
  });
});

it('shellLine joins quoted words', () => {
  expect(shellLine(['gh', 'variable', 'set', 'X', '--body', 'a b'])).toBe(`gh variable set X --body 'a b'`);
});
