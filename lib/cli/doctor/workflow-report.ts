/**
 * The doctor's text report for `--workflow`: each run the workflow starts (and the job that
 * assumes the role in it) with its decision, what
 * the role trusts that the workflow never starts, the workflow's own checks, and the verdict.
 */
import { ReportHeader, templateLine } from './report-header';
import type { WorkflowCheckResult } from './workflow-check';

/** The text report of a workflow check. */
export function workflowReport(result: WorkflowCheckResult, header: ReportHeader): string {
  const lines: string[] = [
    `Role:     ${header.role.name}, trust policy from ${templateLine(header.template)}`,
    `Workflow: ${result.path}`,
    '',
  ];
  lines.push('Runs the workflow starts, as tokens evaluated against the trust policy:');
  for (const t of result.triggers) {
    const job = t.job === undefined ? '' : `, job "${t.job}"`;
    const env = t.environment ? ` in environment "${t.environment}"` : '';
    lines.push(
      `  ${t.decision === 'Allow' ? 'ALLOW' : 'DENY '}  ${t.trigger}: e.g. ${t.ref}${job}${env} (sub ${t.sub})`,
    );
    if (t.decision === 'Deny') {
      for (const c of t.causes) {
        lines.push(`         ${c.message}`);
        for (const f of c.fix) lines.push(`           - ${f}`);
      }
    }
  }
  if (result.triggers.length === 0) lines.push('  (none)');
  if (result.unreachable.length > 0) {
    lines.push('', 'Trusted by the role but never started by the workflow:');
    for (const u of result.unreachable) lines.push(`  - ${u.message}`);
  }
  if (result.problems.length > 0) {
    lines.push('', 'Workflow consistency checks (lib/workflow):');
    for (const p of result.problems)
      lines.push(
        `  ${p.severity === 'error' ? 'error  ' : 'warning'} [${p.check}]${p.line ? ` line ${p.line}:` : ''} ${p.message}`,
      );
  }
  if (result.notes.length > 0) lines.push('', 'Notes:', ...result.notes.map((n) => `  - ${n}`));
  lines.push(
    '',
    result.ok
      ? 'OK: every deploy the workflow starts can assume the role, and the role trusts nothing else.'
      : 'NOT OK: see above.',
  );
  return `${lines.join('\n')}\n`;
}
