/**
 * `npm run doctor`: whether a GitHub Actions run may assume the deploy role, and why not.
 * Everything but process handling lives here, so tests can run it in-process.
 *
 * Exit codes: 0 allowed (or workflow consistent), 1 denied (or inconsistent), 2 usage or
 * configuration error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../stack/config';
import {
  CfnTemplate,
  TemplateResolutionError,
  trustPolicyOf,
  webIdentityRoles,
  resolveIntrinsics,
} from '../iam/cfn-template';
import { GitHubOidcClaims, STS_CONDITION_CLAIMS, stsRequestForToken, StsTarget } from '../iam/github-token';
import {
  Decision,
  describeMismatch,
  evaluatePolicy,
  PolicyEvaluationError,
  RequestContext,
  StatementMismatch,
} from '../iam/policy-evaluator';
import { DeployWorkflow, readDeployWorkflow } from '../workflow/deploy-workflow';
import { WorkflowParseError } from '../workflow/workflow-document';
import { DOCTOR_USAGE, DoctorOptions, parseDoctorArgs, UsageError } from './doctor/args';
import {
  Cause,
  diagnose,
  diagnosisNotes,
  ExplainedStatement,
  explainedStatement,
  StatementChoice,
} from './doctor/diagnose';
import { configFor, effectiveContext, PROJECT_ROOT } from './settings';
import { describeTrusted, TrustStatement, trustStatements } from './doctor/statements';
import { ensureTemplate, SynthResult, SynthValidationError, Synthesizer } from './doctor/synth';
import { doctorToken, DoctorToken } from './doctor/token';
import { checkWorkflowAgainstStack, WorkflowCheckResult } from './doctor/workflow-check';

export interface DoctorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where relative paths (--output, --claims, --workflow) are resolved. @default process.cwd() */
  readonly cwd?: string;
  /** The project (cdk.json, lib/, bin/). @default the repository this file is in */
  readonly root?: string;
  /** For `exp` checks. @default Date.now() */
  readonly now?: number;
  /** How to synthesize when the template is missing or stale. @default in-process `buildApp` (synthesizeInProcess) */
  readonly synthesize?: Synthesizer;
}

/** Stands in for the deploying account, which synthesis does not know (the stack is account-agnostic). */
export const PLACEHOLDER_ACCOUNT = '123456789012';

export const EXIT = { allow: 0, deny: 1, error: 2 } as const;

