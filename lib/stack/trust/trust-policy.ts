/**
 * The whole trust policy document for a set of trust conditions, as IAM stores it: what the role
 * construct renders, for the checks that need the document without synthesizing (its length
 * against IAM's quota, what `npm run configure` verifies before it writes).
 */
import { renderTrustStatements, type TrustConditionsProps } from './trust-conditions';

/** A trust policy statement for `sts:AssumeRoleWithWebIdentity` from the GitHub OIDC provider. */
export interface WebIdentityStatement {
  readonly Effect: 'Allow';
  readonly Principal: { readonly Federated: string };
  readonly Action: 'sts:AssumeRoleWithWebIdentity';
  readonly Condition: ReturnType<typeof renderTrustStatements>[number];
}

/** The policy document, with the provider of `account` (any account will do for its size). */
export function trustPolicyDocument(
  props: TrustConditionsProps,
  partition: string,
  account: string,
): { Version: '2012-10-17'; Statement: WebIdentityStatement[] } {
  return {
    Version: '2012-10-17',
    Statement: renderTrustStatements(props).map((condition) => ({
      Effect: 'Allow',
      Principal: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${props.issuerHost}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: condition,
    })),
  };
}
