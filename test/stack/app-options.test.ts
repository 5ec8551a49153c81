import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { appOptions, DISABLE_CREATION_STACK_TRACES } from '../../lib/stack/app-options';

/** Whether an output made in an App with appOptions() records where it was created. */
function outputHasCreationTrace(): boolean {
  const output = new CfnOutput(new Stack(new App(appOptions()), 'Fixture'), 'Out', { value: 'x' });
  return output.node.metadata.some((m) => m.type === 'aws:cdk:creationStack');
}

describe('appOptions (how bin/ creates the App)', () => {
  const saved = process.env.CDK_DEBUG;
  afterEach(() => {
    if (saved === undefined) delete process.env.CDK_DEBUG;
    else process.env.CDK_DEBUG = saved;
  });

  test('the context key is the one the CDK reads', () => {
    expect(appOptions()).toEqual({ context: { [DISABLE_CREATION_STACK_TRACES]: true } });
    expect(DISABLE_CREATION_STACK_TRACES).toBe(cxapi.DISABLE_CREATION_STACK_TRACES);
  });

  test('resources and outputs record no creation stack trace', () => {
    delete process.env.CDK_DEBUG;
    expect(outputHasCreationTrace()).toBe(false);
  });

  test('cdk synth --debug (CDK_DEBUG=true): they do', () => {
    process.env.CDK_DEBUG = 'true';
    expect(outputHasCreationTrace()).toBe(true);
  });
});
