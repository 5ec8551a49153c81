/** Phase timings, checks and the lines the rehearsal prints. */

export class CheckFailed extends Error {
  constructor(what: string, detail?: string) {
    super(detail ? `${what}: ${detail}` : what);
    this.name = 'CheckFailed';
  }
}

export class Checks {
  passed = 0;
  failed = 0;

  constructor(private readonly log: (line: string) => void) {}

  /** Records a passed check, or throws (and counts a failure) when `ok` is false. */
  expect(ok: boolean, what: string, detail?: string): void {
    if (!ok) {
      this.failed++;
      throw new CheckFailed(what, detail);
    }
    this.passed++;
    this.log(`  ✓ ${what}${detail ? ` (${detail})` : ''}`);
  }
}

export const PHASES = ['registry', 'login', 'build', 'push', 'rerun', 'stages', 'run', 'cleanup'] as const;
export type Phase = (typeof PHASES)[number];

export class PhaseClock {
  private readonly spent = new Map<string, number>();
  private current: { name: string; since: number } | undefined;
  private readonly started = Date.now();
  private readonly extras = new Map<string, number>();

  constructor(private readonly onEnter: (phase: Phase) => void) {}

  enter(phase: Phase): void {
    this.close();
    this.current = { name: phase, since: Date.now() };
    this.onEnter(phase);
  }

  get phase(): string | undefined {
    return this.current?.name;
  }

  /** Time of a part inside a phase, shown next to it (e.g. the base image inside build). */
  note(part: string, ms: number): void {
    this.extras.set(part, ms);
  }

  close(): void {
    if (!this.current) return;
    this.spent.set(this.current.name, (this.spent.get(this.current.name) ?? 0) + Date.now() - this.current.since);
    this.current = undefined;
  }

  totalMs(): number {
    return Date.now() - this.started;
  }

  /** "registry 0.4s · login 1.1s · build 6.0s (base 4.2s) · …" */
  render(): string {
    const parts: string[] = [];
    for (const phase of PHASES) {
      const ms = this.spent.get(phase);
      if (ms === undefined) continue;
      const inner = phase === 'build' && this.extras.has('base') ? ` (base ${seconds(this.extras.get('base')!)})` : '';
      parts.push(`${phase} ${seconds(ms)}${inner}`);
    }
    return parts.join(' · ');
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
