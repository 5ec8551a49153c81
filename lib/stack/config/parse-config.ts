/**
 * The whole configuration, read concept by concept in a fixed order (the order decides which
 * problem a user sees first): misspelt keys, deployment, repository, subjects, workflow pin and
 * trust-policy size, provider, role, image repository, pull access, deploy stages. With
 * `repositories`, the deployment and provider are read once and the rest once per entry, in the
 * listed order (and `deployStages` is refused).
 *
 * Pure: no CDK constructs, so every rule can be tested without synthesizing.
 */
import { GitHubRepository } from '../github-repository';
import { SubjectFilter } from '../trust/subject-filter';
import { ConfigError } from './config-error';
import { defaultEcrRepositoryName, defaultRoleName } from './derived-names';
import { DeployStage, readDeployStages, readStageEntries } from './deploy-stages';
import { Deployment, readDeployment } from './deployment';
import { rejectDuplicates } from './duplicates';
import { ImageRepositorySettings, readImageRepository } from './image-repository';
import { OidcProviderSource, readOidcProvider } from './provider';
import { PullAccess, readPullAccess } from './pull-access';
import { SettingReader } from './reader';
import { entryName, entryReader, readRepositoryEntries, RepositoryEntry, withinEntry } from './repository-entries';
import {
  checkRegistryLimits,
  checkRegistryStackNames,
  registryStackName,
  registryStackNumber,
} from './registry-layout';
import { readRepository } from './repository';
import { readRole, RoleSettings } from './role';
import { ContextReader } from './settings';
import { checkStageLimits } from './stage-limits';
import { readSubjects } from './subjects';
import { checkTrustPolicySize, readTrustPolicyMaxChars } from './trust-policy-size';
import { rejectUnknownKeys } from './unknown-keys';
import { readWorkflowPin } from './workflow-pin';

/** The validated configuration of one repository's role and ECR repository. */
export interface AppConfig extends Deployment, RoleSettings, ImageRepositorySettings {
  readonly repository: GitHubRepository;
  /** Trusted runs, in the order: branches, tags, environments, pull requests. */
  readonly subjects: readonly SubjectFilter[];
  readonly workflowFile?: string;
  readonly oidcProvider: OidcProviderSource;
  /** Accounts that may pull the images (none by default). */
  readonly pullAccess: PullAccess;
}

/** The validated configuration of the whole app: one repository, or the `repositories` list. */
export interface RegistryConfig {
  /** True when the settings list `repositories` (even one); false for today's single repository. */
  readonly listed: boolean;
  /**
   * One configuration per repository, in the listed order; at least one. With `repositories`,
   * each one's `stackName` is the registry stack that serves it (see registry-layout.ts).
   */
  readonly repositories: readonly AppConfig[];
  /** The stackName setting: the one stack, or with `repositories` the stack of a created provider. */
  readonly stackName: string;
  /** The ECS stages the one repository's image is delivered to, in promotion order (none when unset). */
  readonly deployStages: readonly DeployStage[];
}

/** What the trusted runs of one repository are. */
type Trust = Pick<AppConfig, 'repository' | 'subjects' | 'workflowFile'>;

/** Reads repository, subjects and workflow pin, and checks the trust policy they render fits IAM's quota. */
function readTrust(s: SettingReader, deployment: Deployment): Trust {
  const repository = readRepository(s);
  const subjects = readSubjects(s);
  const workflowFile = readWorkflowPin(s);
  const props = { issuerHost: deployment.issuerHost, repository, subjects, workflowFile };
  checkTrustPolicySize(props, deployment.partition, readTrustPolicyMaxChars(s));
  return { repository, subjects, workflowFile };
}

/** Reads what holds and may use the images: role, ECR repository, pull access. */
function readStore(s: SettingReader, deployment: Deployment, subjects: readonly SubjectFilter[]) {
  const role = readRole(s, deployment.env, deployment.partition);
  const trustedTags = subjects.filter((x) => x.kind === 'tag').map((x) => x.pattern);
  const image = readImageRepository(s, deployment, trustedTags);
  const pullAccess = readPullAccess(s, deployment.partition);
  return { ...role, ...image, pullAccess };
}

/**
 * Parses and validates the whole configuration. Throws `ConfigError` on the first bad setting.
 *
 * @param read reads one context key (e.g. `key => app.node.tryGetContext(key)`)
 * @param presentKeys every context key that is set, to catch misspelt settings
 */
