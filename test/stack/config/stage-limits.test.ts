import { ConfigError, parseSettings } from '../../../lib/stack/config';
import { DeployStage } from '../../../lib/stack/config/deploy-stages';
import { checkStageLimits } from '../../../lib/stack/config/stage-limits';
import { pushJobRefs, stageTrust } from '../../../lib/stack/config/stage-trust';
import { GitHubRepository } from '../../../lib/stack/github-repository';
import { SubjectFilter } from '../../../lib/stack/trust/subject-filter';
import { stageSettings, STAGING } from '../../support/stage-settings';

const repository = new GitHubRepository({ owner: 'Octo-Org', name: 'octo-service' });
const issuerHost = 'token.actions.githubusercontent.com';
const WORKFLOW = '.github/workflows/deploy-ecr.yml';

describe('the refs a stage trusts: those the push job runs on', () => {
  test('the refs of allowedBranches and allowedTags, patterns kept', () => {
    expect(
      pushJobRefs([
        SubjectFilter.branch('main'),
        SubjectFilter.tag('v*'),
        SubjectFilter.environment('release'),
        SubjectFilter.pullRequest(),
      ]),
    ).toEqual(['refs/heads/main', 'refs/tags/v*']);
  });

  test('none when the push job is trusted through environments or pull requests only: any branch or tag', () => {
    expect(pushJobRefs([SubjectFilter.environment('release'), SubjectFilter.pullRequest()])).toBeUndefined();
  });

  test("the stage trust: the repository, the stage's environment alone, the workflow pin, those refs", () => {
    const subjects = [SubjectFilter.branch('main'), SubjectFilter.environment('release')];
    expect(stageTrust({ issuerHost, repository, subjects, workflowFile: WORKFLOW }, 'staging')).toEqual({
      issuerHost,
      repository,
      subjects: [SubjectFilter.environment('staging')],
      workflowFile: WORKFLOW,
      environmentRefs: ['refs/heads/main'],
    });
  });
});

describe('checkStageLimits', () => {
  const stage = parseSettings((key) => stageSettings([STAGING])[key]).deployStages[0];
  const trust = { issuerHost, repository, subjects: [SubjectFilter.branch('main')], workflowFile: WORKFLOW };

  const errorOf = (run: () => void): ConfigError => {
    try {
      run();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return err as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  test('the fixture stage fits both limits', () => {
    expect(() => checkStageLimits(0, stage, trust, 2048)).not.toThrow();
  });

  test('a trust policy over the quota names the stage environment, the size and the quota', () => {
    const error = errorOf(() => checkStageLimits(3, stage, trust, 400));
    expect(error.message).toMatch(
      /^Invalid setting "deployStages\[3\]\.environment" = "staging": expected a stage role trust policy within IAM's 400-character quota \(trustPolicyMaxChars\): it trusts this environment on the refs of allowedBranches \(1\) and allowedTags \(0\), \d+ characters in all; /,
    );
  });

  test('a policy over 10,240 characters names the services (through the settings)', () => {
    const services = [...Array(40).keys()].map((i) => `${'s'.repeat(250)}${i}`);
    const settings = stageSettings([{ ...STAGING, services }]);
    const error = errorOf(() => parseSettings((key) => settings[key], Object.keys(settings)));
    expect(error.key).toBe('deployStages[0].services');
    expect(error.message).toMatch(
      /: expected fewer services \(or passRoles\): the stage role's policy names each one's ARN and would be \d{5} characters, over IAM's 10240 for a role's inline policies; split the services over two stages\.$/,
    );
  });

  test('as many services as fit are accepted', () => {
    const services = [...Array(30).keys()].map((i) => `${'s'.repeat(250)}${i}`);
    const settings = stageSettings([{ ...STAGING, services }]);
    const [read]: readonly DeployStage[] = parseSettings((key) => settings[key], Object.keys(settings)).deployStages;
    expect(read.services).toHaveLength(30);
  });
});
