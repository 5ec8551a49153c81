/**
 * The `deployStages` setting: where the pushed image is delivered, in promotion order. Each entry
 * is an account and region, the GitHub environment whose jobs may deploy there, the ECS cluster
 * and services they may update, and the roles the new task definitions may name. Problems name
 * the entry and its key (`deployStages[1].passRoles`), in one line.
 *
 * Pure: no CDK constructs, so every rule can be tested without synthesizing.
 */
import {
  checkAccountId,
  checkEcsName,
  checkRegion,
  checkRoleArnOfAccount,
  checkStackName,
  partitionOf,
} from '../rules/aws-names';
import { checkEnvironmentPattern } from '../rules/ref-pattern';
import { ConfigError } from './config-error';
import { OidcProviderSource, readOidcProvider } from './provider';
import { SettingReader, TextRule } from './reader';
import { ContextReader } from './settings';
import { closestSetting } from './unknown-keys';

/** One stage, validated. */
export interface DeployStage {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** Partition of `region` (`aws`, `aws-cn`, …). */
  readonly partition: string;
  /** The GitHub environment whose jobs may deploy to this stage (exact name). */
  readonly environment: string;
  readonly cluster: string;
  readonly services: readonly string[];
  /** Role ARNs (of the stage's account) the registered task definitions may name. */
  readonly passRoles: readonly string[];
  readonly oidcProvider: OidcProviderSource;
  /** `ENV-NAME-ecs-deploy`. */
  readonly roleName: string;
  /** `STACKNAME-NAME`. */
  readonly stackName: string;
}

/** The keys an entry of `deployStages` may hold. */
export const STAGE_KEYS = [
  'name',
  'account',
  'region',
  'environment',
  'cluster',
  'services',
  'passRoles',
  'createOidcProvider',
  'oidcProviderArn',
] as const;

/** A stage name goes into the stack and role names: kept short. */
export const STAGE_NAME_MAX = 20;

/** The task role and execution role(s) of a few task definitions; more suggests a stage doing too much. */
export const MAX_PASS_ROLES = 10;

/** What the stages take from the rest of the settings. */
export interface StageDefaults {
  /** The deployment label, in the role names. */
  readonly env: string;
  /** The stackName setting, the prefix of the stage stacks' names. */
  readonly stackName: string;
  readonly issuerHost: string;
  /** The push job's environments (top-level allowedEnvironments): no stage may share one. */
  readonly pushEnvironments: readonly string[];
}

/** `deployStages[INDEX]`, or `deployStages[INDEX].KEY`. */
export function stageKey(index: number, key?: string): string {
  return `deployStages[${index}]${key === undefined ? '' : `.${key}`}`;
}

interface StageEntry {
  readonly index: number;
  readonly values: Readonly<Record<string, unknown>>;
}

const EXAMPLE =
  '[{"name":"staging","account":"111122223333","region":"eu-west-1","environment":"staging","cluster":"apps","services":["web"],"passRoles":["arn:aws:iam::111122223333:role/web-task"]}]';

/**
 * The entries of `deployStages` (a JSON list in cdk.json, or its JSON text from `-c`): none when
 * unset or `[]`. Refuses null, anything but a list of objects, and an unknown key in an entry.
 */
export function readStageEntries(read: ContextReader): StageEntry[] {
  let value = read('deployStages');
  if (value === undefined) return [];
  const notAList = (v: unknown) =>
    new ConfigError({ key: 'deployStages', value: v, accepted: `a JSON list of stage objects, e.g. ${EXAMPLE}` });
  if (typeof value === 'string') {
    if (value.trim() === '') return [];
    try {
      value = JSON.parse(value);
    } catch {
      throw notAList(value);
    }
  }
  if (!Array.isArray(value)) throw notAList(value);
  return value.map((values, index) => {
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new ConfigError({
        key: stageKey(index),
        value: values,
        accepted: `an object of stage settings, e.g. ${EXAMPLE.slice(1, -1)}`,
      });
    }
    rejectUnknownStageKeys(index, values as Record<string, unknown>);
    return { index, values: values as Record<string, unknown> };
  });
}

