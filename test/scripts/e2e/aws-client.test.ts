/**
 * `runAws` with a make-believe ECS, and the `aws` client the rehearsal puts on the jobs' PATH
 * (scripts/e2e/lib/aws-stand-in-install.ts): the call reaches the rehearsal's process with its
 * arguments, working directory and AWS_* variables, and the answer comes back as the CLI prints it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sessionCredentials } from '../../../scripts/e2e/lib/aws-cli';
import { runAws } from '../../../scripts/e2e/lib/aws-stand-in';
import { readCallLog, startAwsStandIn } from '../../../scripts/e2e/lib/aws-stand-in-install';
import { ecsStateFor, REHEARSAL_STAGES } from '../../../scripts/e2e/lib/stage-fixtures';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app';
const fresh = () => ecsStateFor(REHEARSAL_STAGES, IMAGE, { name: 'test' });
const asStaging = {
  AWS_REGION: 'eu-west-1',
  ...sessionCredentials({ roleArn: REHEARSAL_STAGES[0].roleArn, sessionName: 's' }),
};

describe('runAws with a make-believe ECS, and the aws client', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-stand-in-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const base = {
    registryUrl: 'http://127.0.0.1:1',
    user: 'AWS',
    token: 't',
    registryId: '123456789012',
    repositories: [],
  };

  test('--query and --output text on an ECS answer; file:// relative to the working directory', async () => {
    const state = fresh();
    const config = { ...base, callLog: path.join(dir, 'calls.jsonl'), ecs: state };
    const query = ['--query', "service.deployments[?status=='PRIMARY'] | [0].id", '--output', 'text'];
    const argv = [
      'ecs',
      'update-service',
      '--cluster',
      'staging-cluster',
      '--service',
      'web',
      '--task-definition',
      'staging-web:2',
    ];
    const updated = await runAws([...argv, ...query], asStaging, config);
    expect(updated).toEqual({ code: 0, stdout: expect.stringMatching(/^ecs-svc\/\d{19}\n$/), stderr: '' });
    fs.writeFileSync(path.join(dir, 'next.json'), '{"family": "staging-web"}');
    const relative = await runAws(
      ['ecs', 'register-task-definition', '--cli-input-json', 'file://next.json'],
      asStaging,
      config,
      undefined,
      dir,
    );
    expect(relative.stderr).toMatch(/Missing required parameter in input: "containerDefinitions"/);
    expect(readCallLog(config.callLog).map((c) => [c.command, c.deploymentId ?? c.code])).toEqual([
      ['ecs update-service', updated.stdout.trim()],
      ['ecs register-task-definition', 252],
    ]);
  });

  test('the aws client: arguments as given, stdout, stderr and the exit code; the rehearsal answers nothing else', async () => {
    const aws = await startAwsStandIn(path.join(dir, 'client'), { ...base, ecs: fresh() });
    const bash = (script: string, env: Record<string, string>) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn('bash', ['-c', script], {
          env: { PATH: `${aws.binDir}:${process.env.PATH}`, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    try {
      const env = { ...asStaging };
      const ok = await bash(
        "aws ecs describe-services --cluster staging-cluster --services web --query 'services[0].[serviceName, status]' --output text",
        env,
      );
      expect(ok).toEqual({ code: 0, out: 'web\tACTIVE\n', err: '' });
      const odd = await bash("aws ecs describe-services --cluster 'staging cluster' --services $'a\\nb'", env);
      expect(odd.code).toBe(254);
      expect(odd.err).toMatch(/ClusterNotFoundException/);
      expect(readCallLog(aws.callLog)[1].argv).toEqual([
        'ecs',
        'describe-services',
        '--cluster',
        'staging cluster',
        '--services',
        'a\nb',
      ]);
      const noRegion = await bash('aws ecs describe-services --services web', {});
      expect(noRegion.code).toBe(253);
      const script = fs.readFileSync(path.join(aws.binDir, 'aws'), 'utf8');
      const forged = await bash(script.replace(/^fields=\(\w+/m, 'fields=(0000'), env);
      expect(forged).toMatchObject({ code: 255, err: expect.stringContaining("not this rehearsal's call") });
    } finally {
      await aws.close();
    }
  });
});
