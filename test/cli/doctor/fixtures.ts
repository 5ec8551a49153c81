/**
 * The doctor's inputs without synthesis: settings from test/support/fixture-settings.ts (never
 * cdk.json's), the trust policy those settings render (lib/stack/trust/trust-conditions.ts, the
 * stack's own pure renderer, with the Principal the template resolves to), tokens as GitHub builds
 * them (lib/iam/github-token.ts) and STS's decision from the independent evaluator.
 */
import * as fs from 'fs';
import * as path from 'path';
import { configFor, registryFor } from '../../../lib/cli/settings';
import type { Cause } from '../../../lib/cli/doctor/cause';
import { diagnose } from '../../../lib/cli/doctor/diagnose';
import type { DiagnosisInput } from '../../../lib/cli/doctor/detectors';
import { explainedStatement } from '../../../lib/cli/doctor/explained-statement';
import type { ReportHeader } from '../../../lib/cli/doctor/report-header';
import { TOP_LEVEL } from '../../../lib/cli/doctor/setting-change';
import { examineRun, RunFindings } from '../../../lib/cli/doctor/run-check';
import type { DoctorToken } from '../../../lib/cli/doctor/token';
import type { Synthesizer } from '../../../lib/cli/doctor/synth';
import {
  githubClaims,
  GitHubOidcClaims,
  GitHubRunSpec,
  stsRequestForToken,
  StsTarget,
} from '../../../lib/iam/github-token';
import { Decision, evaluatePolicy, PolicyDocument } from '../../../lib/iam/policy-evaluator';
import type { AppConfig } from '../../../lib/stack/config';
import { trustPolicyDocument } from '../../../lib/stack/trust/trust-policy';
import { fixtureSettings } from '../../support/fixture-settings';

/** The fixture repository, as FIXTURE_SETTINGS names it. */
export const OWNER = 'Octo-Org';
export const REPO = 'octo-service';
export const FULL_NAME = `${OWNER}/${REPO}`;
/** The fixture role's name (`${env}-github-actions`). */
export const ROLE = 'test-github-actions';
/** Settings that switch the role to immutable IDs. */
export const IDS = { githubOwnerId: '1001', githubRepositoryId: '2002' } as const;

/** The account the doctor evaluates in (PLACEHOLDER_ACCOUNT: synthesis does not know the account). */
export const ACCOUNT = '123456789012';
export const TARGET: StsTarget = Object.freeze({ account: ACCOUNT, partition: 'aws' });

/** Validated settings: the fixture settings with some changed (values as `-c` would give them). */
export function fixtureConfig(overrides: Readonly<Record<string, unknown>> = {}): AppConfig {
  return configFor(fixtureSettings(overrides));
}

/** The deploy role's trust policy for `config`, as the template resolves it for ACCOUNT. */
export function trustPolicyFor(config: AppConfig): PolicyDocument {
  return trustPolicyDocument(config, config.partition, ACCOUNT);
}

/** A run's claims as GitHub sends them: the fixture repository unless `spec` names another. */
export function claimsOf(spec: Partial<GitHubRunSpec> & Pick<GitHubRunSpec, 'trigger'>): GitHubOidcClaims {
  return githubClaims({ owner: OWNER, repository: REPO, ...spec });
}

/** What STS decides for these claims and this trust policy. */
export function decide(trustPolicy: PolicyDocument, claims: GitHubOidcClaims): Decision {
  return evaluatePolicy(trustPolicy, stsRequestForToken(claims, TARGET));
}

/** The settings, the decision for `claims` and its causes (diagnose, called directly). */
export function diagnosed(
  claims: GitHubOidcClaims,
  overrides: Readonly<Record<string, unknown>> = {},
): { config: AppConfig; decision: Decision; causes: Cause[] } {
  const config = fixtureConfig(overrides);
  const decision = decide(trustPolicyFor(config), claims);
  return { config, decision, causes: diagnose(decision, claims, config) };
}

