/**
 * Policy documents parsed into statements: elements checked (one of Action/NotAction, not both
 * Resource and NotResource, …), values read as strings, principals and conditions parsed.
 */
import { ConditionEntry, parseCondition } from './conditions';
import { Effect, PolicyDocument, PolicyEvaluationError, PrincipalType } from './policy-types';
import { stringList } from './policy-values';

/** A parsed statement. */
export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly action?: string[];
  readonly notAction?: string[];
  readonly resource?: string[];
  readonly notResource?: string[];
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly condition: ConditionEntry[];
}

/** `"*"`, or principal type → identifiers. */
export type PrincipalSpec = '*' | Map<PrincipalType, string[]>;

const STATEMENT_ELEMENTS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['Federated', 'AWS', 'Service', 'CanonicalUser'];

/** The statements of a policy document, parsed; throws on a malformed one. */
export function statementsOf(policy: PolicyDocument): Statement[] {
  if (policy === null || typeof policy !== 'object')
    throw new PolicyEvaluationError('a policy document must be an object');
  const raw = policy.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || list.some((s) => s === null || typeof s !== 'object' || Array.isArray(s))) {
    throw new PolicyEvaluationError('Statement must be an object or a non-empty list of objects');
  }
  return list.map((s, i) => parseStatement(s as Record<string, unknown>, i));
}

function parseStatement(s: Record<string, unknown>, index: number): Statement {
  const where = `Statement[${index}]`;
  for (const element of Object.keys(s)) {
    if (!STATEMENT_ELEMENTS.has(element)) throw new PolicyEvaluationError(`${where}: unknown element "${element}"`);
  }
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
    throw new PolicyEvaluationError(`${where}: Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`);
  }
  if ((s.Action === undefined) === (s.NotAction === undefined)) {
    throw new PolicyEvaluationError(`${where}: exactly one of Action and NotAction is required`);
  }
  if (s.Resource !== undefined && s.NotResource !== undefined) {
    throw new PolicyEvaluationError(`${where}: Resource and NotResource cannot both be present`);
  }
  if (s.Principal !== undefined && s.NotPrincipal !== undefined) {
    throw new PolicyEvaluationError(`${where}: Principal and NotPrincipal cannot both be present`);
  }
  return {
    sid: s.Sid === undefined ? undefined : String(s.Sid),
    effect: s.Effect,
    action: optionalList(s.Action, `${where}.Action`),
    notAction: optionalList(s.NotAction, `${where}.NotAction`),
    resource: optionalList(s.Resource, `${where}.Resource`, true),
    notResource: optionalList(s.NotResource, `${where}.NotResource`, true),
    principal: s.Principal === undefined ? undefined : parsePrincipal(s.Principal, `${where}.Principal`),
    notPrincipal: s.NotPrincipal === undefined ? undefined : parsePrincipal(s.NotPrincipal, `${where}.NotPrincipal`),
    condition: s.Condition === undefined ? [] : parseCondition(s.Condition, `${where}.Condition`),
  };
}

function optionalList(value: unknown, where: string, noVariables = false): string[] | undefined {
  if (value === undefined) return undefined;
  return stringList(value, where, noVariables);
}

function parsePrincipal(value: unknown, where: string): PrincipalSpec {
  if (value === '*') return '*';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PolicyEvaluationError(`${where}: expected "*" or an object such as { "Federated": "…" }`);
  }
  const spec = new Map<PrincipalType, string[]>();
  for (const [type, ids] of Object.entries(value as Record<string, unknown>)) {
    if (!PRINCIPAL_TYPES.includes(type as PrincipalType)) {
      throw new PolicyEvaluationError(`${where}: unknown principal type "${type}"`);
    }
    spec.set(type as PrincipalType, stringList(ids, `${where}.${type}`, true));
  }
  return spec;
}
