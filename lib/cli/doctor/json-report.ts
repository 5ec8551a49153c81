/**
 * The doctor's `--json` reports, one per mode: plain objects for `JSON.stringify`, with the same
 * facts as the text reports.
 */
import type { StatementChoice } from './diagnose';
import type { ReportHeader } from './report-header';
import type { RunFindings } from './run-check';
import { describeTrusted } from './statements';
import type { WorkflowCheckResult } from './workflow-check';

/** The exit codes: 0 allowed (or workflow consistent), 1 denied (or inconsistent); 2 is a user's error. */
export const EXIT = { allow: 0, deny: 1, error: 2 } as const;

/** The exit code of a run check. */
export function runExitCode(findings: RunFindings): number {
  return findings.decision.decision === 'Allow' ? EXIT.allow : EXIT.deny;
}

/** The exit code of a workflow check. */
export function workflowExitCode(result: WorkflowCheckResult): number {
  return result.ok ? EXIT.allow : EXIT.deny;
}

/** The statement a run's decision is explained against, for `--json`. */
function statementJson(findings: RunFindings) {
  const { explained, statements } = findings;
  if (!explained) return undefined;
  const trusted = statements[explained.statement.index];
  return {
    index: explained.statement.index,
    of: explained.allowStatements,
    trusts: trusted ? describeTrusted(trusted) : undefined,
    choice: explained.choice satisfies StatementChoice,
  };
}

/** The `--json` report of a run check. */
export function runJsonReport(findings: RunFindings, header: ReportHeader) {
  const { decision, explained, token } = findings;
  const failures = decision.decision === 'Allow' ? [] : (explained?.statement.mismatches ?? []);
  return {
    decision: decision.decision.toUpperCase(),
    exitCode: runExitCode(findings),
    stack: header.stack,
    ...(header.stage ? { stage: header.stage } : {}),
    role: header.role,
    template: header.template,
    token: { source: token.source, description: token.description, claims: token.claims, filledIn: token.filledIn },
    request: findings.request,
    statement: statementJson(findings),
    firstFailure: failures[0],
    failures,
    causes: findings.causes,
    notes: findings.notes,
  };
}

/** The `--json` report of a workflow check. */
export function workflowJsonReport(result: WorkflowCheckResult, header: ReportHeader) {
  return {
    exitCode: workflowExitCode(result),
    stack: header.stack,
    role: header.role,
    template: header.template,
    workflow: result,
  };
}

/** A report as `--json` prints it. */
export function jsonText(report: object): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
