import { MetadataContext, renderMetadata } from '../../../scripts/e2e/lib/metadata-action';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const ctx: MetadataContext = {
  eventName: 'push',
  ref: 'refs/heads/feature/x',
  sha: SHA,
  date: new Date('2026-01-02T03:04:05.678Z'),
  repository: {
    name: 'my-repo',
    description: '',
    htmlUrl: 'https://github.com/o/my-repo',
    license: 'Apache-2.0',
    defaultBranch: 'main',
  },
};

describe('tags', () => {
  test('type=sha is the short SHA with prefix sha- by default', () => {
    expect(renderMetadata({ images: 'r/app', tags: 'type=sha' }, ctx).tags).toEqual([`r/app:sha-${SHA.slice(0, 7)}`]);
  });

  test('format=long with an empty prefix is the bare full SHA', () => {
    expect(renderMetadata({ images: 'r/app', tags: 'type=sha,format=long,prefix=' }, ctx).tagNames).toEqual([SHA]);
  });

  test('a raw latest that is enabled comes first (priority 200 > 100) and becomes the version', () => {
    const out = renderMetadata(
      {
        images: 'R/App',
        flavor: 'latest=false',
        tags: 'type=sha,format=long,prefix=\ntype=raw,value=latest,enable=true',
      },
      ctx,
    );
    expect(out.tags).toEqual(['r/app:latest', `r/app:${SHA}`]);
    expect(out.version).toBe('latest');
  });

  test("the deploy workflow's entries: the SHA outranks latest, so the version is the SHA", () => {
    const out = renderMetadata(
      {
        images: 'r/app',
        flavor: 'latest=false',
        tags: 'type=sha,format=long,prefix=,priority=1001\ntype=raw,value=latest,enable=true',
      },
      ctx,
    );
    expect(out.tagNames).toEqual([SHA, 'latest']);
    expect(out.version).toBe(SHA);
    expect(out.labels).toContain(`org.opencontainers.image.version=${SHA}`);
  });

  test('a disabled entry produces nothing; priority= reorders', () => {
    expect(
      renderMetadata({ tags: 'type=raw,value=latest,enable=false\ntype=sha,format=long,prefix=' }, ctx).tagNames,
    ).toEqual([SHA]);
    const out = renderMetadata({ tags: 'type=raw,value=latest\ntype=sha,format=long,prefix=,priority=300' }, ctx);
    expect(out.version).toBe(SHA);
  });

  test('flavor latest=true adds latest; auto does not on a branch', () => {
    expect(renderMetadata({ tags: 'type=sha', flavor: 'latest=true' }, ctx).tagNames).toEqual([
      `sha-${SHA.slice(0, 7)}`,
      'latest',
    ]);
    expect(renderMetadata({ tags: 'type=sha' }, ctx).tagNames).toEqual([`sha-${SHA.slice(0, 7)}`]);
  });

  test('branch names are sanitized; tag-only rules yield nothing on a branch push', () => {
    expect(renderMetadata({ tags: 'type=ref,event=branch\ntype=semver,pattern={{version}}' }, ctx).tagNames).toEqual([
      'feature-x',
    ]);
  });

  test('errors on an enable that is not a boolean and on unknown types', () => {
    expect(() => renderMetadata({ tags: 'type=raw,value=x,enable=maybe' }, ctx)).toThrow(/enable/);
    expect(() => renderMetadata({ tags: 'type=nope' }, ctx)).toThrow(/unknown type/);
  });
});

test('labels: the OCI defaults, then the input (later wins), sorted by key', () => {
  const out = renderMetadata(
    { tags: 'type=sha,format=long,prefix=', labels: 'org.opencontainers.image.title={{branch}}\nzz.custom=a=b' },
    ctx,
  );
  expect(out.labels).toEqual([
    'org.opencontainers.image.created=2026-01-02T03:04:05.678Z',
    'org.opencontainers.image.description=',
    'org.opencontainers.image.licenses=Apache-2.0',
    `org.opencontainers.image.revision=${SHA}`,
    'org.opencontainers.image.source=https://github.com/o/my-repo',
    'org.opencontainers.image.title=feature/x',
    'org.opencontainers.image.url=https://github.com/o/my-repo',
    `org.opencontainers.image.version=${SHA}`,
    'zz.custom=a=b',
  ]);
});

test("labels: the repository's empty description and its license come first, the labels input replaces them", () => {
  const defaults = renderMetadata({ tags: 'type=sha' }, ctx).labels;
  expect(defaults).toContain('org.opencontainers.image.description=');
  expect(defaults).toContain('org.opencontainers.image.title=my-repo');
  const out = renderMetadata(
    {
      tags: 'type=sha',
      labels: 'org.opencontainers.image.description=A service\norg.opencontainers.image.licenses=MIT',
    },
    ctx,
  ).labels;
  expect(out).toContain('org.opencontainers.image.description=A service');
  expect(out).toContain('org.opencontainers.image.licenses=MIT');
  expect(out.filter((l) => l.startsWith('org.opencontainers.image.description='))).toHaveLength(1);
});