export function parseSettings(read: ContextReader, presentKeys: readonly string[] = []): RegistryConfig {
  rejectUnknownKeys(presentKeys, read);
  const entries = readRepositoryEntries(read);
  if (entries && readStageEntries(read).length > 0) {
    throw new ConfigError({
      key: 'deployStages',
      value: read('deployStages'),
      accepted:
        'no stages when "repositories" is set: stages deliver the one repository\'s image, and several repositories are not supported with deployStages yet',
    });
  }
  const s = new SettingReader(read);
  const deployment = readDeployment(s);
  if (!entries) {
    const trust = readTrust(s, deployment);
    const oidcProvider = readOidcProvider(s, deployment.partition, deployment.issuerHost);
    const store = readStore(s, deployment, trust.subjects);
    const deployStages = readDeployStages(read, {
      ...deployment,
      pushEnvironments: trust.subjects.filter((x) => x.kind === 'environment').map((x) => x.pattern),
    });
    if (deployStages.length > 0 && trust.workflowFile === undefined) throw unpinnedStages();
    const trustPolicyMaxChars = readTrustPolicyMaxChars(s);
    deployStages.forEach((stage, index) =>
      checkStageLimits(index, stage, { ...deployment, ...trust }, trustPolicyMaxChars),
    );
    const pullAccess = withStageAccounts(store.pullAccess, deployStages);
    const repositories = [{ ...deployment, ...trust, oidcProvider, ...store, pullAccess }];
    return { listed: false, repositories, stackName: deployment.stackName, deployStages };
  }
  checkRegistryStackNames(deployment.stackName);
  const oidcProvider = readOidcProvider(s, deployment.partition, deployment.issuerHost);
  const repositories = entries.map((entry) => {
    const own = readEntry(read, entry, deployment);
    const stackName = registryStackName(deployment.stackName, registryStackNumber(own.repository));
    return { ...deployment, ...own, oidcProvider, stackName };
  });
  rejectDuplicates(
    repositories.map((r) => ({
      githubRepository: r.repository.fullName,
      githubRepositoryId: r.repository.repositoryId,
      ecrRepositoryName: r.ecrRepositoryName,
      roleName: r.roleName,
    })),
  );
  checkRegistryLimits(repositories.map((r) => r.repository));
  return { listed: true, repositories, stackName: deployment.stackName, deployStages: [] };
}

/** A stage role trusts the pinned deploy workflow only: `workflowFile: ""` is refused beside deployStages. */
function unpinnedStages(): ConfigError {
  return new ConfigError({
    key: 'workflowFile',
    value: '',
    accepted:
      'the deploy workflow\'s path (e.g. ".github/workflows/deploy-ecr.yml", the default when unset) while deployStages is set: a stage role trusts only the pinned workflow\'s jobs in its environment; without the pin, any workflow of the repository that names the environment could roll out its services',
  });
}

/**
 * The pull access with every stage account added (each once, after the listed ones), so the
 * stages' task execution roles can pull the image. Unchanged without stages.
 */
function withStageAccounts(pull: PullAccess, stages: readonly DeployStage[]): PullAccess {
  if (stages.length === 0) return pull;
  const accounts = [...new Set([...pull.accounts, ...stages.map((stage) => stage.account)])];
  return { ...pull, accounts };
}

/** One entry of `repositories`, falling back to the top-level settings and derived names. */
function readEntry(read: ContextReader, entry: RepositoryEntry, deployment: Deployment) {
  if (typeof entry.values.githubRepository !== 'string' || entry.values.githubRepository === '') {
    // Checked here so the message names the entry, not the top-level key it may not fall back to.
    throw new ConfigError({
      key: `${entryName(entry.index)}.githubRepository`,
      value: entry.values.githubRepository,
      accepted: 'a non-empty string: every entry names its GitHub repository',
    });
  }
  const trust = withinEntry(read, entry, {}, () => readTrust(new SettingReader(entryReader(read, entry)), deployment));
  const { owner, name } = trust.repository;
  const derived = {
    ecrRepositoryName: defaultEcrRepositoryName(name),
    roleName: defaultRoleName(deployment.env, owner, name),
  };
  const s = new SettingReader(entryReader(read, entry, derived));
  return { ...trust, ...withinEntry(read, entry, derived, () => readStore(s, deployment, trust.subjects)) };
}

/**
 * The configuration of the one repository the settings serve. With `repositories` of more than
 * one entry, throws `ConfigError`: the caller must choose one.
 */
export function parseConfig(read: ContextReader, presentKeys: readonly string[] = []): AppConfig {
  const registry = parseSettings(read, presentKeys);
  if (registry.repositories.length > 1) {
    throw new ConfigError({
      key: 'repositories',
      value: registry.repositories.map((r) => r.repository.fullName),
      accepted: 'one repository here: this command answers for one, so name it (e.g. --repository OWNER/REPO)',
    });
  }
  return registry.repositories[0];
}
