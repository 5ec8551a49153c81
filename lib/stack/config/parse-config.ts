/**
 * The whole configuration, read concept by concept in a fixed order (the order decides which
 * problem a user sees first): misspelt keys, deployment, repository, subjects, workflow pin and
 * trust-policy size, provider, role, image repository.
 *
 * Pure: no CDK constructs, so every rule can be tested without synthesizing.
 */
import { GitHubRepository } from '../github-repository';
import { SubjectFilter } from '../trust/subject-filter';
import { Deployment, readDeployment } from './deployment';
import { ImageRepositorySettings, readImageRepository } from './image-repository';
import { OidcProviderSource, readOidcProvider } from './provider';
import { SettingReader } from './reader';
import { readRepository } from './repository';
import { readRole, RoleSettings } from './role';
import { ContextReader } from './settings';
import { readSubjects } from './subjects';
import { checkTrustPolicySize, readTrustPolicyMaxChars } from './trust-policy-size';
import { rejectUnknownKeys } from './unknown-keys';
import { readWorkflowPin } from './workflow-pin';

/** The validated configuration the stack is built from. */
export interface AppConfig extends Deployment, RoleSettings, ImageRepositorySettings {
  readonly repository: GitHubRepository;
  /** Trusted runs, in the order: branches, tags, environments, pull requests. */
  readonly subjects: readonly SubjectFilter[];
  readonly workflowFile?: string;
  readonly oidcProvider: OidcProviderSource;
}

/**
 * Parses and validates the whole configuration. Throws `ConfigError` on the first bad setting.
 *
 * @param read reads one context key (e.g. `key => app.node.tryGetContext(key)`)
 * @param presentKeys every context key that is set, to catch misspelt settings
 */
export function parseConfig(read: ContextReader, presentKeys: readonly string[] = []): AppConfig {
  rejectUnknownKeys(presentKeys, read);
  const s = new SettingReader(read);

  const deployment = readDeployment(s);
  const { partition, issuerHost } = deployment;
  const repository = readRepository(s);
  const subjects = readSubjects(s);
  const workflowFile = readWorkflowPin(s);
  checkTrustPolicySize({ issuerHost, repository, subjects, workflowFile }, partition, readTrustPolicyMaxChars(s));
  const oidcProvider = readOidcProvider(s, partition, issuerHost);
  const role = readRole(s, deployment.env, partition);
  const trustedTags = subjects.filter((x) => x.kind === 'tag').map((x) => x.pattern);
  const image = readImageRepository(s, deployment, trustedTags);

  return {
    ...deployment,
    repository,
    subjects,
    workflowFile,
    oidcProvider,
    ...role,
    ...image,
  };
}
