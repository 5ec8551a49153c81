/**
 * A job's environment as the role sees it (lib/workflow/job-environment.ts): a literal name, or
 * the names an expression can take when they can be read from the file.
 */
import { environmentNames, jobEnvironmentOf } from '../../lib/workflow/job-environment';
import { parseWorkflow } from '../../lib/workflow/workflow-document';

/** The environment of a one-job workflow whose job has `lines` (indented under the job). */
function environmentOf(...lines: string[]) {
  const text = ['on: push', 'jobs:', '  deploy:', '    runs-on: ubuntu-24.04', ...lines.map((l) => `    ${l}`)].join(
    '\n',
  );
  return jobEnvironmentOf(parseWorkflow(text, 'wf.yml').jobs[0]);
}

describe('jobEnvironmentOf', () => {
  test('no environment, a name, and environment.name', () => {
    expect(environmentOf()).toEqual({ kind: 'none' });
    expect(environmentOf('environment: production')).toEqual({ kind: 'literal', name: 'production' });
    expect(environmentOf('environment:', '  name: staging', '  url: https://x.example')).toEqual({
      kind: 'literal',
      name: 'staging',
    });
  });

  test.each([
    ["${{ github.ref == 'refs/heads/main' && 'production' || 'staging' }}", ['production', 'staging']],
    ["${{ startsWith(github.ref, 'refs/tags/') && 'release' || 'preview' }}", ['release', 'preview']],
    ["${{ 'production' }}", ['production']],
    ["deploy-${{ github.event_name == 'push' && 'eu' || 'us' }}", ['deploy-eu', 'deploy-us']],
  ])('the names %s can take', (expression, names) => {
    expect(environmentOf(`environment: "${expression}"`)).toEqual({ kind: 'expression', text: expression, names });
  });

  test('a matrix value: the listed values and those include adds', () => {
    const env = environmentOf(
      'strategy:',
      '  matrix:',
      '    target: [eu, us]',
      '    include:',
      '      - target: ap',
      'environment: ${{ matrix.target }}',
    );
    expect(environmentNames(env)).toEqual(['eu', 'us', 'ap']);
  });

  test.each([
    ['${{ vars.DEPLOY_ENVIRONMENT }}'],
    ['${{ inputs.environment }}'],
    ["${{ github.ref == 'refs/heads/main' && 'production' }}"],
    ['${{ matrix.missing }}'],
    ['${{ fromJSON(vars.ENVS)[0] }}'],
  ])('%s: the names cannot be told', (expression) => {
    const env = environmentOf(`environment: "${expression}"`);
    expect(env).toEqual({ kind: 'expression', text: expression, names: undefined });
    expect(environmentNames(env)).toBeUndefined();
  });

  test('environmentNames: none is no name, a literal is its name', () => {
    expect(environmentNames({ kind: 'none' })).toEqual([]);
    expect(environmentNames({ kind: 'literal', name: 'production' })).toEqual(['production']);
  });
});
