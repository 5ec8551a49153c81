/**
 * `npm run doctor`: whether a GitHub Actions run may assume the deploy role, and why not.
 * Everything but process handling lives here, so tests can run it in-process.
 *
 * Exit codes: 0 allowed (or workflow consistent), 1 denied (or inconsistent), 2 usage or
 * configuration error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnTemplate, resolveIntrinsics, trustPolicyOf, webIdentityRoles } from '../iam/cfn-template';
import type { StsTarget } from '../iam/github-token';
import type { PolicyDocument } from '../iam/policy-evaluator';
import type { AppConfig, DeployStage } from '../stack/config';
import { DeployWorkflow, readDeployWorkflow } from '../workflow/deploy-workflow';
import { parseWorkflow } from '../workflow/workflow-document';
import { UsageError } from './argv';
import { checkRepositoryChoice, DOCTOR_USAGE, DoctorOptions, parseDoctorArgs, RunInput } from './doctor/args';
import { findAssemblyStack } from './doctor/assembly';
import { chooseRepository } from './doctor/choose-repository';
import { EXIT, jsonText, runExitCode, runJsonReport, workflowExitCode, workflowJsonReport } from './doctor/json-report';
import { ReportHeader, templateInfo } from './doctor/report-header';
import { examineRun } from './doctor/run-check';
import { runReport } from './doctor/run-report';
import type { SettingsScope } from './doctor/setting-change';
import { settingsScope } from './doctor/settings-scope';
import { stageRun, stageToCheck, StageUnderCheck } from './doctor/stage';
import { ensureTemplate, SynthResult } from './doctor/synth';
import { doctorToken } from './doctor/token';
import { checkWorkflowAgainstStack } from './doctor/workflow-check';
import { workflowReport } from './doctor/workflow-report';
import { runCommand } from './errors';
import type { CliIo } from './io';
import { effectiveContext, PROJECT_ROOT, registryFor } from './settings';

export { EXIT } from './doctor/json-report';

/** Stands in for the deploying account, which synthesis does not know (the stack is account-agnostic). */
export const PLACEHOLDER_ACCOUNT = '123456789012';

/** The deploy role as the doctor checks it: its trust policy, for one deployment, and the report's header. */
interface CheckedRole {
  readonly config: AppConfig;
  /** Where its settings are written (the top level, or its entry of repositories): the fixes name it. */
  readonly scope: SettingsScope;
  /** cdk.json deployStages, whose jobs `--workflow` checks too. */
  readonly stages: readonly DeployStage[];
  readonly trustPolicy: PolicyDocument;
  readonly target: StsTarget & { region: string };
  readonly header: ReportHeader;
  /** The stage whose deploy role this is; undefined for the push role. */
  readonly stage?: StageUnderCheck;
}

/** Runs the doctor; returns the exit code. A user's error is one line on stderr and exit code 2. */
export function runDoctor(argv: readonly string[], io: CliIo): number {
  return runCommand('doctor', io, () => {
    const options = parseDoctorArgs(argv);
    if (options.help) {
      io.stdout(`${DOCTOR_USAGE}\n`);
      return EXIT.allow;
    }
    const role = checkedRole(options, io);
    return options.workflow !== undefined
      ? checkWorkflow(options.workflow, options, role, io)
      : checkRun(options.run!, options, role, io);
  });
}

/** Settings, template (synthesized when needed) and the role's trust policy. */
function checkedRole(options: DoctorOptions, io: CliIo): CheckedRole {
  const cwd = io.cwd ?? process.cwd();
  const context = effectiveContext(io.root ?? PROJECT_ROOT, options.context);
  const registry = registryFor(context);
  checkRepositoryChoice(options, registry.listed);
  const config = registry.listed ? chooseRepository(registry, options.modifiers.repository) : registry.repositories[0];
  const scope = settingsScope(registry, config, context, options.context);
  const stage = stageToCheck(options.stage, options.run, registry.deployStages);
  const outdir = path.resolve(cwd, options.output);
  const synth = ensureTemplate(io.root ?? PROJECT_ROOT, outdir, config, context, {
    force: options.forceSynth,
    synthesize: io.synthesize,
  });
  if (stage) return { ...stageRole(stage, config, synth, outdir, cwd), scope, stages: registry.deployStages };
  const target: StsTarget & { region: string } = {
    // A named provider ARN tells the account; otherwise any account will do, consistently.
    account: config.oidcProvider.kind === 'import-arn' ? config.oidcProvider.arn.split(':')[4] : PLACEHOLDER_ACCOUNT,
    partition: config.partition,
    region: config.region,
  };
  const roleId = deployRoleOf(
    synth.template,
    synth.templatePath,
    registry.listed ? config.roleName : undefined,
    target,
  );
  return {
    config,
    scope,
    stages: registry.deployStages,
    trustPolicy: trustPolicyOf(synth.template, roleId, target),
    target,
    header: {
      stack: config.stackName,
      role: { logicalId: roleId, name: roleName(synth.template, roleId, target) },
      template: templateInfo(synth, cwd),
    },
  };
}

