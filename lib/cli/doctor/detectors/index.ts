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
