/**
 * What every doctor report starts with: the role checked and where its trust policy came from.
 */
import * as path from 'path';
import type { SynthResult } from './synth';

/** The template the trust policy was read from. */
export interface TemplateInfo {
  /** Relative to the working directory when inside it, else absolute. */
  readonly path: string;
  readonly synthesized: boolean;
  /** Why it was (or was not) synthesized. */
  readonly reason: string;
}

/** The stage of deployStages whose deploy role a report is about. */
export interface StageHeader {
  readonly name: string;
  /** Its index in deployStages. */
  readonly index: number;
  readonly environment: string;
  readonly account: string;
  readonly region: string;
}

/** The stack, role and template a report is about. */
export interface ReportHeader {
  readonly stack: string;
  readonly role: { readonly logicalId: string; readonly name: string };
  readonly template: TemplateInfo;
  /** Set when the role is a stage's deploy role. */
  readonly stage?: StageHeader;
}

/** `staging (deployStages[0]): environment "staging", account 222222222222, eu-west-1`. */
export function stageLine(stage: StageHeader): string {
  return `${stage.name} (deployStages[${stage.index}]): environment "${stage.environment}", account ${stage.account}, ${stage.region}`;
}

/** A path relative to the working directory when it is inside it, else absolute. */
function shown(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r === '' || r.startsWith('..') || path.isAbsolute(r) ? file : r;
}

/** The template a synth result names, as reports show it. */
export function templateInfo(synth: SynthResult, cwd: string): TemplateInfo {
  return { path: shown(synth.templatePath, cwd), synthesized: synth.synthesized, reason: synth.reason };
}

/** `cdk.out/x.template.json (synthesized now: …)`. */
export function templateLine(template: TemplateInfo): string {
  return template.synthesized
    ? `${template.path} (synthesized now: ${template.reason})`
    : `${template.path} (${template.reason})`;
}
