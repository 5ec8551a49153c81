import * as fs from 'node:fs';
import * as path from 'node:path';
import { inputList } from '../../../scripts/e2e/lib/action-inputs';
import { baseImageArg, instructions } from '../../../scripts/e2e/lib/dockerfile';
import { deployedBranch, rehearsalSettings } from '../../../scripts/e2e/lib/rehearsal-context';
import { cacheUse } from '../../../scripts/e2e/lib/build-push';

test('list inputs split on lines, and on commas unless told not to', () => {
  expect(inputList(' a:1, b:2 \n\n c:3 ')).toEqual(['a:1', 'b:2', 'c:3']);
  expect(inputList('K=v,w\n# comment\nL=x', { ignoreComma: true, comment: '#' })).toEqual(['K=v,w', 'L=x']);
  expect(inputList('"a,b",c')).toEqual(['a,b', 'c']);
});

describe('the base image ARG', () => {
  test.each([
    ['ARG BASE_IMAGE=node:20\nFROM ${BASE_IMAGE}', { name: 'BASE_IMAGE', defaultValue: 'node:20' }],
    ['ARG B\nFROM --platform=$BUILDPLATFORM $B AS build', { name: 'B', defaultValue: undefined }],
    ['ARG V=1\nARG IMG="x:y"\nFROM ${IMG:-z}', { name: 'IMG', defaultValue: 'x:y' }],
    ['FROM node:20\nARG BASE_IMAGE', undefined],
    ['ARG BASE_IMAGEX=a\nFROM $BASE_IMAGE', undefined],
  ])('%j', (dockerfile, expected) => {
    expect(baseImageArg(dockerfile)).toEqual(expected);
  });

  test("the repository's Dockerfile takes its base as an ARG", () => {
    const dockerfile = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8');
    expect(baseImageArg(dockerfile)).toEqual({
      name: 'BASE_IMAGE',
      defaultValue: expect.stringMatching(/^public\.ecr\.aws\/docker\/library\/node:/),
    });
  });
});

test('Dockerfile instructions: continuations joined, comments and blank lines dropped, keywords upper-cased', () => {
  const dockerfile = [
    '# top',
    'from node',
    '',
    'HEALTHCHECK --interval=30s \\',
    '# inside',
    '  CMD ["node"]',
    'user 1',
  ].join('\n');
  expect(instructions(dockerfile)).toEqual([
    { keyword: 'FROM', args: 'node' },
    { keyword: 'HEALTHCHECK', args: expect.stringMatching(/^--interval=30s +CMD \["node"\]$/) },
    { keyword: 'USER', args: '1' },
  ]);
});

describe('cache use from build output', () => {
  const podman = [
    'STEP 1/4: FROM localhost:1/base:1',
    'STEP 2/4: WORKDIR /app',
    '--> Using cache 76726060e5932bda306d3ce8fbb5a60a003aa3b5219f1fc646e04cbbecca0a28',
    '--> 76726060e59',
    'STEP 3/4: COPY app/ /app/',
    '--> Using cache babed84333f012d09b0c33f1e205423ff0701cd6beeecaffe16c0bd42c4f39ed',
    'STEP 4/4: LABEL "x"="y"',
    '--> 7e3b7552b23',
  ].join('\n');

  test('counts only the Dockerfile’s own steps (podman appends --label steps)', () => {
    expect(cacheUse(podman, 3)).toEqual({ steps: 2, cached: 2, rebuilt: [] });
    expect(cacheUse(podman, 4).rebuilt).toEqual(['LABEL "x"="y"']);
  });

  test('reads BuildKit output', () => {
    const buildkit = [
      '#5 [1/3] FROM localhost:1/base:1',
      '#6 [2/3] WORKDIR /app',
      '#6 CACHED',
      '#7 [3/3] COPY app/ /app/',
      '#7 DONE 0.1s',
    ].join('\n');
    expect(cacheUse(buildkit, 3)).toEqual({ steps: 2, cached: 1, rebuilt: ['COPY app/ /app/'] });
  });
});

test('the rehearsal pushes to the branch (or, tags only, the tag) the workflow deploys, with latest allowed to move by default', () => {
  expect(deployedBranch(['release/**', '!x', 'develop'])).toBe('develop');
  // Only patterns (an adopter's release branches): a branch one of them matches.
  expect(deployedBranch(['!x', 'release/*'])).toBe('release/rehearsal');
  expect(deployedBranch(['a?b'])).toBeUndefined();
  const s = rehearsalSettings({ cdkContext: { allowedBranches: ['main'] }, pushBranches: [], sha: 'a', runId: '1' });
  expect(s.ref).toBe('refs/heads/main');
  // A workflow that deploys tags only: a tag it deploys, not a branch its job would skip.
  const tagged = (pushBranches: string[]) =>
    rehearsalSettings({ cdkContext: {}, pushBranches, pushTags: ['release-*'], sha: 'a', runId: '1' }).ref;
  expect(tagged([])).toBe('refs/tags/release-rehearsal');
  expect(tagged(['main'])).toBe('refs/heads/main');
  expect(s.movingTags).toBe('latest');
  expect(
    rehearsalSettings({ cdkContext: { movingTags: ['v*', 'latest'] }, pushBranches: [], sha: 'a', runId: '1' })
      .movingTags,
  ).toBe('v*,latest');
  expect(
    rehearsalSettings({ cdkContext: {}, pushBranches: [], movingTagsOverride: '', sha: 'a', runId: '1' }).movingTags,
  ).toBe('');
});
