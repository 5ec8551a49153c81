/**
 * `unrecognised`: what the other detectors do not explain. Every failing check of another claim
 * (or element) is reported as the evaluator describes it; a deny with no cause at all says so.
 */
import { describeMismatch } from '../../../iam/policy-evaluator';
import { claimOf } from '../explained-statement';
import { Detector, principalFailure } from './input';

/** The claims whose failures the detectors before explain. */
const EXPLAINED_CLAIMS = new Set([
  'aud',
  'sub',
  'repository_id',
  'repository_owner_id',
  'job_workflow_ref',
  'environment',
  'ref',
]);

/** Each failing check no detector explains. */
export const otherFailures: Detector = (input) => {
  if (principalFailure(input)) return [];
  return input.failures
    .filter((m) => !EXPLAINED_CLAIMS.has(claimOf(m) ?? ''))
    .map((m) => ({ id: 'unrecognised', message: `The trust policy refuses it: ${describeMismatch(m)}.`, fix: [] }));
};

/** A deny no detector found a cause for. */
export const noKnownCause: Detector = (input) =>
  input.found.length > 0
    ? []
    : [{ id: 'unrecognised', message: 'No condition of the trust policy names a cause this doctor knows.', fix: [] }];
