/** What the rehearsal needs on the machine, and exactly what to install when something is missing. */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Tool {
  readonly command: string;
  readonly debianPackage: string;
  /** Needed only when no Docker engine answers (podman stands in for it). */
  readonly forPodmanOnly?: boolean;
}

const TOOLS: Tool[] = [
  { command: 'docker', debianPackage: 'docker.io' },
  { command: 'docker-registry', debianPackage: 'docker-registry' },
  { command: 'htpasswd', debianPackage: 'apache2-utils' },
  { command: 'git', debianPackage: 'git' },
  { command: 'ldd', debianPackage: 'libc-bin' },
  // The stage deploy jobs' scripts read the AWS CLI's JSON with jq (GitHub's runners have it).
  { command: 'jq', debianPackage: 'jq' },
  { command: 'podman', debianPackage: 'podman', forPodmanOnly: true },
  { command: 'conmon', debianPackage: 'conmon', forPodmanOnly: true },
  { command: 'runc', debianPackage: 'runc', forPodmanOnly: true },
  { command: 'slirp4netns', debianPackage: 'slirp4netns', forPodmanOnly: true },
];

export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      fs.accessSync(path.join(dir || '.', command), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The reasons the rehearsal cannot run here (none when it can). */
export function preflightProblems(realDocker: boolean): string[] {
  const problems: string[] = [];
  const missing = TOOLS.filter((t) => !(t.forPodmanOnly && realDocker) && !onPath(t.command));
  if (missing.length > 0) {
    problems.push(`missing: ${missing.map((t) => `${t.command} (Debian package ${t.debianPackage})`).join(', ')}`);
  }
  if (process.platform !== 'linux') {
    problems.push(
      `the base image is made from this machine's node binary, so the rehearsal runs on Linux only (this is ${process.platform})`,
    );
  }
  if (!realDocker && process.getuid?.() !== 0) {
    problems.push('no Docker engine answers, and podman is used as root here: run as root (or start a Docker engine)');
  }
  return problems;
}

export function explainProblems(problems: readonly string[]): string {
  return [
    'e2e: cannot rehearse on this machine:',
    ...problems.map((p) => `  - ${p}`),
    '  Install the tools (Debian, as root):  bash .ci/e2e-deps.sh',
    '  then run again:  npm run test:e2e',
  ].join('\n');
}
