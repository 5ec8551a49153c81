/**
 * The Dockerfile's contract, read statically (building it needs a container engine; the e2e
 * rehearsal does that): base image as an ARG from ECR Public, nothing needed from the base but
 * `node`, a numeric non-root user, a node-based HEALTHCHECK, every build argument the workflow
 * passes declared, and a build context that holds only what the image copies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDeployWorkflow } from '../../lib/workflow/deploy-workflow';
import { instructions } from '../../scripts/e2e/lib/dockerfile';

const ROOT = join(__dirname, '..', '..');

/** True for a JSON exec-form command whose program is `node`. */
function execFormNode(args: string): boolean {
  try {
    const argv = JSON.parse(args) as unknown;
    return Array.isArray(argv) && argv[0] === 'node';
  } catch {
    return false;
  }
}

/** The RUN instructions that need a shell or a program other than node from the base. */
function runsNeedingMoreThanNode(dockerfile: string): string[] {
  return instructions(dockerfile)
    .filter((i) => i.keyword === 'RUN' && !execFormNode(i.args))
    .map((i) => i.args);
}

const DOCKERFILE_TEXT = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const DOCKERFILE = instructions(DOCKERFILE_TEXT);
const of = (keyword: string) => DOCKERFILE.filter((i) => i.keyword === keyword);

test('a RUN needs more than node unless it is an exec-form node command', () => {
  const dockerfile = ['FROM x', 'RUN apk add curl', 'RUN ["node", "build.js"]', 'RUN ["sh", "-c", "x"]'].join('\n');
  expect(runsNeedingMoreThanNode(dockerfile)).toEqual(['apk add curl', '["sh", "-c", "x"]']);
});

describe('Dockerfile', () => {
  test('BASE_IMAGE is an ARG before the first FROM, defaulting to a Node 24 image on ECR Public', () => {
    const firstFrom = DOCKERFILE.findIndex((i) => i.keyword === 'FROM');
    const baseArg = DOCKERFILE.findIndex((i) => i.keyword === 'ARG' && i.args.startsWith('BASE_IMAGE='));
    expect(baseArg).toBeGreaterThanOrEqual(0);
    expect(baseArg).toBeLessThan(firstFrom);
    expect(DOCKERFILE[baseArg].args).toMatch(/^BASE_IMAGE=public\.ecr\.aws\/docker\/library\/node:24[-.\w]*$/);
    expect(of('FROM')[0].args).toBe('${BASE_IMAGE}');
  });

  test('needs nothing from the base but node: no shell-form RUN, exec-form CMD and HEALTHCHECK with node', () => {
    expect(runsNeedingMoreThanNode(DOCKERFILE_TEXT)).toEqual([]);
    const cmd = of('CMD');
    expect(cmd).toHaveLength(1);
    // Exec form: node is PID 1 and gets SIGTERM itself (a shell would swallow it).
    expect(execFormNode(cmd[0].args)).toBe(true);
    const health = of('HEALTHCHECK');
    expect(health).toHaveLength(1);
    const cmdAt = health[0].args.indexOf('CMD ');
    expect(cmdAt).toBeGreaterThan(-1);
    expect(execFormNode(health[0].args.slice(cmdAt + 4).trim())).toBe(true);
  });

  test('runs as a numeric non-root user and exposes 8080', () => {
    const users = of('USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1].args;
    expect(last).toMatch(/^[0-9]+(:[0-9]+)?$/);
    expect(Number(last.split(':')[0])).toBeGreaterThan(0);
    expect(of('EXPOSE').map((e) => e.args)).toEqual(['8080']);
  });

  test('every build argument the deploy workflow passes is declared, and APP_VERSION reaches the environment', () => {
    const declared = of('ARG').map((a) => a.args.split('=')[0]);
    const passed = readDeployWorkflow(ROOT).buildArgs.map((a) => a.name);
    expect(passed).toContain('APP_VERSION');
    expect(passed.filter((name) => !declared.includes(name))).toEqual([]);
    expect(of('ENV').some((e) => /\bAPP_VERSION=\$\{?APP_VERSION\}?/.test(e.args))).toBe(true);
  });

  test('OCI labels, including the version', () => {
    const keys = of('LABEL').flatMap((l) => [...l.args.matchAll(/([\w.-]+)=/g)].map((m) => m[1]));
    expect(keys).toEqual(
      expect.arrayContaining(
        ['title', 'description', 'version', 'revision', 'licenses'].map((key) => `org.opencontainers.image.${key}`),
      ),
    );
  });
});

/** One .dockerignore rule as Docker applies it (later rules win; a directory rule covers its contents). */
interface IgnoreRule {
  readonly negated: boolean;
  readonly regex: RegExp;
}

function ignoreRules(text: string): IgnoreRule[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      const body = pattern
        .split('/')
        .map((seg) =>
          seg === '**'
            ? '.*'
            : seg
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        // "a/**/b" also matches "a/b".
        .replace(/\/\.\*\//g, '(?:/.*)?/');
      return { negated, regex: new RegExp(`^${body}$`) };
    });
}

function excluded(rules: readonly IgnoreRule[], path: string): boolean {
  const parts = path.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let result = false;
  for (const rule of rules) {
    if (candidates.some((c) => rule.regex.test(c))) result = !rule.negated;
  }
  return result;
}

describe('.dockerignore', () => {
  const rules = ignoreRules(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));

  test.each(['image/server.js', 'image/healthcheck.js'])('sends %s (the image copies it)', (path) => {
    expect(excluded(rules, path)).toBe(false);
  });

  test.each([
    'node_modules/aws-cdk-lib/index.js',
    'cdk.out/manifest.json',
    'lib/stack/config.ts',
    'bin/github-oidc-ecr.ts',
    'test/image/server.test.ts',
    '.git/HEAD',
    '.github/workflows/deploy-ecr.yml',
    'package.json',
    'cdk.json',
    '.env',
    'image/node_modules/x/index.js',
    'image/server.test.js',
    'image/.env',
  ])('keeps %s out of the build context', (path) => {
    expect(excluded(rules, path)).toBe(true);
  });

  test('every COPY source of the Dockerfile is in the context', () => {
    const sources = of('COPY').flatMap((copy) =>
      copy.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1),
    );
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => excluded(rules, source.replace(/\/$/, '')))).toEqual([]);
  });
});
