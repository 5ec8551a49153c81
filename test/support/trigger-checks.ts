/**
 * The workflow rules whose problems depend on the role's trusted runs and pinned file (cdk.json's
 * trigger settings, lib/stack/config/trigger-settings.ts): the triggers, the deploy job's
 * environment and `if:`, the workflow's path. test/user-configuration/ runs them on the checked-in
 * workflow for the repositories whose triggers are the top-level ones only; every other rule's
 * problems are the same whatever the trigger settings (trigger-checks.test.ts holds that).
 */
export const TRIGGER_CHECKS: readonly string[] = [
  'push-branches',
  'push-tags',
  'environments',
  'pull-requests',
  'dispatch',
  'workflow-file',
];
