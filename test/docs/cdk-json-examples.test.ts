/**
 * Every cdk.json example in the docs (a ```json block with a "context" object) holds settings the
 * app accepts: an adopter who copies one gets a synth, not an error. The example's own claims
 * (which entry gets which trust, who may pull) are checked where the docs make them.
 */
import { parseSettings, RegistryConfig } from '../../lib/stack/config';
import { codeBlocks, docFiles, readDoc } from './markdown';

const examples = docFiles().flatMap((file) =>
  codeBlocks(readDoc(file))
    .filter((b) => b.info === 'json' && /^\s*\{\s*"context"\s*:/.test(b.body))
    .map((b, i) => ({
      name: `${file} #${i + 1}`,
      file,
      context: JSON.parse(b.body).context as Record<string, unknown>,
    })),
);

const parse = (context: Record<string, unknown>): RegistryConfig =>
  parseSettings((key) => context[key], Object.keys(context));

test('the docs have cdk.json examples to check', () => {
  expect(examples.map((e) => e.file)).toEqual(expect.arrayContaining(['docs/many-repositories.md']));
});

test.each(examples.map((e) => [e.name, e] as const))('%s is accepted as settings', (_, e) => {
  expect(() => parse(e.context)).not.toThrow();
});

test("many-repositories.md's example gives each entry the trust and pull access the page says", () => {
  const example = examples.find((e) => e.file === 'docs/many-repositories.md')!;
  const config = parse(example.context);
  expect(
    config.repositories.map((r) => [r.repository.fullName, r.subjects.map(String), r.pullAccess, r.ecrRepositoryName]),
  ).toEqual([
    ['my-org/payments-api', ['branch("main")'], { accounts: [], organizationId: 'o-a1b2c3d4e5' }, 'payments-api'],
    ['my-org/web-front', ['environment("production")'], { accounts: [], organizationId: 'o-a1b2c3d4e5' }, 'web-front'],
    ['data-team/ingest', ['tag("v*")'], { accounts: ['111122223333'], organizationId: undefined }, 'data/ingest'],
  ]);
  expect(config.repositories.every((r) => r.repository.usesImmutableIds)).toBe(true);
});
