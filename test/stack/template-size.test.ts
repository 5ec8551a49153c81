import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../../lib/stack/config';
import { checkTemplateSizes, TEMPLATE_MAX_BYTES } from '../../lib/stack/template-size';

describe('checkTemplateSizes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'template-size-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const template = (name: string, bytes: number) => {
    const file = path.join(dir, `${name}.template.json`);
    fs.writeFileSync(file, 'x'.repeat(bytes));
    return { stackName: name, templateFullPath: file };
  };

  test('1 MB (1,048,576 bytes) is accepted, one byte more is refused in one line naming the stack', () => {
    expect(TEMPLATE_MAX_BYTES).toBe(1_048_576);
    const fits = template('fits', 1_048_576);
    expect(() => checkTemplateSizes([fits])).not.toThrow();
    const over = template('over', 1_048_577);
    let error: unknown;
    try {
      checkTemplateSizes([fits, over]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `Invalid setting "repositories" = "over (1048577 bytes)": expected settings whose stacks fit CloudFormation's template limit of 1048576 bytes (1 MB): shorten the repositories' subjects, pull accounts or moving tags, or serve some of them from another app with its own stackName.`,
    );
  });
});
