/**
 * GitHub's expression functions that need nothing from a real runner: `contains`, `startsWith`,
 * `endsWith`, `format`, `join`, `toJSON`, `fromJSON`, and the status checks, which read the job's
 * status so far (`job.status`: `success` until a step fails, then `failure`): `success()`,
 * `failure()`, `cancelled()` compare it, `always()` is true. `hashFiles` and any other function
 * throw: what they return depends on a runner's workspace.
 */
import { ExpressionError } from './error';
import { asString, compare } from './values';

/** The functions that ask how the job has gone so far (GitHub's "status check functions"). */
export const STATUS_FUNCTIONS: readonly string[] = ['success', 'failure', 'cancelled', 'always'];

/**
 * The value of `name(...args)`; `name` lower-case, `source` the expression, for errors, and
 * `status` the job's status so far (`success`, `failure` or `cancelled`).
 */
export function callFunction(source: string, name: string, args: readonly unknown[], status = 'success'): unknown {
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
    case 'failure':
    case 'cancelled':
      return status === name;
    case 'always':
      return true;
    default:
      throw new ExpressionError(source, `function ${name}() is not supported by the rehearsal`);
  }
}
