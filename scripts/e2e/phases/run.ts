/**
 * What the rehearsal's phases share: the run's options, what it has started (cleanup undoes it)
 * and learned, and the environment every process it starts begins from.
 */
import * as path from 'node:path';
import type { Engine } from '../lib/engine';
import type { Services } from '../lib/processes';
import type { Registry } from '../lib/registry';
import type { RehearsalSettings } from '../lib/rehearsal-context';
import type { Checks, PhaseClock } from '../lib/report';
import type { RunImageResult } from '../lib/run-image';
import type { StandInState } from '../lib/stand-in-state';
import type { Workdirs } from '../lib/workdirs';

/** The repository the rehearsal deploys: its workflow, Dockerfile, cdk.json and package.json. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** Variables that tell the docker CLI where a Docker engine is. */
export const DOCKER_ACCESS = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'];

/** A line of the rehearsal's log. */
export const log = (line: string) => console.log(line);
/** A line of the rehearsal's log, under the step it belongs to. */
export const indented = (line: string) => log(`    ${line}`);

/** The command line's options (main.ts reads them). */
export interface Options {
  readonly cold: boolean;
  readonly clean: boolean;
  readonly verbose: boolean;
  readonly keep: boolean;
}

/** Everything one run has started or learned: what the phases share and what cleanup undoes. */
export interface Run {
  readonly options: Options;
  /** NAME=value in the environment of every process the run starts. */
  readonly marker: string;
  readonly realDocker: boolean;
  readonly workdirs: Workdirs;
  readonly checks: Checks;
  readonly clock: PhaseClock;
  readonly services: Services;
  /** Containers and images to remove at cleanup. */
  readonly containers: string[];
  readonly localImages: string[];
  readonly notes: string[];
  engine?: Engine;
  registry?: Registry;
  settings?: RehearsalSettings;
  state?: StandInState;
  /** What the stage jobs showed, for the closing line. */
  stages?: string;
  ran?: RunImageResult;
}

/** The environment every child starts from: a few basics, no proxies, and the run's marker. */
export function childEnv(marker: string, extra: readonly string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'USER', 'LOGNAME', ...extra]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  const [name, value] = marker.split('=');
  env[name] = value;
  return env;
}
