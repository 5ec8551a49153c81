/**
 * The doctor with `repositories`: `--repository OWNER/REPO` chooses whose role is checked (in the
 * registry stack that serves it), for generated runs and for --workflow; one synth of the app
 * serves them all.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ensureTemplate, synthesizeInProcess, synthNeeded } from '../../../lib/cli/doctor/synth';
import { effectiveContext, registryFor } from '../../../lib/cli/settings';
import { registrySettings, THREE_REPOSITORIES } from '../../support/registry-settings';
import { renderedRegistrySynthesizer } from './fixtures';
import { doctorRunner, REPO_ROOT, tempDir, tempRoot } from './helpers';

const doctor = doctorRunner(tempRoot({ context: registrySettings(THREE_REPOSITORIES) }), synthesizeInProcess);

describe('doctor --repository with repositories', () => {
  test.each([
    ['Octo-Org/web-front', ['--branch', 'release/2.0'], 0],
    ['Octo-Org/web-front', ['--branch', 'main'], 1],
    ['Octo-Org/octo-service', ['--branch', 'main'], 0],
    ['Octo-Org/octo-service', ['--branch', 'release/2.0'], 1],
    ['Other-Team/Billing.API', ['--tag', 'v3.0.0'], 0],
    ['Other-Team/Billing.API', ['--branch', 'main'], 1],
  ])('%s %j: exit %d', (repository, run, code) => {
    expect(doctor(['--repository', repository, ...run])).toMatchObject({ code, stderr: '' });
  });

  test("the report names that repository's role and the stack that serves it", () => {
    const report = JSON.parse(
      doctor(['--repository', 'Octo-Org/web-front', '--branch', 'release/2.0', '--json']).stdout,
    );
    expect(report).toMatchObject({
      stack: expect.stringMatching(/^test-github-oidc-ecr-[1-4]$/),
      role: { name: 'test-web-front-deployer' },
    });
  });

  test("--workflow's consistency problems name the chosen repository's entry, not the top level", () => {
    const out = doctor(['--workflow', '--repository', 'Octo-Org/web-front']);
    expect(out.stdout).toContain('in cdk.json repositories[2] (Octo-Org/web-front)');
    expect(out.stdout).not.toMatch(
      /(allowedBranches|allowedEnvironments|workflowFile)[^\n]* in cdk\.json(?!,? repositories)/,
    );
  });

  test('--workflow checks the workflow against the chosen role', () => {
    const out = doctor(['--workflow', '--repository', 'Octo-Org/web-front', '--json']);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toMatchObject({ role: { name: 'test-web-front-deployer' } });
  });

  test.each([
    [
      [],
      /^doctor: the settings list 3 repositories: name the one whose role to check with --repository OWNER\/REPO \(Octo-Org\/octo-service, Other-Team\/Billing.API, Octo-Org\/web-front\)\n$/,
    ],
    [
      ['--repository', 'Octo-Org/nope'],
      /^doctor: --repository Octo-Org\/nope is not one of repositories \(Octo-Org\/octo-service, /,
    ],
  ])('%j: exit 2, one line', (argv, stderr) => {
    expect(doctor([...argv, '--branch', 'main'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(stderr),
    });
  });
});

/** The context `cdk synth` adds to the app's (the CDK CLI's defaults: contextFromSettings in aws-cdk). */
const CDK_CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
};

describe('one synth serves every repository', () => {
  test('checking another repository with the same settings reads its template from the same synth', () => {
    doctor(['--repository', 'Octo-Org/web-front', '--branch', 'release/2.0']);
    const next = doctor(['--repository', 'Other-Team/Billing.API', '--tag', 'v3.0.0']);
    expect(next.stdout).toMatch(/^Role: .*\(the template is current for these settings\)\n/);
  });

  test('so does a cdk synth with the same settings since, though it adds metadata the doctor leaves out', () => {
    const root = tempRoot({ context: registrySettings(THREE_REPOSITORIES) });
    const outdir = tempDir('doctor-out');
    const context = effectiveContext(root, {});
    const [first, second] = registryFor(context).repositories;
    ensureTemplate(root, outdir, first, context, { synthesize: synthesizeInProcess });
    synthesizeInProcess({ ...context, ...CDK_CLI_CONTEXT }, outdir);
    const template = fs.readFileSync(path.join(outdir, `${second.stackName}.template.json`), 'utf8');
    expect(template).toContain('"aws:cdk:path"');
    expect(template).toContain('AWS::CDK::Metadata');
    expect(synthNeeded(root, outdir, second.stackName, context)).toEqual({
      needed: false,
      reason: 'the template is current for these settings',
    });
  });
});

describe('docs/doctor.md "With repositories"', () => {
  test("shows the doctor's real fix for the settings of docs/many-repositories.md", () => {
    const docs = (file: string) => fs.readFileSync(path.join(REPO_ROOT, 'docs', file), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(docs('many-repositories.md'))![1];
    const docsDoctor = doctorRunner(tempRoot(JSON.parse(example)), renderedRegistrySynthesizer);
    const printed = docsDoctor(['--repository', 'my-org/payments-api', '--branch', 'feature-x']).stdout;
    const cause = printed.slice(printed.indexOf('Cause ['), printed.indexOf('\nNotes:')).trimEnd();
    expect(cause).toContain('in cdk.json, repositories[0] (my-org/payments-api): "allowedBranches"');
    expect(docs('doctor.md')).toContain(`\n${cause}\n\`\`\``);
  });
});
