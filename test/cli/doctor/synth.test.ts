/**
 * When the doctor synthesizes: a missing template, sources newer than it, other `-c` settings, or
 * a template someone else wrote since. Uses a throw-away root and cdk.out.
 */
import * as fs from 'fs';
import * as path from 'path';
import { configFor, effectiveContext } from '../../../lib/cli/settings';
import {
  ensureTemplate,
  SYNTH_RECORD,
  synthNeeded,
  Synthesizer,
  validationFailureSummary,
} from '../../../lib/cli/doctor/synth';
import { renderedSynthesizer } from './fixtures';
import { doctorRunner, tempDir, tempRoot } from './helpers';

const STACK = 'test-github-oidc-ecr';

function setup() {
  const root = tempRoot();
  const outdir = tempDir('doctor-out');
  const context = effectiveContext(root, {});
  return { root, outdir, context, config: configFor(context) };
}

describe('effectiveContext', () => {
  it('is cdk.context.json, then cdk.json over it, then -c (as the CDK CLI layers them: test/cli/settings.test.ts)', () => {
    const root = tempRoot({
      context: { env: 'dev', region: 'ap-northeast-1', githubOwner: 'o', githubRepository: 'r' },
    });
    fs.writeFileSync(path.join(root, 'cdk.context.json'), JSON.stringify({ region: 'us-east-1', roleName: 'cached' }));
    expect(effectiveContext(root, { githubRepository: 'other' })).toEqual({
      env: 'dev',
      region: 'ap-northeast-1',
      roleName: 'cached',
      githubOwner: 'o',
      githubRepository: 'other',
    });
  });
});

// These check when the doctor decides to synthesize, with a synthesizer that writes the role's
// rendered trust policy only (renderedSynthesizer: no CDK). The doctor's own synthesizer
// (synthesizeInProcess) runs in run-doctor.test.ts, and in cli-process.test.ts in the process
// `npm run doctor` starts.
const cached = { synthesize: renderedSynthesizer };

