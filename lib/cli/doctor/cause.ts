/**
 * A cause of a deny as the doctor reports it: what is wrong, by name, and the fix in this
 * project's terms (which setting to change, or which workflow change to make).
 */

export type CauseId =
  | 'explicit-deny'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'repository-case-mismatch'
  | 'other-repository'
  | 'repository-ids-differ'
  | 'immutable-sub-without-ids'
  | 'environment-subject'
  | 'environment-name'
  | 'environment-pull-request'
  | 'pull-request'
  | 'branch-not-allowed'
  | 'tag-not-allowed'
  | 'workflow-file'
  | 'stage-environment'
  | 'stage-ref-not-allowed'
  | 'unrecognised';

export interface Cause {
  readonly id: CauseId;
  /** What is wrong, in one or two sentences. */
  readonly message: string;
  /** What to do about it: alternatives, best first. */
  readonly fix: readonly string[];
}

/** How a fix that changes a setting ends. */
export const DEPLOY = 'then deploy (npx cdk deploy with the same settings)';