function rejectUnknownStageKeys(index: number, values: Readonly<Record<string, unknown>>): void {
  const known: readonly string[] = STAGE_KEYS;
  for (const key of Object.keys(values)) {
    if (known.includes(key)) continue;
    const hint = closestSetting(key, known);
    throw new ConfigError({
      key: stageKey(index, key),
      value: values[key],
      accepted: `a stage setting${hint ? ` (did you mean "${hint}"?)` : ''}: one of ${known.join(', ')}`,
      problem: 'Unknown setting',
    });
  }
}

/**
 * Reads `deployStages` into validated stages, in the listed order: each entry's keys (see
 * STAGE_KEYS), then what stages may not share (names, environments, a created provider per account).
 */
export function readDeployStages(read: ContextReader, defaults: StageDefaults): DeployStage[] {
  const stages = readStageEntries(read).map((entry) => readStage(entry, defaults));
  rejectShared(stages, 'name', (v) => v, '');
  rejectShared(stages, 'environment', (v) => v.toLowerCase(), ' (GitHub compares environment names ignoring case)');
  rejectSecondProvider(stages);
  return stages;
}

/** A CDK Stage id must start with a letter; a job id `deploy-NAME` and stack and role names take the rest. */
const STAGE_NAME = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/** The rule for `deployStages[].name`: undefined when `value` is one, else what is accepted. */
export function checkStageName(value: string): string | undefined {
  if (!STAGE_NAME.test(value) || value.length > STAGE_NAME_MAX) {
    return `a stage name of 1–${STAGE_NAME_MAX} lower-case letters, digits and inner "-", starting with a letter (it names the CDK stage, its stack and role), e.g. "staging"`;
  }
  return undefined;
}
/** The stage role's name: `ENV-NAME-ecs-deploy`. */
export function stageRoleName(env: string, name: string): string {
  return `${env}-${name}-ecs-deploy`;
}

/** Reads one entry (see the file's header). */
function readStage({ index, values }: StageEntry, defaults: StageDefaults): DeployStage {
  const invalid = (key: string, accepted: string, value: unknown = values[key]) =>
    new ConfigError({ key: stageKey(index, key), value, accepted });
  const text = (key: string, what: string, rule: TextRule): string => {
    const v = values[key];
    if (typeof v !== 'string' || v === '') throw invalid(key, `a non-empty string: ${what}`);
    const problem = rule(v);
    if (problem) throw invalid(key, problem);
    return v;
  };
  const list = (key: string, what: string, rule: TextRule, max = Infinity): string[] => {
    const v = values[key];
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
      throw invalid(key, `a non-empty JSON list of ${what}`);
    }
    if (v.length > max) throw invalid(key, `at most ${max} ${what}`);
    if (new Set(v).size !== v.length) throw invalid(key, `each of the ${what} once`);
    for (const item of v) {
      const problem = rule(item);
      if (problem) throw invalid(key, problem, item);
    }
    return v;
  };

  const name = text('name', 'the stage name, e.g. "staging"', checkStageName);
  if (name === defaults.stackName || `assembly-${name}` === defaults.stackName) {
    // Both are children of the app named by their id (CDK: duplicate construct), and the Stage's
    // nested cloud assembly is the artifact "assembly-NAME" beside the main stack's.
    throw invalid(
      'name',
      `a name other than stackName "${defaults.stackName}" and than what follows "assembly-" in it: the main stack and the stage's CDK Stage are both named by their id in the app, and the stage's cloud assembly is "assembly-NAME" beside the main stack's template (npx cdk deploy 'NAME/*' selects the stage)`,
    );
  }
  const account = text('account', 'the 12-digit account ID of the stage, in quotes', checkAccountId);
  const region = text('region', 'the region of the ECS services', checkRegion);
  const partition = partitionOf(region);
  const environment = text('environment', 'the GitHub environment of the deploy job', checkEnvironmentPattern);
  const push = defaults.pushEnvironments.find((e) => e.toLowerCase() === environment.toLowerCase());
  if (push !== undefined) {
    throw invalid(
      'environment',
      `an environment that is not in allowedEnvironments ("${push}" is): the push job and the deploy job both read vars.AWS_ROLE_ARN, so an environment they share would hand the push job this stage's role`,
    );
  }
  const cluster = text('cluster', 'the ECS cluster name', (v) => checkEcsName(v, 'cluster'));
  const services = list('services', 'ECS service names of the cluster', (v) => checkEcsName(v, 'service'));
  const passRoles = list(
    'passRoles',
    'role ARNs (the task role and task execution role the task definitions name)',
    (v) => checkRoleArnOfAccount(v, partition, account),
    MAX_PASS_ROLES,
  );
  const oidcProvider = readStageProvider(index, values, partition, account, defaults.issuerHost);

  // At most 20 + 1 + 20 + 11 = 52 of IAM's 64 characters (checkEnvLabel and STAGE_NAME_MAX).
  const roleName = stageRoleName(defaults.env, name);
  const stackName = `${defaults.stackName}-${name}`;
  const stackProblem = checkStackName(stackName);
  if (stackProblem) throw invalid('name', `a shorter name: the stage stack "${stackName}" must be ${stackProblem}`);

  return {
    name,
    account,
    region,
    partition,
    environment,
    cluster,
    services,
    passRoles,
    oidcProvider,
    roleName,
    stackName,
  };
}

