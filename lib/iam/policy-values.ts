/** Scalar values in a policy (Action, Resource, Principal ids, condition values), read as strings. */
import { PolicyEvaluationError } from './policy-types';

/** A scalar or list of scalars, as strings. Objects (e.g. `{ "Ref": … }`) are refused. */
export function stringList(value: unknown, where: string, noVariables: boolean): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new PolicyEvaluationError(
        `${where}: expected a string, got ${JSON.stringify(v)} (resolve CloudFormation intrinsics before evaluating)`,
      );
    }
    const text = String(v);
    if (noVariables && text.includes('${')) {
      throw new PolicyEvaluationError(
        `${where}: policy variables such as ${JSON.stringify(text)} are not supported by this evaluator`,
      );
    }
    return text;
  });
}
