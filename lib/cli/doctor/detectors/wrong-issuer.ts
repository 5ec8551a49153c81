/**
 * `wrong-issuer`: the token's issuer is not the OIDC provider the role trusts (another GitHub
 * host, not GitHub at all, or a provider of another account).
 */
import { providerNameOf } from '../../../iam/github-token';
import { deployAll, settingFix } from '../setting-change';
import { Detector, principalFailure } from './input';

export const wrongIssuer: Detector = (input) => {
  const principal = principalFailure(input);
  if (!principal) return [];
  const { claims, config } = input;
  const iss = String(claims.iss);
  const host = providerNameOf(iss);
  const trustedList = principal.policyValues.map((t) => t.replace(/^Federated:/, '')).join(', ');
  if (host !== config.issuerHost) {
    const gitHubIssuer = host.endsWith('.ghe.com') || host === 'token.actions.githubusercontent.com';
    return [
      {
        id: 'wrong-issuer',
        message: `The token was issued by ${iss}, but the role trusts the OIDC provider for ${config.issuerHost} (${trustedList}).`,
        fix: [
          gitHubIssuer
            ? `If this stack is for workflows whose tokens come from ${iss}, set the issuer: ${settingFix(input.scope, { githubOidcHost: host })}.`
            : `${host} is not a GitHub Actions issuer: the token does not come from a GitHub Actions run.`,
        ],
      },
    ];
  }
  return [
    {
      id: 'wrong-issuer',
      message: `The role trusts ${trustedList}, which is not the provider STS finds for ${iss} in the role's account.`,
      fix: [
        `STS looks the issuer up in the role's own account: use createOidcProvider=true (or false to import this account's provider) instead of an oidcProviderArn from another account, ${deployAll(input.scope)}.`,
      ],
    },
  ];
};
