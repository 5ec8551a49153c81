/**
 * Reads IAM policies out of a synthesized CloudFormation template, resolving the intrinsic
 * functions CDK puts in them (`Ref`, `Fn::GetAtt`, `Fn::Join`, …) to the concrete values AWS would
 * see once the stack is deployed in a given account, so that the policies can be evaluated.
 *
 * Only what CloudFormation itself documents is used (what `Ref` and `Fn::GetAtt` return for each
 * resource type); anything else throws rather than being guessed.
 */
import type { PolicyDocument } from './policy-evaluator';

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { readonly Default?: unknown }>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
  readonly [section: string]: unknown;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly [attribute: string]: unknown;
}

/** The deployment the template is resolved for. */
export interface DeploymentTarget {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  /** @default 'amazonaws.com' ('amazonaws.com.cn' in aws-cn) */
  readonly urlSuffix?: string;
  /** @default 'stack' */
  readonly stackName?: string;
}

export class TemplateResolutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateResolutionError';
  }
}

/** Replaces every intrinsic function in `value` with what it evaluates to in `target`. */
export function resolveIntrinsics(value: unknown, template: CfnTemplate, target: DeploymentTarget): unknown {
  const resolver = new Resolver(template, target);
  return resolver.resolve(value);
}

class Resolver {
  private readonly partition: string;
  constructor(
    private readonly template: CfnTemplate,
    private readonly target: DeploymentTarget,
  ) {
    this.partition = target.partition ?? 'aws';
  }

  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0];
      if (fn === 'Ref') return this.ref(String(arg));
      if (fn.startsWith('Fn::')) return this.fn(fn, arg);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  private fn(fn: string, arg: unknown): unknown {
    switch (fn) {
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? arg : String(arg).split(/\.(.*)/s);
        return this.getAtt(String(id), String(attribute));
      }
      case 'Fn::Join': {
        const [sep, list] = arg as [string, unknown];
        const items = this.resolve(list);
        if (!Array.isArray(items)) throw new TemplateResolutionError('Fn::Join needs a list');
        return items.map((i) => this.scalar(i, 'Fn::Join')).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = this.resolve(list);
        if (!Array.isArray(items)) throw new TemplateResolutionError('Fn::Select needs a list');
        const i = Number(this.resolve(index));
        if (!(i in items)) throw new TemplateResolutionError(`Fn::Select index ${i} out of range`);
        return items[i];
      }
      case 'Fn::Split': {
        const [sep, text] = arg as [string, unknown];
        return this.scalar(this.resolve(text), 'Fn::Split').split(sep);
      }
      case 'Fn::Sub': {
        const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in vars) return this.scalar(this.resolve(vars[name]), 'Fn::Sub');
          const dot = name.indexOf('.');
          return dot === -1
            ? this.scalar(this.ref(name), 'Fn::Sub')
            : this.scalar(this.getAtt(name.slice(0, dot), name.slice(dot + 1)), 'Fn::Sub');
        });
      }
      default:
        throw new TemplateResolutionError(`${fn} is not supported when resolving the template`);
    }
  }

  private scalar(v: unknown, where: string): string {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new TemplateResolutionError(`${where}: expected a string, got ${JSON.stringify(v)}`);
  }

  private resource(id: string): CfnResource {
    const r = this.template.Resources?.[id];
    if (!r) throw new TemplateResolutionError(`no resource "${id}" in the template`);
    return r;
  }

  private prop(r: CfnResource, name: string): unknown {
    const v = r.Properties?.[name];
    return v === undefined ? undefined : this.resolve(v);
  }

  ref(name: string): unknown {
    switch (name) {
      case 'AWS::AccountId':
        return this.target.account;
      case 'AWS::Region':
        return this.target.region;
      case 'AWS::Partition':
        return this.partition;
      case 'AWS::URLSuffix':
        return this.target.urlSuffix ?? (this.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');
      case 'AWS::StackName':
        return this.target.stackName ?? 'stack';
      case 'AWS::NoValue':
        throw new TemplateResolutionError('AWS::NoValue is not supported when resolving the template');
    }
    const parameter = this.template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) throw new TemplateResolutionError(`parameter "${name}" has no default`);
      return parameter.Default;
    }
    const r = this.resource(name);
    switch (r.Type) {
      case 'AWS::IAM::OIDCProvider':
        return this.oidcProviderArn(r);
      case 'AWS::IAM::Role':
        return this.roleName(name, r);
      case 'AWS::ECR::Repository':
        return this.repositoryName(name, r);
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${this.partition}:iam::${this.target.account}:policy/${this.prop(r, 'ManagedPolicyName') ?? name}`;
      case 'AWS::IAM::Policy':
        return name;
      default:
        throw new TemplateResolutionError(
          `Ref to a ${r.Type} ("${name}") is not supported when resolving the template`,
        );
    }
  }

  private getAtt(id: string, attribute: string): unknown {
    const r = this.resource(id);
    const key = `${r.Type}.${attribute}`;
    switch (key) {
      case 'AWS::IAM::Role.Arn':
        return `arn:${this.partition}:iam::${this.target.account}:role${this.prop(r, 'Path') ?? '/'}${this.roleName(id, r)}`;
      case 'AWS::ECR::Repository.Arn':
        return `arn:${this.partition}:ecr:${this.target.region}:${this.target.account}:repository/${this.repositoryName(id, r)}`;
      case 'AWS::ECR::Repository.RepositoryUri':
        return `${this.target.account}.dkr.ecr.${this.target.region}.${this.ref('AWS::URLSuffix')}/${this.repositoryName(id, r)}`;
      case 'AWS::IAM::OIDCProvider.Arn':
        return this.oidcProviderArn(r);
      default:
        throw new TemplateResolutionError(
          `Fn::GetAtt ${id}.${attribute} (${r.Type}) is not supported when resolving the template`,
        );
    }
  }

  private oidcProviderArn(r: CfnResource): string {
    const url = String(this.prop(r, 'Url') ?? '');
    return `arn:${this.partition}:iam::${this.target.account}:oidc-provider/${url.replace(/^https:\/\//, '')}`;
  }

  /** Physical name; CloudFormation generates one when none is given, so stand in with the logical ID. */
  private roleName(id: string, r: CfnResource): string {
    return String(this.prop(r, 'RoleName') ?? `generated-${id}`);
  }

  private repositoryName(id: string, r: CfnResource): string {
    return String(this.prop(r, 'RepositoryName') ?? `generated-${id.toLowerCase()}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Finding the policies

/** Logical IDs of the resources of one type, in template order. */
export function resourcesOfType(template: CfnTemplate, type: string): string[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
}

/** Whether a policy allows any form of `sts:AssumeRoleWithWebIdentity` (judged on the literal JSON). */
function mentionsWebIdentity(doc: unknown): boolean {
  return JSON.stringify(doc ?? {}).includes('AssumeRoleWithWebIdentity');
}

/** Logical IDs of the roles whose trust policy mentions `sts:AssumeRoleWithWebIdentity`. */
export function webIdentityRoles(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::IAM::Role').filter((id) =>
    mentionsWebIdentity(template.Resources![id].Properties?.AssumeRolePolicyDocument),
  );
}

/** The role's trust policy, resolved. */
export function trustPolicyOf(template: CfnTemplate, roleId: string, target: DeploymentTarget): PolicyDocument {
  const role = template.Resources?.[roleId];
  if (!role || role.Type !== 'AWS::IAM::Role')
    throw new TemplateResolutionError(`no AWS::IAM::Role "${roleId}" in the template`);
  const doc = role.Properties?.AssumeRolePolicyDocument;
  if (!doc) throw new TemplateResolutionError(`role "${roleId}" has no AssumeRolePolicyDocument`);
  return resolveIntrinsics(doc, template, target) as PolicyDocument;
}

/** True when `value` is `{ "Ref": roleId }`, i.e. a reference to the role. */
function refersTo(value: unknown, roleId: string): boolean {
  return value !== null && typeof value === 'object' && (value as Record<string, unknown>).Ref === roleId;
}

/**
 * Every identity policy of the role, resolved: its inline `Policies`, the `AWS::IAM::Policy` and
 * `AWS::IAM::ManagedPolicy` resources of the template attached to it. Managed policies given by ARN
 * only (e.g. AWS managed ones) cannot be read from the template: see `managedPolicyArnsOf`.
 */
export function identityPoliciesOf(template: CfnTemplate, roleId: string, target: DeploymentTarget): PolicyDocument[] {
  const role = template.Resources?.[roleId];
  if (!role || role.Type !== 'AWS::IAM::Role')
    throw new TemplateResolutionError(`no AWS::IAM::Role "${roleId}" in the template`);
  const docs: unknown[] = [];
  for (const inline of (role.Properties?.Policies as Array<{ PolicyDocument: unknown }> | undefined) ?? []) {
    docs.push(inline.PolicyDocument);
  }
  for (const [, r] of Object.entries(template.Resources ?? {})) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = (r.Properties?.Roles as unknown[] | undefined) ?? [];
    if (roles.some((x) => refersTo(x, roleId))) docs.push(r.Properties?.PolicyDocument);
  }
  return docs.map((d) => resolveIntrinsics(d, template, target) as PolicyDocument);
}

/** The `ManagedPolicyArns` of the role, resolved (empty when it has none). */
export function managedPolicyArnsOf(template: CfnTemplate, roleId: string, target: DeploymentTarget): string[] {
  const arns = template.Resources?.[roleId]?.Properties?.ManagedPolicyArns;
  if (arns === undefined) return [];
  return (resolveIntrinsics(arns, template, target) as unknown[]).map(String);
}