/**
 * createOidcProvider (default true) and oidcProviderArn of one entry, read with the same rules as
 * the top-level keys but never falling back to them (the stage is another account). An imported
 * ARN must name a provider of the stage's account: STS looks providers up in the role's account.
 */
function readStageProvider(
  index: number,
  values: Readonly<Record<string, unknown>>,
  partition: string,
  account: string,
  issuerHost: string,
): OidcProviderSource {
  let source: OidcProviderSource;
  try {
    source = readOidcProvider(new SettingReader((key) => values[key]), partition, issuerHost);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new ConfigError({ key: stageKey(index, err.key), value: err.value, accepted: err.accepted });
  }
  if (source.kind === 'import-arn' && source.arn.split(':')[4] !== account) {
    throw new ConfigError({
      key: stageKey(index, 'oidcProviderArn'),
      value: source.arn,
      accepted: `the provider of the stage's own account ${account} (STS looks it up in the role's account), e.g. "arn:${partition}:iam::${account}:oidc-provider/${issuerHost}", or createOidcProvider false to import it by account`,
    });
  }
  return source;
}

/** Throws for the first stage whose `key` (compared by `fold`) an earlier stage has. */
function rejectShared(
  stages: readonly DeployStage[],
  key: 'name' | 'environment',
  fold: (v: string) => string,
  note: string,
): void {
  const first = new Map<string, number>();
  stages.forEach((stage, index) => {
    const earlier = first.get(fold(stage[key]));
    if (earlier === undefined) {
      first.set(fold(stage[key]), index);
      return;
    }
    throw new ConfigError({
      key: stageKey(index, key),
      value: stage[key],
      accepted: `${key === 'environment' ? 'an' : 'a'} ${key} no other stage has: ${stageKey(earlier)} has ${JSON.stringify(stages[earlier][key])}${note}`,
      problem: 'Duplicate setting',
    });
  });
}

/** An account holds one provider per issuer: a second stage there that creates one would fail to deploy. */
function rejectSecondProvider(stages: readonly DeployStage[]): void {
  const creator = new Map<string, number>();
  stages.forEach((stage, index) => {
    if (stage.oidcProvider.kind !== 'create') return;
    const earlier = creator.get(stage.account);
    if (earlier === undefined) {
      creator.set(stage.account, index);
      return;
    }
    throw new ConfigError({
      key: stageKey(index, 'createOidcProvider'),
      value: true,
      accepted: `false: the account ${stage.account} already gets one from ${stageKey(earlier)} (an account holds one provider per issuer); set "createOidcProvider": false and deploy ${stages[earlier].name} first`,
    });
  });
}
