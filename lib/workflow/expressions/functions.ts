/**
 * GitHub's expression functions that need nothing from a real runner: `contains`, `startsWith`,
 * `endsWith`, `format`, `join`, `toJSON`, `fromJSON`, and the status checks as a rehearsal sees
 * them (it runs a job's steps in order and stops at the first failure, so `success()` and
 * `always()` are true, `failure()` and `cancelled()` false). `hashFiles` and any other function
 * throw: what they return depends on a runner's workspace.
 */
import { ExpressionError } from './error';
import { asString, compare } from './values';

/** The value of `name(...args)`; `name` lower-case, `source` the expression, for errors. */
export function callFunction(source: string, name: string, args: readonly unknown[]): unknown {
  const str = (i: number) => asString(args[i]);
  switch (name) {
    case 'contains':
      if (Array.isArray(args[0])) return args[0].some((item) => compare('==', item, args[1]));
      return str(0).toLowerCase().includes(str(1).toLowerCase());
    case 'startswith':
      return str(0).toLowerCase().startsWith(str(1).toLowerCase());
    case 'endswith':
      return str(0).toLowerCase().endsWith(str(1).toLowerCase());
    case 'format':
      // {{ and }} are literal braces; {N} is argument N.
      return str(0).replace(/\{\{|\}\}|\{(\d+)\}/g, (m, n?: string) => (n === undefined ? m[0] : str(Number(n) + 1)));
    case 'join':
      return Array.isArray(args[0]) ? args[0].map(asString).join(args.length > 1 ? str(1) : ',') : str(0);
    case 'tojson':
      return JSON.stringify(args[0] ?? null, null, 2);
    case 'fromjson':
      return JSON.parse(str(0));
    case 'success':
    case 'always':
      return true;
    case 'failure':
    case 'cancelled':
      return false;
    default:
      throw new ExpressionError(source, `function ${name}() is not supported by the rehearsal`);
  }
}
