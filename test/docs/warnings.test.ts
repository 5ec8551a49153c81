/**
 * Every warning the app prints at synth is explained on docs/warnings.md under its exact
 * acknowledgement ID (`Annotation::github-oidc-ecr:ID`), and the page explains no other. The
 * warnings are collected from warnAboutSettings itself, on settings that trigger each one (no
 * synthesis), and the source is read to make sure no warning is added anywhere else.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { parseConfig, parseSettings } from '../../lib/stack/config';
import { PLACEHOLDER_REPOSITORY } from '../../lib/stack/github-repository';
import { warnAboutSettings, warnAboutStage } from '../../lib/stack/repository-warnings';
import { fixtureSettings } from '../support/fixture-settings';
import { STAGING } from '../support/stage-settings';
import { headings, readDoc, ROOT } from './markdown';

const PAGE = 'docs/warnings.md';
const WARNINGS_SOURCE = 'lib/stack/repository-warnings.ts';

/** Settings that set off every warning warnAboutSettings knows. */
const EVERY_WARNING = fixtureSettings({
  githubOwner: PLACEHOLDER_REPOSITORY.owner,
  githubRepository: PLACEHOLDER_REPOSITORY.name,
  allowedEnvironments: ['production'],
  allowPullRequests: true,
  workflowFile: '',
});
/** A stage's warning (stages are refused beside workflowFile "", so they come on their own). */
const STAGE_WARNING = fixtureSettings({ deployStages: [STAGING] });

/** The acknowledgement IDs of the warnings warnAboutSettings (and warnAboutStage per stage) add for `settings`. */
function warningIds(settings: Readonly<Record<string, unknown>>): string[] {
  const scope = new Construct(new Stack(new App(), 'Docs'), 'DeployRole');
  const read = (key: string) => settings[key];
  warnAboutSettings(scope, parseConfig(read, Object.keys(settings)));
  for (const stage of parseSettings(read, Object.keys(settings)).deployStages) warnAboutStage(scope, stage);
  return scope.node.metadata
    .filter((m) => m.type === 'aws:cdk:warning')
    .map((m) => /\[ack: ([^\]]+)\]$/.exec(String(m.data))?.[1] ?? `(no ack id) ${String(m.data)}`)
    .map((id) => `Annotation::${id}`);
}

/** The lib/ files that add a CDK warning. */
function filesAddingWarnings(dir = path.join(ROOT, 'lib')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesAddingWarnings(file);
    const adds = /\baddWarning(?:V2)?\s*\(/.test(fs.readFileSync(file, 'utf8'));
    return entry.name.endsWith('.ts') && adds ? [path.relative(ROOT, file)] : [];
  });
}

const page = readDoc(PAGE);
const documented = [...new Set([...page.matchAll(/Annotation::github-oidc-ecr:[a-z0-9-]+/g)].map((m) => m[0]))];
const printed = [...new Set([...warningIds(EVERY_WARNING), ...warningIds(STAGE_WARNING)])];

test(`only ${WARNINGS_SOURCE} adds warnings`, () => {
  expect(filesAddingWarnings()).toEqual([WARNINGS_SOURCE]);
});

test('the settings here set off every warning the source names', () => {
  const source = fs.readFileSync(path.join(ROOT, WARNINGS_SOURCE), 'utf8');
  const named = [...source.matchAll(/\bwarn\(\s*'([a-z0-9-]+)'/g)].map((m) => `Annotation::github-oidc-ecr:${m[1]}`);
  expect(named.length).toBeGreaterThan(0);
  expect([...printed].sort()).toEqual([...named].sort());
});

test(`${PAGE} explains every warning the app prints, by its exact ID, and no other`, () => {
  expect([...documented].sort()).toEqual([...printed].sort());
});

test.each(printed)('%s has a section of its own', (id) => {
  const name = id.replace('Annotation::github-oidc-ecr:', '');
  expect(headings(page).map((h) => h.text)).toContain(`\`${name}\``);
});

test('the fixture settings alone print no warning but the name-based one', () => {
  expect(warningIds(fixtureSettings())).toEqual(['Annotation::github-oidc-ecr:name-based-subjects']);
});
