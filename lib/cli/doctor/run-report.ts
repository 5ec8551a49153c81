/**
 * The doctor's text report for one run: the role, the run and its claims, ALLOW or DENY, the
 * first failing condition, the causes with their fixes, and notes.
 */
import { GitHubOidcClaims, STS_CONDITION_CLAIMS } from '../../iam/github-token';
import { describeMismatch, StatementMismatch } from '../../iam/policy-evaluator';
import type { Cause, ExplainedStatement, StatementChoice } from './diagnose';
import { ReportHeader, stageLine, templateLine } from './report-header';
import type { RunFindings } from './run-check';
import { describeTrusted, TrustStatement } from './statements';
import type { DoctorToken } from './token';

const SOURCES: Record<DoctorToken['source'], string> = {
  generated: 'token generated as GitHub would issue it',
  sub: 'token built around the given sub',
  'claims-file': 'claims from a file',
  jwt: 'claims from a JWT',
};

const CHOICES: Record<StatementChoice, string> = {
  allows: 'it allows the run',
  denies: 'it denies the run',
  'sub-matches': 'its sub matches this run, so what fails there is why',
  'same-kind': "no statement's sub matches this run; this one trusts the same kind of run",
  closest: "no statement's sub matches this run; this one comes closest",
};

/** Values one a line, the later ones indented to stand under the first (after a label of `width`). */
function list(values: readonly string[], width: number): string {
  return values.length === 0 ? '(nothing)' : values.join(`\n${' '.repeat(width)}`);
}

function describeFailure(m: StatementMismatch): string[] {
  if (m.element === 'Condition') {
    return [
      `First failing condition: ${m.operator} ${m.key}`,
      `  token has:       ${m.requestValue === 'absent' ? '(no such claim)' : list(m.requestValue, 19)}`,
      `  ${m.negated ? 'role refuses: ' : 'role accepts:  '}  ${list(m.policyValues, 19)}`,
    ];
  }
  if (m.element === 'Principal') {
    return [
      "First failing check: Principal (the OIDC provider STS finds for the token's issuer)",
      `  token's provider: ${m.requestValue.replace(/^Federated:/, '')}`,
      `  role trusts:      ${list(
        m.policyValues.map((v) => v.replace(/^Federated:/, '')),
        20,
      )}`,
    ];
  }
  return [`First failing check: ${describeMismatch(m)}`];
}

function claimLines(claims: GitHubOidcClaims, filledIn: readonly string[]): string[] {
  const shown = ['iss', ...STS_CONDITION_CLAIMS].filter((c) => claims[c] !== undefined);
  const width = Math.max(...shown.map((c) => c.length));
  return shown.map((c) => {
    const v = claims[c];
    const text = Array.isArray(v) ? v.join(', ') : String(v);
    return `  ${c.padEnd(width)}  ${text}${filledIn.includes(c) ? '   (filled in)' : ''}`;
  });
}

function causeLines(causes: readonly Cause[]): string[] {
  const out: string[] = [];
  for (const cause of causes) {
    out.push('', `Cause [${cause.id}]: ${cause.message}`);
    if (cause.fix.length > 0) {
      out.push('Fix:');
      for (const f of cause.fix) out.push(`  - ${f}`);
    }
  }
  return out;
}

/** `statement 2 (environment "production")`: counted from 1, as a reader counts. */
function statementLabel(explained: ExplainedStatement, statements: readonly TrustStatement[]): string {
  const s = statements[explained.statement.index];
  return `statement ${explained.statement.index + 1}${s ? ` (${describeTrusted(s)})` : ''}`;
}

/** The ALLOW line: which statement lets the run in. */
function allowLine(findings: RunFindings, role: string): string {
  const { explained, statements } = findings;
  const several = (explained?.allowStatements ?? 1) > 1;
  const trusted = explained && statements[explained.statement.index];
  const trusts = trusted ? describeTrusted(trusted) : undefined;
  const which = explained
    ? several
      ? `statement ${explained.statement.index + 1} of ${explained.allowStatements}${trusts ? `, the one for ${trusts}` : ''}`
      : `statement ${explained.statement.index + 1}`
    : 'a statement';
  return `ALLOW: the trust policy lets this run assume ${role} (${which}: every condition holds).`;
}

/** The DENY lines: the statement explained, its first failure, and the causes. */
function denyLines(findings: RunFindings): string[] {
  const { explained, statements } = findings;
  const several = (explained?.allowStatements ?? 1) > 1;
  const lines = [
    `DENY: STS would refuse sts:AssumeRoleWithWebIdentity for this run ("Not authorized to perform sts:AssumeRoleWithWebIdentity").`,
  ];
  if (explained && several && explained.choice !== 'denies') {
    lines.push(
      '',
      `None of the trust policy's ${explained.allowStatements} statements applies (one would be enough). Explained against ${statementLabel(explained, statements)}: ${CHOICES[explained.choice]}.`,
    );
  }
  const mismatches = explained?.statement.mismatches ?? [];
  if (mismatches.length > 0) lines.push('', ...describeFailure(mismatches[0]));
  const more = mismatches.length - 1;
  if (more > 0) {
    lines.push(
      `  (${more} more condition${more === 1 ? '' : 's'} fail${more === 1 ? 's' : ''}${several ? ' in that statement' : ''}: see --json)`,
    );
  }
  lines.push(...causeLines(findings.causes));
  return lines;
}

/** The text report of a run check. */
export function runReport(findings: RunFindings, header: ReportHeader): string {
  const { token, request, notes } = findings;
  const role = header.role.name;
  const lines: string[] = [
    `Role:   ${role}, trust policy from ${templateLine(header.template)}`,
    ...(header.stage ? [`Stage:  ${stageLine(header.stage)}`] : []),
    `Run:    ${token.description} (${SOURCES[token.source]})`,
    `Claims STS checks (provider ${request.principal?.id}):`,
    ...claimLines(token.claims, token.filledIn),
    '',
  ];
  if (findings.decision.decision === 'Allow') lines.push(allowLine(findings, role));
  else lines.push(...denyLines(findings));
  if (notes.length > 0) {
    lines.push('', 'Notes:', ...notes.map((n) => `  - ${n}`));
  }
  return `${lines.join('\n')}\n`;
}
