/**
 * Gets the app's template for a set of context overrides (synthesized once per run and shared,
 * see test/support/templates.ts; each distinct set parsed once per jest worker) and hands out its deploy role's policies with CloudFormation intrinsics resolved
 * for one concrete deployment, ready for the independent evaluator.
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
import { deepFreeze } from '../support/deep-freeze';
import { templateJson } from '../support/templates';

export const ACCOUNT = '123456789012';
export const REGION = 'ap-northeast-1';
export const TARGET: DeploymentTarget = Object.freeze({ account: ACCOUNT, region: REGION, partition: 'aws' });

export interface SynthesizedStack {
  readonly template: CfnTemplate;
  readonly roleId: string;
  readonly trustPolicy: PolicyDocument;
  readonly identityPolicies: PolicyDocument[];
  readonly managedPolicyArns: string[];
}

const cache = new Map<string, SynthesizedStack>();

/**
 * The stack for cdk.json's context plus `overrides` (values as `-c` would pass them), synthesized
 * once. Frozen: every test file a worker runs gets this same object, so a test that changed it
 * would change what later files see; changing it throws instead.
 */
export function synthesize(overrides: Record<string, unknown> = {}): SynthesizedStack {
  const cacheKey = JSON.stringify(overrides);
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const template = JSON.parse(templateJson(overrides)) as CfnTemplate;
  const roles = webIdentityRoles(template);
  if (roles.length !== 1) throw new Error(`expected one web-identity role, found ${roles.length}`);
  const roleId = roles[0];
  const result: SynthesizedStack = deepFreeze({
    template,
    roleId,
    trustPolicy: trustPolicyOf(template, roleId, TARGET),
    identityPolicies: identityPoliciesOf(template, roleId, TARGET),
    managedPolicyArns: managedPolicyArnsOf(template, roleId, TARGET),
  });
  cache.set(cacheKey, result);
  return result;
}

/** What STS decides when a run with these claims asks to assume the role in ACCOUNT. */
export function assumeRole(stack: SynthesizedStack, claims: GitHubOidcClaims): Decision {
  return evaluatePolicy(stack.trustPolicy, stsRequestForToken(claims, TARGET));
}
