/** The doctor's command line: what each flag means, and one clear line for every mistake. */
import { UsageError } from '../../../lib/cli/argv';
import { checkRepositoryChoice, DEFAULT_WORKFLOW, parseDoctorArgs } from '../../../lib/cli/doctor/args';

/** Reads `argv` as the doctor does for settings without `repositories` (one repository). */
function parseForOneRepository(argv: string[]) {
  const options = parseDoctorArgs(argv);
  checkRepositoryChoice(options, false);
  return options;
}

describe('parseDoctorArgs', () => {
  it.each([
    [['--branch', 'feature-x'], { kind: 'ref', ref: 'refs/heads/feature-x' }],
    [['--branch=feature-x'], { kind: 'ref', ref: 'refs/heads/feature-x' }],
    [['--ref', 'refs/heads/a/b'], { kind: 'ref', ref: 'refs/heads/a/b' }],
    [['--tag', 'v1.2.0'], { kind: 'ref', ref: 'refs/tags/v1.2.0' }],
    [['--environment', 'production'], { kind: 'environment', environment: 'production', ref: undefined }],
    [
      ['--environment', 'production', '--branch', 'main'],
      { kind: 'environment', environment: 'production', ref: 'refs/heads/main' },
    ],
    [
      ['--branch', 'main', '--environment', 'production'],
      { kind: 'environment', environment: 'production', ref: 'refs/heads/main' },
    ],
    [['--pull-request'], { kind: 'pull-request', number: undefined }],
    [['--pull-request', '12'], { kind: 'pull-request', number: 12 }],
    [['--sub', 'repo:o/r:pull_request'], { kind: 'sub', sub: 'repo:o/r:pull_request' }],
    [['--claims', 'c.json'], { kind: 'claims', file: 'c.json' }],
    [['--jwt', 'a.b.c'], { kind: 'jwt', token: 'a.b.c' }],
  ])('%j → %j', (argv, run) => {
    expect(parseDoctorArgs(argv).run).toEqual(run);
  });

  it('reads settings, output, flags and modifiers', () => {
    const o = parseDoctorArgs([
      '--',
      '--branch',
      'x',
      '-c',
      'allowedBranches=["a","b"]',
      '--context=env=prod',
      '-o',
      'out',
      '--json',
      '--synth',
      '--repository',
      'O/R',
      '--owner-id',
      '1',
      '--repository-id',
      '2',
      '--sub-format',
      'immutable',
      '--workflow-file',
      'w.yml',
      '--audience',
      'aud',
      '--issuer',
      'https://token.actions.x.ghe.com',
    ]);
    expect(o).toMatchObject({
      context: { allowedBranches: '["a","b"]', env: 'prod' },
      output: 'out',
      json: true,
      forceSynth: true,
      modifiers: {
        repository: 'O/R',
        ownerId: '1',
        repositoryId: '2',
        subFormat: 'immutable',
        workflowFile: 'w.yml',
        audience: 'aud',
        issuer: 'https://token.actions.x.ghe.com',
      },
    });
  });

  it('--workflow takes an optional file', () => {
    expect(parseDoctorArgs(['--workflow']).workflow).toBe(DEFAULT_WORKFLOW);
    expect(parseDoctorArgs(['--workflow', '--json']).workflow).toBe(DEFAULT_WORKFLOW);
    expect(parseDoctorArgs(['--workflow', 'other.yml']).workflow).toBe('other.yml');
  });

  it.each([
    [
      [],
      'say which run to check, e.g. --branch feature-x, --tag v1.2.0, --environment production, --jwt TOKEN; or --workflow (see --help)',
    ],
    [['--bogus'], 'unknown option "--bogus" (see --help)'],
    [['develop'], 'unexpected argument "develop" (options start with --; see --help)'],
    [['--branch'], '--branch needs a value (see --help)'],
    [['--branch', '--json'], '--branch needs a value (see --help)'],
    [
      ['--branch', 'refs/heads/x'],
      '--branch takes a branch name (e.g. "develop"); for a full ref use --ref refs/heads/x',
    ],
    [
      ['--ref', 'develop'],
      '--ref takes a full ref such as refs/heads/develop or refs/tags/develop (or use --branch / --tag)',
    ],
    [['--branch', 'a', '--tag', 'b'], 'give one run to check, not --branch and --tag'],
    [['--branch', 'a', '--pull-request'], 'give one run to check, not --branch and --pull-request'],
    [
      ['--environment', 'e', '--branch', 'a', '--tag', 'b'],
      'give --environment at most one ref, not --branch and --tag',
    ],
    [['--workflow', '--branch', 'a'], '--workflow checks the workflow file; leave out --branch'],
    [
      ['--jwt', 'a.b.c', '--repository', 'o/r'],
      '--repository changes a generated token; it cannot be combined with --jwt',
    ],
    [
      ['--claims', 'c.json', '--sub-format', 'name'],
      '--sub-format changes a generated token; it cannot be combined with --claims',
    ],
    [
      ['--sub', 'repo:o/r:pull_request', '--repository', 'o/r'],
      '--sub already names the repository and its format; leave out --repository, --owner-id, --repository-id and --sub-format',
    ],
    [['--branch', 'a', '--repository', 'just-a-name'], '--repository takes OWNER/REPO, got "just-a-name"'],
    [['--branch', 'a', '--owner-id', '12a'], '--owner-id takes GitHub\'s numeric ID, got "12a"'],
    [['--branch', 'a', '--sub-format', 'ids'], '--sub-format takes "name" or "immutable", got "ids"'],
    [
      ['--branch', 'a', '--issuer', 'token.actions.githubusercontent.com'],
      '--issuer takes the issuer URL, e.g. https://token.actions.githubusercontent.com, got "token.actions.githubusercontent.com"',
    ],
    [
      ['--branch', 'a', '-c', 'allowedBranches'],
      '-c takes KEY=VALUE (e.g. -c \'allowedBranches=["develop","main"]\'), got "allowedBranches"',
    ],
    [['--pull-request=x'], '--pull-request takes a pull-request number, got "x"'],
    [['--branch', 'a', '--audience', 'x', '--audience', 'y'], '--audience given twice'],
    // An empty name used to be taken, and then suggested adding "" to allowedBranches (issue 12).
    [['--branch', ''], '--branch needs a branch name (e.g. "develop"), got ""'],
    [['--tag', ' '], '--tag needs a tag name (e.g. "v1.2.0"), got " "'],
    [
      ['--ref', 'refs/heads/'],
      '--ref needs a full ref with a name, e.g. refs/heads/main or refs/tags/v1.2.0, got "refs/heads/"',
    ],
  ])('%j → "%s"', (argv, message) => {
    expect(() => parseForOneRepository(argv)).toThrow(new UsageError(message));
  });

  it.each([
    [['--workflow', '--repository', 'o/r']],
    [['--jwt', 'a.b.c', '--repository', 'o/r']],
    [['--sub', 'repo:o/r:pull_request', '--repository', 'o/r']],
  ])('with repositories in the settings, --repository chooses the role for any run: %j', (argv) => {
    const options = parseDoctorArgs(argv);
    expect(() => checkRepositoryChoice(options, true)).not.toThrow();
    expect(options.modifiers.repository).toBe('o/r');
    expect(() => checkRepositoryChoice(options, false)).toThrow(UsageError);
  });

  it('--help needs no run', () => {
    expect(parseDoctorArgs(['--help']).help).toBe(true);
  });
});
