/**
 * The base image for the rehearsal's build, made on this machine because these sandboxes reach
 * no image registry: the `node` binary running the rehearsal plus the shared libraries it loads
 * (from `ldd`), `/etc/passwd` and `/etc/group` with root and nobody, and a world-writable /tmp.
 * That is all the deploy Dockerfile needs from its base (`node` on PATH).
 *
 * The image is tagged by a fingerprint of those files, so a later run finds it in the engine's
 * storage and only pushes it again.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DockerCli } from './engine';
import { runCommand } from './processes';

export interface BaseImage {
  /** The engine-local name (`localhost/…:tag`). */
  readonly localRef: string;
  readonly tag: string;
  /** False when the image was already in the engine's storage. */
  readonly built: boolean;
}

export const BASE_REPOSITORY = 'github-oidc-ecr-e2e/node-base';

/** Files the base needs: the node binary and every library `ldd` resolves for it (the loader included). */
async function nodeRuntimeFiles(nodeBinary: string, env: Record<string, string>): Promise<string[]> {
  const ldd = await runCommand('ldd', [nodeBinary], { env });
  const libraries = ldd.stdout
    .split('\n')
    .map((line) => /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line)?.[1])
    .filter((p): p is string => p !== undefined);
  if (!libraries.some((l) => /ld-linux|ld-musl/.test(l))) {
    throw new Error(`ldd ${nodeBinary} named no dynamic loader; cannot make a base image from it`);
  }
  return [nodeBinary, ...libraries];
}

function fingerprint(files: string[]): string {
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    const st = fs.statSync(file);
    hash.update(`${file}\0${fs.realpathSync(file)}\0${st.size}\0${st.mtimeMs}\0${st.ino}\n`);
  }
  return hash.digest('hex').slice(0, 12);
}

function stageRootfs(dir: string, nodeBinary: string, libraries: string[]): void {
  const rootfs = path.join(dir, 'rootfs');
  const place = (source: string, target: string) => {
    fs.mkdirSync(path.dirname(path.join(rootfs, target)), { recursive: true });
    fs.copyFileSync(fs.realpathSync(source), path.join(rootfs, target));
    fs.chmodSync(path.join(rootfs, target), 0o755);
  };
  place(nodeBinary, '/usr/local/bin/node');
  // Each library at the path the binary asks for, as a regular file (no symlink chains to copy).
  for (const lib of libraries) place(lib, lib);
  fs.mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
  fs.writeFileSync(
    path.join(rootfs, 'etc/passwd'),
    'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n',
  );
  fs.writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  fs.mkdirSync(path.join(rootfs, 'tmp'), { recursive: true });
  fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777);
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY rootfs/ /',
      'ENV PATH=/usr/local/bin:/usr/bin:/bin',
      `LABEL org.opencontainers.image.description="node ${process.version} and its libraries, copied from the machine running the e2e rehearsal"`,
      'CMD ["node"]',
      '',
    ].join('\n'),
  );
}

/** Finds the base image in the engine's storage, or builds it. */
export async function ensureBaseImage(
  docker: DockerCli,
  workDir: string,
  env: Record<string, string>,
): Promise<BaseImage> {
  const nodeBinary = process.execPath;
  const files = await nodeRuntimeFiles(nodeBinary, env);
  const tag = `node${process.versions.node}-${fingerprint(files)}`;
  const localRef = `localhost/${BASE_REPOSITORY}:${tag}`;
  const present = await docker(['image', 'inspect', '--format', '{{.Id}}', localRef], { check: false });
  if (present.code === 0) return { localRef, tag, built: false };

  const dir = path.join(workDir, 'base-image');
  fs.mkdirSync(dir, { recursive: true });
  stageRootfs(dir, nodeBinary, files.slice(1));
  await docker(['build', '--tag', localRef, dir], { timeoutMs: 300_000 });
  fs.rmSync(dir, { recursive: true, force: true });
  return { localRef, tag, built: true };
}
