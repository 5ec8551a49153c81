import * as fs from 'fs';
import * as path from 'path';

/** cdk.json's context: the defaults every user starts from, as `cdk synth` reads them. */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;
