/** The deploy role itself: its name, permissions boundary and session length. */
import { checkPolicyArn, checkRoleName } from '../rules/aws-names';
import { SettingReader } from './reader';

/** IAM's shortest MaxSessionDuration; GitHub jobs that push images need no more. */
export const ROLE_MAX_SESSION_SECONDS = 3600;

/** The role's settings. */
export interface RoleSettings {
  readonly roleName: string;
  readonly permissionsBoundaryArn?: string;
  /**
   * The role's MaxSessionDuration. Fixed at one hour, the shortest IAM allows; a workflow's
   * `role-duration-seconds` (900–3600) must not exceed it.
   */
  readonly maxSessionDurationSeconds: number;
}

/** Reads roleName (default `<env>-github-actions`) and permissionsBoundaryArn. */
export function readRole(s: SettingReader, env: string, partition: string): RoleSettings {
  const roleName = s.string('roleName', `${env}-github-actions`, checkRoleName);
  const permissionsBoundaryArn = s.optionalString('permissionsBoundaryArn', (v) => checkPolicyArn(v, partition));
  return { roleName, permissionsBoundaryArn, maxSessionDurationSeconds: ROLE_MAX_SESSION_SECONDS };
}
