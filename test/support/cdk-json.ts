import * as fs from 'fs';
import * as path from 'path';
import { deepFreeze } from './deep-freeze';

/** cdk.json's context: the defaults every user starts from, as `cdk synth` reads them (frozen: shared by every test file). */
export const CDK_JSON_CONTEXT: Readonly<Record<string, unknown>> = deepFreeze(
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context,
);