/**
 * A stage's deploy role: the one web-identity role of the stage stack's template, which the
 * assembly's manifests locate (a CDK Stage writes it into a nested assembly), in the stage's
 * account and region.
 */
function stageRole(
  stage: StageUnderCheck,
  config: AppConfig,
  synth: SynthResult,
  outdir: string,
  cwd: string,
): Omit<CheckedRole, 'stages' | 'scope'> {
  const { name, stackName, account, partition, region, environment } = stage.stage;
  const found = findAssemblyStack(outdir, stackName);
  if (!found) {
    throw new UsageError(
      `the cloud assembly in ${path.relative(cwd, outdir) || '.'} has no stack ${stackName} for stage "${name}" (its manifests name none): synthesize it again with --synth`,
    );
  }
  const template = JSON.parse(fs.readFileSync(found.templatePath, 'utf8')) as CfnTemplate;
  const target = { account, partition, region };
  const roleId = deployRoleOf(template, found.templatePath, undefined, target);
  return {
    config,
    trustPolicy: trustPolicyOf(template, roleId, target),
    target,
    stage,
    header: {
      stack: stackName,
      role: { logicalId: roleId, name: roleName(template, roleId, target) },
      template: templateInfo({ ...synth, templatePath: found.templatePath }, cwd),
      stage: { name, index: stage.index, environment, account, region },
    },
  };
}

/** Token mode: may this run assume the role? */
function checkRun(given: RunInput, options: DoctorOptions, role: CheckedRole, io: CliIo): number {
  const cwd = io.cwd ?? process.cwd();
  const root = io.root ?? PROJECT_ROOT;
  const run = role.stage ? stageRun(given, role.stage, role.config) : given;
  const token = doctorToken(run, options.modifiers, role.config, {
    readFile: (p) => fs.readFileSync(path.resolve(cwd, p), 'utf8'),
    now: io.now,
    workflowName: (file) => workflowNameIn(root, file),
  });
  const findings = examineRun({
    token,
    trustPolicy: role.trustPolicy,
    target: role.target,
    config: role.config,
    stage: role.stage,
    scope: role.scope,
  });
  io.stdout(options.json ? jsonText(runJsonReport(findings, role.header)) : runReport(findings, role.header));
  return runExitCode(findings);
}

/** `--workflow`: does the workflow match the role? */
function checkWorkflow(file: string, options: DoctorOptions, role: CheckedRole, io: CliIo): number {
  let wf: DeployWorkflow;
  try {
    wf = readDeployWorkflow(io.cwd ?? process.cwd(), file, options.modifiers.workflowFile ?? file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    throw new UsageError(`--workflow: cannot read ${file} (${code})`, { cause: err });
  }
  const result = checkWorkflowAgainstStack(wf, role.config, role.trustPolicy, role.target, role.stages, role.scope);
  io.stdout(options.json ? jsonText(workflowJsonReport(result, role.header)) : workflowReport(result, role.header));
  return workflowExitCode(result);
}

/**
 * The logical ID of the deploy role: the template's one web-identity role, or with `repositories`
 * (several in one stack) the one named `roleName`. Throws `UsageError` when there is not exactly one.
 */
function deployRoleOf(
  template: CfnTemplate,
  templatePath: string,
  named: string | undefined,
  target: StsTarget & { region: string },
): string {
  let roles = webIdentityRoles(template);
  if (named !== undefined) roles = roles.filter((id) => roleName(template, id, target) === named);
  if (roles.length !== 1) {
    throw new UsageError(
      `${templatePath} has ${roles.length} roles for sts:AssumeRoleWithWebIdentity${named === undefined ? '' : ` named ${named}`}; expected exactly one`,
    );
  }
  return roles[0];
}

function roleName(template: CfnTemplate, roleId: string, target: StsTarget & { region: string }): string {
  const name = template.Resources?.[roleId]?.Properties?.RoleName;
  return name === undefined ? roleId : String(resolveIntrinsics(name, template, { ...target }));
}

/** The `name:` of a workflow file of the project; undefined when the file cannot be read as one. */
function workflowNameIn(root: string, file: string): string | undefined {
  try {
    return parseWorkflow(fs.readFileSync(path.join(root, file), 'utf8'), file).name;
  } catch {
    return undefined;
  }
}