describe('synthNeeded / ensureTemplate', () => {
  it('synthesizes when there is no template, then not again for the same settings', () => {
    const { root, outdir, context, config } = setup();
    expect(synthNeeded(root, outdir, STACK, context)).toEqual({
      needed: true,
      reason: `${path.join(outdir, `${STACK}.template.json`)} does not exist`,
    });
    const first = ensureTemplate(root, outdir, config, context, cached);
    expect(first.synthesized).toBe(true);
    // The template it returns is the one just written, for these settings.
    expect(first.template).toEqual(JSON.parse(fs.readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8')));
    expect(JSON.stringify(first.template)).toContain('repo:Octo-Org/octo-service:ref:refs/heads/main');
    expect(fs.existsSync(path.join(outdir, SYNTH_RECORD))).toBe(true);
    const second = ensureTemplate(root, outdir, config, context, cached);
    expect(second).toMatchObject({ synthesized: false, reason: 'the template is current for these settings' });
  });

  it('synthesizes again when -c settings differ, naming them', () => {
    const { root, outdir, context, config } = setup();
    ensureTemplate(root, outdir, config, context, cached);
    const changed = { ...context, allowedBranches: '["main","release"]', allowedTags: '["v*"]' };
    expect(synthNeeded(root, outdir, STACK, changed)).toEqual({
      needed: true,
      reason: 'settings differ from the last synth: allowedBranches, allowedTags',
    });
    const result = ensureTemplate(root, outdir, configFor(changed), changed, cached);
    expect(result.synthesized).toBe(true);
    expect(JSON.stringify(result.template)).toContain('refs/heads/release');
  });

  it('synthesizes when a source is newer than the template', () => {
    const { root, outdir, context, config } = setup();
    ensureTemplate(root, outdir, config, context, cached);
    const file = path.join(root, 'lib', 'changed.ts');
    fs.writeFileSync(file, '// edited\n');
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(file, future, future);
    expect(synthNeeded(root, outdir, STACK, context)).toEqual({
      needed: true,
      reason: path.join('lib', 'changed.ts') + ' is newer than the template',
    });
  });

  it('synthesizes when the template was written by something else (settings unknown)', () => {
    const { root, outdir, context, config } = setup();
    ensureTemplate(root, outdir, config, context, cached);
    const templatePath = path.join(outdir, `${STACK}.template.json`);
    fs.writeFileSync(
      templatePath,
      fs.readFileSync(templatePath, 'utf8').replace('refs/heads/main', 'refs/heads/other'),
    );
    expect(synthNeeded(root, outdir, STACK, context).reason).toBe(
      'the template was synthesized by something else since (settings not known)',
    );
    fs.rmSync(path.join(outdir, SYNTH_RECORD));
    expect(synthNeeded(root, outdir, STACK, context)).toEqual({
      needed: true,
      reason: 'the settings of the last synth are not known',
    });
  });

  it("takes the record of an older doctor (one template's SHA-256, no templates) for unknown settings", () => {
    const { root, outdir, context, config } = setup();
    ensureTemplate(root, outdir, config, context, cached);
    const { templates: _, ...older } = JSON.parse(fs.readFileSync(path.join(outdir, SYNTH_RECORD), 'utf8'));
    fs.writeFileSync(path.join(outdir, SYNTH_RECORD), JSON.stringify({ ...older, templateSha256: 'ab' }));
    expect(synthNeeded(root, outdir, STACK, context)).toEqual({
      needed: true,
      reason: 'the settings of the last synth are not known',
    });
  });

  it('--synth forces a synth', () => {
    const { root, outdir, context, config } = setup();
    const synthesizedFor: unknown[] = [];
    const recording: Synthesizer = (ctx, dir) => {
      synthesizedFor.push(ctx);
      renderedSynthesizer(ctx, dir);
    };
    ensureTemplate(root, outdir, config, context, { synthesize: recording });
    expect(ensureTemplate(root, outdir, config, context, { synthesize: recording })).toMatchObject({
      synthesized: false,
    });
    expect(ensureTemplate(root, outdir, config, context, { synthesize: recording, force: true })).toMatchObject({
      synthesized: true,
      reason: 'asked with --synth',
    });
    expect(synthesizedFor).toEqual([context, context]);
  });
});

describe('the doctor and bad settings', () => {
  const doctor = doctorRunner();

  it.each([
    [
      ['-c', 'githubOwner=-bad'],
      /^doctor: Invalid setting "githubOwner" = "-bad": expected a GitHub user or organisation name/,
    ],
    [['-c', 'allowedBranchs=["main"]'], /did you mean "allowedBranches"\?/],
    [['-c', 'allowedBranches=*'], /^doctor: Invalid setting "allowedBranches" = "\*"/],
    [
      ['-c', 'allowedEnvironments=["prod*"]'],
      /^doctor: Invalid setting "allowedEnvironments" = "prod\*": expected an exact environment name, no "\*"/,
    ],
  ])('%j: one line, exit 2', (settings, message) => {
    const out = doctor(['--branch', 'main', ...settings]);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says in the report whether it synthesized, and why', () => {
    const first = doctor(['--branch', 'main', '-c', 'env=stg']);
    expect(first.stdout).toMatch(
      /^Role: +stg-github-actions, trust policy from .*stg-github-oidc-ecr\.template\.json \(synthesized now: .* does not exist\)/,
    );
    const second = doctor(['--branch', 'main', '-c', 'env=stg']);
    expect(second.stdout).toContain('(the template is current for these settings)');
  });
});

describe('validationFailureSummary', () => {
  it('leaves other errors alone (they are bugs, shown with their stack)', () => {
    expect(validationFailureSummary(new TypeError('x is not a function'))).toBeUndefined();
    expect(validationFailureSummary('a string')).toBeUndefined();
  });
  // The real CDK errors are summarised in test/synth-validation.test.ts, which synthesizes.
});
