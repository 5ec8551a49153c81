/**
 * The detectors `diagnose` runs, in the order their causes are reported: most fundamental first
 * (a Deny statement, another issuer, the audience, the repository, the run's subject, the
 * workflow file), then whatever is left unexplained.
 */
import { explicitDeny } from './explicit-deny';
import { environmentName, environmentPullRequest } from './environment-claims';
import { environmentSubject } from './environment-subject';
import { immutableSubWithoutIds } from './immutable-sub';
import type { Detector } from './input';
import { otherRepository } from './other-repository';
import { otherSubject, unparsedSub } from './other-subject';
import { pullRequest } from './pull-request';
import { refNotAllowed } from './ref-not-allowed';
import { repositoryIds } from './repository-ids';
import { stageEnvironmentName } from './stage-environment-name';
import { stageRef } from './stage-ref';
import { stageSubject } from './stage-subject';
import { noKnownCause, otherFailures } from './unexplained';
import { workflowFile } from './workflow-file';
import { wrongAudience } from './wrong-audience';
import { wrongIssuer } from './wrong-issuer';

export type { Detector, DiagnosisInput } from './input';

/** Every detector, in the order its causes are reported. */
export const DETECTORS: readonly Detector[] = [
  explicitDeny,
  wrongIssuer,
  wrongAudience,
  otherRepository,
  repositoryIds,
  immutableSubWithoutIds,
  environmentSubject,
  environmentName,
  environmentPullRequest,
  pullRequest,
  refNotAllowed,
  otherSubject,
  unparsedSub,
  workflowFile,
  otherFailures,
  noKnownCause,
];

/**
 * The detectors for a stage's deploy role: the same, but a run's environment and ref are judged
 * against the stage (its environment, and the push job's refs that limit it), never against
 * allowedEnvironments; and the workflow pin's ref failure is the stage's ref when stageRef says so.
 */
export const STAGE_DETECTORS: readonly Detector[] = [
  explicitDeny,
  wrongIssuer,
  wrongAudience,
  otherRepository,
  repositoryIds,
  immutableSubWithoutIds,
  stageSubject,
  stageEnvironmentName,
  stageRef,
  otherSubject,
  unparsedSub,
  (input) => (input.found.some((c) => c.id === 'stage-ref-not-allowed') ? [] : workflowFile(input)),
  otherFailures,
  noKnownCause,
];