/** A token as the doctor hands it to its reports. */
export function asToken(claims: GitHubOidcClaims, source: DoctorToken['source'] = 'claims-file'): DoctorToken {
  return { claims, source, description: `a run of ${String(claims.repository)}`, filledIn: [], notes: [] };
}

/** What the doctor finds for a token under the fixture settings with `overrides`. */
export function findingsFor(token: DoctorToken, overrides: Readonly<Record<string, unknown>> = {}): RunFindings {
  const config = fixtureConfig(overrides);
  return examineRun({ token, trustPolicy: trustPolicyFor(config), target: TARGET, config });
}

/** A report header for the fixture role. */
export const HEADER: ReportHeader = Object.freeze({
  stack: 'test-github-oidc-ecr',
  role: { logicalId: 'DeployRole', name: ROLE },
  template: { path: 'cdk.out/test-github-oidc-ecr.template.json', synthesized: false, reason: 'fixture' },
});

/**
 * A `Synthesizer` that writes, instead of the CDK's cloud assembly, a template holding only the
 * deploy role with the trust policy the settings render: the doctor's own steps (whether to
 * synthesize, reading the template, resolving the role) run unchanged, without loading the CDK.
 * The real synthesizer runs in run-doctor.test.ts and cli-process.test.ts.
 */
export const renderedSynthesizer: Synthesizer = (context, outdir) => {
  const config = configFor(context);
  const template = {
    Resources: {
      DeployRole: {
        Type: 'AWS::IAM::Role',
        Properties: { RoleName: config.roleName, AssumeRolePolicyDocument: trustPolicyFor(config) },
      },
    },
  };
  fs.mkdirSync(outdir, { recursive: true });
  fs.writeFileSync(path.join(outdir, `${config.stackName}.template.json`), JSON.stringify(template));
};

/**
 * `renderedSynthesizer` for settings with `repositories`: a cloud assembly as the app lays it out
 * (a manifest naming one template per registry stack, each holding the deploy roles of the
 * repositories it serves, with the trust policies their settings render).
 */
export const renderedRegistrySynthesizer: Synthesizer = (context, outdir) => {
  const stacks = new Map<string, Record<string, unknown>>();
  registryFor(context).repositories.forEach((config, i) => {
    const resources = stacks.get(config.stackName) ?? {};
    resources[`DeployRole${i}`] = {
      Type: 'AWS::IAM::Role',
      Properties: { RoleName: config.roleName, AssumeRolePolicyDocument: trustPolicyFor(config) },
    };
    stacks.set(config.stackName, resources);
  });
  fs.mkdirSync(outdir, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  for (const [stackName, resources] of stacks) {
    const templateFile = `${stackName}.template.json`;
    fs.writeFileSync(path.join(outdir, templateFile), JSON.stringify({ Resources: resources }));
    artifacts[stackName] = { type: 'aws:cloudformation:stack', properties: { templateFile } };
  }
  fs.writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }));
};

/** A detector's input for `claims` under the fixture settings with `overrides`, nothing found before. */
export function inputFor(
  claims: GitHubOidcClaims,
  overrides: Readonly<Record<string, unknown>> = {},
  found: readonly Cause[] = [],
): DiagnosisInput {
  const config = fixtureConfig(overrides);
  const decision = decide(trustPolicyFor(config), claims);
  const failures = explainedStatement(decision, claims)?.statement.mismatches ?? [];
  return { decision, claims, config, scope: TOP_LEVEL, failures, found };
}

/** A job's permissions and the step that assumes the role (the lines under the job's key). */
export const ASSUMES_ROLE = [
  '    permissions:',
  '      contents: read',
  '      id-token: write',
  '    steps:',
  '      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3',
  '        with:',
  '          role-to-assume: ${{ vars.AWS_ROLE_ARN }}',
  '          aws-region: ${{ vars.AWS_REGION }}',
];
