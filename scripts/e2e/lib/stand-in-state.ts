/** What the stand-ins share during one walk through the job, and leave for the phases after it. */
import type { Engine } from './engine';
import type { Registry } from './registry';
import type { RehearsalSettings } from './rehearsal-context';
import type { Checks, PhaseClock } from './report';

/** What the build-push stand-in leaves for the pull-and-run phase and for cleanup. */
export interface PushedImage {
  /** registry host + repository, e.g. 127.0.0.1:40123/my-ecr-repo */
  readonly image: string;
  readonly repository: string;
  readonly digest: string;
  readonly imageId: string;
  readonly tags: string[];
  readonly labels: Record<string, string>;
}

/** The rehearsal's side of the stand-ins: where they work, what they check, what they leave. */
export interface StandInState {
  readonly repoRoot: string;
  readonly workspace: string;
  readonly workDir: string;
  readonly settings: RehearsalSettings;
  readonly engine: Engine;
  readonly registry: Registry;
  readonly checks: Checks;
  readonly clock: PhaseClock;
  readonly notes: string[];
  /** Things to remove from the engine at cleanup. */
  readonly localImages: string[];
  loggedIn: boolean;
  /** The build arguments as lib/workflow/deploy-workflow.ts reads them, for a cross-check. */
  readonly expectedBuildArgs?: Record<string, string>;
  pushed?: PushedImage;
  /** How many times build-push-action's stand-in was called (a re-run must not call it). */
  buildCalls: number;
}
