import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatOutput, parseAwsArgs } from '../../../scripts/e2e/lib/aws-cli';
import { batchGetImage, ManifestReader, runAws } from '../../../scripts/e2e/lib/aws-stand-in';
import { jmesQuery } from '../../../scripts/e2e/lib/jmes-query';

const DIGEST = `sha256:${'cd'.repeat(32)}`;
const CONFIG = { registryId: '123456789012', repositories: ['app'] };

/** A registry holding app:v1 only; it has never seen any other repository. */
const reader: ManifestReader = async (repository, reference) => {
  if (repository === 'app' && (reference === 'v1' || reference === DIGEST)) {
    return {
      status: 200,
      digest: DIGEST,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      body: '{"schemaVersion":2}',
    };
  }
  const code = repository === 'app' ? 'MANIFEST_UNKNOWN' : 'NAME_UNKNOWN';
  return { status: 404, body: JSON.stringify({ errors: [{ code }] }) };
};

const QUERY = '[images[0].imageId.imageDigest, failures[0].failureCode]';
const args = (tag: string, repository = 'app') => [
  'ecr',
  'batch-get-image',
  '--repository-name',
  repository,
  '--image-ids',
  `imageTag=${tag}`,
  '--query',
  QUERY,
  '--output',
  'text',
];

