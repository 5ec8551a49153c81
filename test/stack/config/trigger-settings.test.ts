import { parseSettings } from '../../../lib/stack/config';
import { ownTriggerSettings, TRIGGER_SETTINGS } from '../../../lib/stack/config/trigger-settings';
import { fixtureSettings } from '../../support/fixture-settings';
import { registrySettings, THREE_REPOSITORIES } from '../../support/registry-settings';

const own = (context: Readonly<Record<string, unknown>>) => ownTriggerSettings((key) => context[key]);

describe('ownTriggerSettings', () => {
  test('one repository without repositories: it takes the top-level triggers', () => {
    expect(own(fixtureSettings({ allowedTags: ['v*'], allowPullRequests: true }))).toEqual([[]]);
  });

  test("each entry's own trigger settings, in the listed order, whatever other keys it sets", () => {
    // octo-service sets nothing; Billing.API its branches and tags (and IDs, an ECR name: not
    // triggers); web-front its branches, environments and workflow file (and a role name).
    expect(own(registrySettings(THREE_REPOSITORIES))).toEqual([
      [],
      ['allowedBranches', 'allowedTags'],
      ['allowedBranches', 'allowedEnvironments', 'workflowFile'],
    ]);
  });

  test('a key set to the top-level value, or to "", is still the entry\'s own', () => {
    const entries = [
      { githubRepository: 'service-a', allowedBranches: ['main'] },
      { githubRepository: 'service-b', workflowFile: '' },
      { githubRepository: 'service-c', allowPullRequests: false },
    ];
    expect(own(registrySettings(entries))).toEqual([['allowedBranches'], ['workflowFile'], ['allowPullRequests']]);
  });

  test('repositories as JSON text (-c), in the order parseSettings serves them', () => {
    const context = registrySettings([]);
    context.repositories = JSON.stringify([
      { githubRepository: 'service-b', allowedTags: ['v*'] },
      { githubRepository: 'service-a' },
    ]);
    expect(own(context)).toEqual([['allowedTags'], []]);
    const served = parseSettings((key) => context[key], Object.keys(context)).repositories;
    expect(served.map((r) => r.repository.name)).toEqual(['service-b', 'service-a']);
  });

  test('the trigger settings are the ones that decide the trusted runs and the pinned file', () => {
    // Changing any of them changes the subjects or the pin parseSettings gives the entry.
    const base = registrySettings([{ githubRepository: 'service-a' }]);
    const trust = (entry: Record<string, unknown>) => {
      const [config] = parseSettings((key) => ({ ...base, repositories: [entry] })[key]).repositories;
      return JSON.stringify([config.subjects.map(String), config.workflowFile]);
    };
    const changed: Record<string, unknown> = {
      allowedBranches: ['other'],
      allowedTags: ['v*'],
      allowedEnvironments: ['production'],
      allowPullRequests: true,
      workflowFile: '.github/workflows/other.yml',
    };
    expect(Object.keys(changed)).toEqual([...TRIGGER_SETTINGS]);
    for (const key of TRIGGER_SETTINGS) {
      expect([key, trust({ githubRepository: 'service-a', [key]: changed[key] })]).not.toEqual([
        key,
        trust({ githubRepository: 'service-a' }),
      ]);
    }
  });
});