/** Runs the doctor; returns the exit code. */
export function runDoctor(argv: readonly string[], io: DoctorIo): number {
  const cwd = io.cwd ?? process.cwd();
  const root = io.root ?? PROJECT_ROOT;
  let options: DoctorOptions;
  try {
    options = parseDoctorArgs(argv);
  } catch (err) {
    return fail(io, err);
  }
  if (options.help) {
    io.stdout(`${DOCTOR_USAGE}\n`);
    return EXIT.allow;
  }
  try {
    const context = effectiveContext(root, options.context);
    const config = configFor(context);
    const synth = ensureTemplate(root, path.resolve(cwd, options.output), config, context, {
      force: options.forceSynth,
      synthesize: io.synthesize,
    });
    const roles = webIdentityRoles(synth.template);
    if (roles.length !== 1) {
      throw new UsageError(
        `${synth.templatePath} has ${roles.length} roles for sts:AssumeRoleWithWebIdentity; expected exactly one`,
      );
    }
    const roleId = roles[0];
    const target: StsTarget & { region: string } = {
      // A named provider ARN tells the account; otherwise any account will do, consistently.
      account: config.oidcProvider.kind === 'import-arn' ? config.oidcProvider.arn.split(':')[4] : PLACEHOLDER_ACCOUNT,
      partition: config.partition,
      region: config.region,
    };
    const trustPolicy = trustPolicyOf(synth.template, roleId, target);
    const role = { logicalId: roleId, name: roleName(synth.template, roleId, target) };

    if (options.workflow !== undefined) {
      let wf: DeployWorkflow;
      try {
        wf = readDeployWorkflow(cwd, options.workflow);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === undefined) throw err;
        throw new UsageError(`--workflow: cannot read ${options.workflow} (${code})`);
      }
      const result = checkWorkflowAgainstStack(wf, config, trustPolicy, target);
      const code = result.ok ? EXIT.allow : EXIT.deny;
      io.stdout(
        options.json
          ? `${JSON.stringify({ exitCode: code, stack: config.stackName, role, template: templateInfo(synth, cwd), workflow: result }, null, 2)}\n`
          : workflowReport(result, synth, cwd, role.name),
      );
      return code;
    }

    const token = doctorToken(options.run!, options.modifiers, config, {
      readFile: (p) => fs.readFileSync(path.resolve(cwd, p), 'utf8'),
      now: io.now,
    });
    let request: RequestContext;
    try {
      request = stsRequestForToken(token.claims, target);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const decision = evaluatePolicy(trustPolicy, request);
    const causes = diagnose(decision, token.claims, config);
    const statements = trustStatements(trustPolicy);
    const explained = explainedStatement(decision, token.claims);
    const notes = [...token.notes, ...absentClaimsNote(token, statements), ...diagnosisNotes(token.claims, config)];
    const code = decision.decision === 'Allow' ? EXIT.allow : EXIT.deny;
    if (options.json) {
      const failures = decision.decision === 'Allow' ? [] : (explained?.statement.mismatches ?? []);
      io.stdout(
        `${JSON.stringify(
          {
            decision: decision.decision.toUpperCase(),
            exitCode: code,
            stack: config.stackName,
            role,
            template: templateInfo(synth, cwd),
            token: {
              source: token.source,
              description: token.description,
              claims: token.claims,
              filledIn: token.filledIn,
            },
            request,
            statement: explained && {
              index: explained.statement.index,
              of: explained.allowStatements,
              trusts: statements[explained.statement.index]
                ? describeTrusted(statements[explained.statement.index])
                : undefined,
              choice: explained.choice,
            },
            firstFailure: failures[0],
            failures,
            causes,
            notes,
          },
          null,
          2,
        )}\n`,
      );
    } else {
      io.stdout(runReport(decision, explained, statements, causes, token, notes, request, synth, cwd, role.name));
    }
    return code;
  } catch (err) {
    return fail(io, err);
  }
}

/** One line for errors the user can act on; anything else is a bug and keeps its stack. */
function fail(io: DoctorIo, err: unknown): number {
  if (
    err instanceof UsageError ||
    err instanceof ConfigError ||
    err instanceof PolicyEvaluationError ||
    err instanceof TemplateResolutionError ||
    err instanceof WorkflowParseError ||
    err instanceof SynthValidationError
  ) {
    io.stderr(`doctor: ${err.message}\n`);
    return EXIT.error;
  }
  throw err;
}

function roleName(template: CfnTemplate, roleId: string, target: StsTarget & { region: string }): string {
  const name = template.Resources?.[roleId]?.Properties?.RoleName;
  return name === undefined ? roleId : String(resolveIntrinsics(name, template, { ...target }));
}

/** A path relative to the working directory when it is inside it, else absolute. */
function shown(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r === '' || r.startsWith('..') || path.isAbsolute(r) ? file : r;
}

function templateInfo(synth: SynthResult, cwd: string) {
  return { path: shown(synth.templatePath, cwd), synthesized: synth.synthesized, reason: synth.reason };
}

function templateLine(synth: SynthResult, cwd: string): string {
  const where = shown(synth.templatePath, cwd);
  return synth.synthesized ? `${where} (synthesized now: ${synth.reason})` : `${where} (${synth.reason})`;
}

// ---------------------------------------------------------------------------------------------
// Text reports

const SOURCES: Record<DoctorToken['source'], string> = {
  generated: 'token generated as GitHub would issue it',
  sub: 'token built around the given sub',
  'claims-file': 'claims from a file',
  jwt: 'claims from a JWT',
};

function list(values: readonly string[]): string {
  return values.length === 0 ? '(nothing)' : values.join('\n                  ');
}

