/**
 * The app's template for a set of settings, synthesized in-process (once per setting and test
 * file), and its deploy role's policies with CloudFormation intrinsics resolved for one concrete
 * deployment, ready for the independent evaluator.
 */
import {
  CfnTemplate,
  DeploymentTarget,
  identityPoliciesOf,
  managedPolicyArnsOf,
  trustPolicyOf,
  webIdentityRoles,
} from '../../lib/iam/cfn-template';
import { GitHubOidcClaims, stsRequestForToken } from '../../lib/iam/github-token';
import { Decision, evaluatePolicy, PolicyDocument } from '../../lib/iam/policy-evaluator';
import { templateFor } from '../support/fixture-app';
import { fixtureSettings } from '../support/fixture-settings';

export const ACCOUNT = '123456789012';
/** The fixture settings' region, where the stack deploys. */
export const REGION = 'eu-west-1';
/** Where the template is deployed (it names no account or region of its own: those resolve to these). */
export const TARGET: DeploymentTarget = Object.freeze({ account: ACCOUNT, region: REGION, partition: 'aws' });

export interface SynthesizedStack {
  readonly template: CfnTemplate;
  readonly roleId: string;
  readonly trustPolicy: PolicyDocument;
  readonly identityPolicies: PolicyDocument[];
  readonly managedPolicyArns: string[];
}

const synthesized = new Map<string, SynthesizedStack>();

/**
 * The stack for exactly these settings (a whole context, as cdk.json's would be; cdk.json's CDK
 * feature flags are added), synthesized once per test file.
 */
export function synthesizeSettings(settings: Readonly<Record<string, unknown>>): SynthesizedStack {
  const key = JSON.stringify(settings);
  const known = synthesized.get(key);
  if (known) return known;
  const template = templateFor(settings) as CfnTemplate;
  const roles = webIdentityRoles(template);
  if (roles.length !== 1) throw new Error(`expected one web-identity role, found ${roles.length}`);
  const roleId = roles[0];
  const result: SynthesizedStack = {
    template,
    roleId,
    trustPolicy: trustPolicyOf(template, roleId, TARGET),
    identityPolicies: identityPoliciesOf(template, roleId, TARGET),
    managedPolicyArns: managedPolicyArnsOf(template, roleId, TARGET),
  };
  synthesized.set(key, result);
  return result;
}

/** The stack for the fixture settings (test/support/fixture-settings.ts) with `overrides` (values as `-c` would pass them). */
export function synthesize(overrides: Readonly<Record<string, unknown>> = {}): SynthesizedStack {
  return synthesizeSettings(fixtureSettings(overrides));
}

/** What STS decides when a run with these claims asks to assume the role in ACCOUNT. */
export function assumeRole(stack: SynthesizedStack, claims: GitHubOidcClaims): Decision {
  return evaluatePolicy(stack.trustPolicy, stsRequestForToken(claims, TARGET));
}