describe('aws ecr batch-get-image, answered from a registry', () => {
  test('argument parsing: options with several values, global options anywhere', () => {
    const call = parseAwsArgs([
      '--region',
      'eu-west-1',
      'ecr',
      'batch-get-image',
      '--repository-name',
      'app',
      '--accepted-media-types',
      'a',
      'b',
      '--output=text',
    ]);
    expect(call).toMatchObject({
      service: 'ecr',
      command: 'batch-get-image',
      region: 'eu-west-1',
      output: 'text',
      options: { 'repository-name': ['app'], 'accepted-media-types': ['a', 'b'] },
    });
  });

  test('a tag that exists: the image with its digest, no failure', async () => {
    const response = await batchGetImage(parseAwsArgs(args('v1')), CONFIG, reader);
    expect(response).toEqual({
      images: [
        expect.objectContaining({
          repositoryName: 'app',
          registryId: '123456789012',
          imageId: { imageTag: 'v1', imageDigest: DIGEST },
        }),
      ],
      failures: [],
    });
  });

  test('a missing tag is a failure ImageNotFound, also in a repository the registry has not seen yet', async () => {
    const missing = {
      images: [],
      failures: [
        { imageId: { imageTag: 'v2' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
      ],
    };
    expect(await batchGetImage(parseAwsArgs(args('v2')), CONFIG, reader)).toEqual(missing);
    const empty = await batchGetImage(
      parseAwsArgs(args('v2', 'fresh')),
      { ...CONFIG, repositories: ['app', 'fresh'] },
      reader,
    );
    expect(empty).toEqual({ ...missing, failures: [{ ...missing.failures[0] }] });
  });

  test('a repository the stack did not create is RepositoryNotFoundException, exit 254', async () => {
    await expect(batchGetImage(parseAwsArgs(args('v1', 'other')), CONFIG, reader)).rejects.toMatchObject({
      exitCode: 254,
      message: expect.stringContaining('RepositoryNotFoundException'),
    });
  });

  test('options it does not know are refused by name', async () => {
    await expect(batchGetImage(parseAwsArgs([...args('v1'), '--max-results', '5']), CONFIG, reader)).rejects.toThrow(
      /--max-results is not rehearsed/,
    );
  });
});

describe('--query and --output', () => {
  const data = {
    images: [{ imageId: { imageDigest: 'd', imageTag: 't' } }],
    failures: [] as unknown[],
    n: 3,
    ok: true,
  };

  test.each([
    ['images[0].imageId.imageDigest', 'd'],
    ['images[1].imageId', null],
    ['images[-1].imageId.imageTag', 't'],
    [QUERY, ['d', null]],
    ['{digest: images[0].imageId.imageDigest, n: n}', { digest: 'd', n: 3 }],
    ['failures[0].failureCode', null],
  ])('%s', (expression, expected) => {
    expect(jmesQuery(expression, data)).toEqual(expected);
  });

  test('an expression outside the subset is refused', () => {
    expect(() => jmesQuery('images[*].imageId', data)).toThrow(/outside what the rehearsal's aws stand-in evaluates/);
    expect(() => jmesQuery('length(images)', data)).toThrow(/outside/);
    expect(() => jmesQuery('images[?n > `1`]', data)).toThrow(/only == and != are evaluated/);
    expect(() => jmesQuery("images[?a=='x'", data)).toThrow(/expected '\]'/);
    expect(() => jmesQuery('images || failures', data)).toThrow(/'\|\|' is not evaluated/);
  });

  describe('filter projections and pipes (as update-service is queried)', () => {
    const service = {
      service: {
        deployments: [
          { id: 'ecs-svc/1', status: 'ACTIVE', desired: 2, tags: ['a'] },
          { id: 'ecs-svc/2', status: 'PRIMARY', desired: 2, tags: ['b'] },
          { id: 'ecs-svc/3', status: 'PRIMARY', tags: [] },
        ],
      },
    };
    test.each([
      ["service.deployments[?status=='PRIMARY'] | [0].id", 'ecs-svc/2'],
      ["service.deployments[?status=='PRIMARY'].id", ['ecs-svc/2', 'ecs-svc/3']],
      // What follows a projection applies to each element, and its nulls are dropped.
      ["service.deployments[?status=='PRIMARY'].desired", [2]],
      ["service.deployments[?status=='PRIMARY'][0]", []],
      ["service.deployments[?status!='PRIMARY'].id", ['ecs-svc/1']],
      ["service.deployments[?status=='INACTIVE'] | [0].id", null],
      ['service.deployments[?desired == `2`].id', ['ecs-svc/1', 'ecs-svc/2']],
      ['service.deployments[?tags].id', ['ecs-svc/1', 'ecs-svc/2']],
      ['service.deployments[?tags == `["b"]`] | [0].status', 'PRIMARY'],
      ["service.deployments | [?status=='ACTIVE'] | [0].id", 'ecs-svc/1'],
      ["service.nope[?status=='PRIMARY'] | [0].id", null],
      ["service | deployments[?id=='ecs-svc/3'] | [0].{s: status, d: desired}", { s: 'PRIMARY', d: null }],
    ])('%s', (expression, expected) => {
      expect(jmesQuery(expression, service)).toEqual(expected);
    });
  });

  test('text output as the AWS CLI prints it', () => {
    expect(formatOutput(['d', null], 'text')).toBe('d\tNone\n');
    expect(formatOutput(null, 'text')).toBe('None\n');
    expect(formatOutput(true, 'text')).toBe('True\n');
    expect(
      formatOutput(
        [
          ['a', 1],
          ['b', 2],
        ],
        'text',
      ),
    ).toBe('a\t1\nb\t2\n');
    expect(formatOutput({ a: 1 }, 'json')).toBe('{\n    "a": 1\n}\n');
  });
});

describe('runAws (one invocation)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-stand-in-'));
  const config = {
    ...CONFIG,
    registryUrl: 'http://127.0.0.1:1',
    user: 'AWS',
    token: 't',
    callLog: path.join(dir, 'calls.jsonl'),
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prints what the workflow reads, and logs the call', async () => {
    expect(await runAws(args('v1'), { AWS_REGION: 'ap-northeast-1' }, config, reader)).toEqual({
      code: 0,
      stdout: `${DIGEST}\tNone\n`,
      stderr: '',
    });
    expect(await runAws(args('v9'), { AWS_REGION: 'ap-northeast-1' }, config, reader)).toEqual({
      code: 0,
      stdout: 'None\tImageNotFound\n',
      stderr: '',
    });
    const log = fs
      .readFileSync(config.callLog, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.map((l) => [l.command, l.images, l.failures])).toEqual([
      ['ecr batch-get-image', 1, []],
      ['ecr batch-get-image', 0, ['ImageNotFound']],
    ]);
  });

  test('needs a region, like the real CLI', async () => {
    const result = await runAws(args('v1'), {}, config, reader);
    expect(result.code).toBe(253);
    expect(result.stderr).toMatch(/You must specify a region/);
  });

  test('other commands are not rehearsed', async () => {
    const result = await runAws(
      ['ecr', 'describe-images', '--repository-name', 'app'],
      { AWS_REGION: 'x' },
      config,
      reader,
    );
    expect(result.code).toBe(252);
    expect(result.stderr).toMatch(/aws ecr describe-images is not rehearsed/);
  });
});