function describeFailure(m: StatementMismatch): string[] {
  if (m.element === 'Condition') {
    return [
      `First failing condition: ${m.operator} ${m.key}`,
      `  token has:       ${m.requestValue === 'absent' ? '(no such claim)' : list(m.requestValue)}`,
      `  ${m.negated ? 'role refuses: ' : 'role accepts:  '}  ${list(m.policyValues)}`,
    ];
  }
  if (m.element === 'Principal') {
    return [
      "First failing check: Principal (the OIDC provider STS finds for the token's issuer)",
      `  token's provider: ${m.requestValue.replace(/^Federated:/, '')}`,
      `  role trusts:      ${list(m.policyValues.map((v) => v.replace(/^Federated:/, '')))}`,
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

const CHOICES: Record<StatementChoice, string> = {
  allows: 'it allows the run',
  denies: 'it denies the run',
  'sub-matches': 'its sub matches this run, so what fails there is why',
  'same-kind': "no statement's sub matches this run; this one trusts the same kind of run",
  closest: "no statement's sub matches this run; this one comes closest",
};

/** `statement 1 (environment "production")`. */
function statementLabel(explained: ExplainedStatement, statements: readonly TrustStatement[]): string {
  const s = statements[explained.statement.index];
  return `statement ${explained.statement.index}${s ? ` (${describeTrusted(s)})` : ''}`;
}

/** Claims the trust policy checks that the token does not have (STS sees them as absent). */
function absentClaimsNote(token: DoctorToken, statements: readonly TrustStatement[]): string[] {
  const checked = new Set(statements.flatMap((s) => s.claims));
  const missing = STS_CONDITION_CLAIMS.filter((c) => checked.has(c) && token.claims[c] === undefined);
  if (missing.length === 0) return [];
  const them = missing.length === 1 ? 'it' : 'them';
  const asIs =
    token.source === 'jwt' || token.source === 'claims-file'
      ? ' (the doctor fills in nothing for --jwt and --claims)'
      : '';
  return [
    `The token has no ${missing.join(', ')} claim${missing.length === 1 ? '' : 's'}: the trust policy checks ${them}, and STS sees ${them} as absent${asIs}.`,
  ];
}

function runReport(
  decision: Decision,
  explained: ExplainedStatement | undefined,
  statements: readonly TrustStatement[],
  causes: readonly Cause[],
  token: DoctorToken,
  notes: readonly string[],
  request: RequestContext,
  synth: SynthResult,
  cwd: string,
  role: string,
): string {
  const lines: string[] = [
    `Role:   ${role}, trust policy from ${templateLine(synth, cwd)}`,
    `Run:    ${token.description} (${SOURCES[token.source]})`,
    `Claims STS checks (provider ${request.principal?.id}):`,
    ...claimLines(token.claims, token.filledIn),
    '',
  ];
  const several = (explained?.allowStatements ?? 1) > 1;
  if (decision.decision === 'Allow') {
    const trusts =
      explained && statements[explained.statement.index]
        ? describeTrusted(statements[explained.statement.index])
        : undefined;
    const which = explained
      ? several
        ? `statement ${explained.statement.index} of ${explained.allowStatements}${trusts ? `, the one for ${trusts}` : ''}`
        : `statement ${explained.statement.index}`
      : 'a statement';
    lines.push(`ALLOW: the trust policy lets this run assume ${role} (${which}: every condition holds).`);
  } else {
    lines.push(
      `DENY: STS would refuse sts:AssumeRoleWithWebIdentity for this run ("Not authorized to perform sts:AssumeRoleWithWebIdentity").`,
    );
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
    lines.push(...causeLines(causes));
  }
  if (notes.length > 0) {
    lines.push('', 'Notes:', ...notes.map((n) => `  - ${n}`));
  }
  return `${lines.join('\n')}\n`;
}

function workflowReport(result: WorkflowCheckResult, synth: SynthResult, cwd: string, role: string): string {
  const lines: string[] = [
    `Role:     ${role}, trust policy from ${templateLine(synth, cwd)}`,
    `Workflow: ${result.path}`,
    '',
  ];
  lines.push('Runs the workflow starts, as tokens evaluated against the trust policy:');
  for (const t of result.triggers) {
    const env = t.environment ? ` in environment "${t.environment}"` : '';
    lines.push(`  ${t.decision === 'Allow' ? 'ALLOW' : 'DENY '}  ${t.trigger}: e.g. ${t.ref}${env} (sub ${t.sub})`);
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
