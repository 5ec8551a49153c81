/** Where the role's identity provider comes from: created here, the account's, or a named ARN. */
import { checkOidcProviderArn } from '../rules/aws-names';
import { SettingReader } from './reader';

/** Where the role's identity provider comes from. */
export type OidcProviderSource =
  | { readonly kind: 'create' }
  | { readonly kind: 'import-account' }
  | { readonly kind: 'import-arn'; readonly arn: string };

/**
 * Reads createOidcProvider (default true) and oidcProviderArn. A named provider ARN always means
 * "import", whatever createOidcProvider says: there can be only one provider per URL.
 */
export function readOidcProvider(s: SettingReader, partition: string, issuerHost: string): OidcProviderSource {
  const createOidcProvider = s.boolean('createOidcProvider', true);
  const providerArn = s.optionalString('oidcProviderArn', (v) => checkOidcProviderArn(v, partition, issuerHost));
  if (providerArn) return { kind: 'import-arn', arn: providerArn };
  return createOidcProvider ? { kind: 'create' } : { kind: 'import-account' };
}
