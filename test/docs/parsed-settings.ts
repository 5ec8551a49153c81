/**
 * Each setting's value as the configuration parser produced it, read back from the parsed
 * configuration (or, for a value the configuration does not keep, from the setting's own reader).
 * The docs tests compare these with the documented defaults: the values come from the parser,
 * never from a copy in a test.
 */
import { ContextReader, RegistryConfig, SettingKey } from '../../lib/stack/config';
import { SettingReader } from '../../lib/stack/config/reader';
import { readTrustPolicyMaxChars } from '../../lib/stack/config/trust-policy-size';

/** Reads one setting's parsed value from the whole parsed configuration and the context it came from. */
export type ParsedValue = (registry: RegistryConfig, read: ContextReader) => unknown;

const one = (registry: RegistryConfig) => registry.repositories[0];
const patterns = (registry: RegistryConfig, kind: string) =>
  one(registry)
    .subjects.filter((s) => s.kind === kind)
    .map((s) => s.pattern);

/**
 * Where each setting ends up after parsing. A setting missing here is reported by the settings
 * docs test: add how to read its parsed value.
 */
export const PARSED_VALUES: Partial<Record<SettingKey, ParsedValue>> = {
  env: (r) => one(r).env,
  region: (r) => one(r).region,
  githubOwner: (r) => one(r).repository.owner,
  githubRepository: (r) => one(r).repository.name,
  githubOwnerId: (r) => one(r).repository.ownerId,
  githubRepositoryId: (r) => one(r).repository.repositoryId,
  githubOidcHost: (r) => one(r).issuerHost,
  allowedBranches: (r) => patterns(r, 'branch'),
  allowedTags: (r) => patterns(r, 'tag'),
  allowedEnvironments: (r) => patterns(r, 'environment'),
  allowPullRequests: (r) => one(r).subjects.some((s) => s.kind === 'pull_request'),
  workflowFile: (r) => one(r).workflowFile,
  createOidcProvider: (r) => one(r).oidcProvider.kind === 'create',
  oidcProviderArn: (r) => {
    const provider = one(r).oidcProvider;
    return provider.kind === 'import-arn' ? provider.arn : undefined;
  },
  roleName: (r) => one(r).roleName,
  permissionsBoundaryArn: (r) => one(r).permissionsBoundaryArn,
  ecrRepositoryName: (r) => one(r).ecrRepositoryName,
  untaggedImageExpiryDays: (r) => one(r).untaggedImageExpiryDays,
  ecrEncryption: (r) => one(r).encryption,
  ecrKmsKeyArn: (r) => one(r).kmsKeyArn,
  movingTags: (r) => one(r).movingTags,
  stackName: (r) => r.stackName,
  repositories: (r) => (r.listed ? r.repositories.map((x) => x.repository.fullName) : undefined),
  pullAccounts: (r) => one(r).pullAccess.accounts,
  pullOrganizationId: (r) => one(r).pullAccess.organizationId,
  // Checked while parsing, not kept in the configuration: its own reader gives its value.
  trustPolicyMaxChars: (_r, read) => readTrustPolicyMaxChars(new SettingReader(read)),
  deployStages: (r) => r.deployStages.map((stage) => stage.name),
};
