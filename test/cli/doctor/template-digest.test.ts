/**
 * The digest the doctor's synth record keeps of each template: blind to the metadata `cdk synth`
 * adds and the doctor's synth leaves out, and to nothing else.
 */
import { templateDigest } from '../../../lib/cli/doctor/template-digest';

const ROLE = {
  Type: 'AWS::IAM::Role',
  Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Federated: 'x' } }] } },
};

/** A template as the doctor synthesizes it. */
const PLAIN = { Resources: { DeployRole: ROLE }, Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } } };

/** The same, as `cdk synth` writes it: construct paths, asset metadata, the CDKMetadata resource and its condition. */
const FROM_CLI = {
  Resources: {
    DeployRole: { ...ROLE, Metadata: { 'aws:cdk:path': 'stack/DeployRole/Resource', 'aws:asset:path': 'asset.1' } },
    CDKMetadata: {
      Type: 'AWS::CDK::Metadata',
      Properties: { Analytics: 'v2:deflate64:H4sI' },
      Metadata: { 'aws:cdk:path': 'stack/CDKMetadata/Default' },
      Condition: 'CDKMetadataAvailable',
    },
  },
  Conditions: { ...PLAIN.Conditions, CDKMetadataAvailable: { 'Fn::Or': [] } },
};

const digest = (template: object) => templateDigest(JSON.stringify(template, null, 1));

describe('templateDigest', () => {
  test('is the same for a template with the CDK CLI’s metadata', () => {
    expect(digest(FROM_CLI)).toBe(digest(PLAIN));
    expect(digest({ Resources: PLAIN.Resources, Conditions: { CDKMetadataAvailable: {} } })).not.toBe(
      digest({ Resources: PLAIN.Resources }),
    );
    // …whose condition goes with the resource: with no other condition, no Conditions at all.
    const { Conditions: _, ...noConditions } = PLAIN;
    expect(digest({ ...FROM_CLI, Conditions: { CDKMetadataAvailable: {} } })).toBe(digest(noConditions));
  });

  test('counts everything else: other metadata, other resources, any change of a property', () => {
    const nag = { Resources: { DeployRole: { ...ROLE, Metadata: { cdk_nag: { rules_to_suppress: [] } } } } };
    expect(digest(nag)).not.toBe(digest({ Resources: { DeployRole: ROLE } }));
    const other = { ...PLAIN, Resources: { ...PLAIN.Resources, Other: { Type: 'AWS::SNS::Topic' } } };
    expect(digest(other)).not.toBe(digest(PLAIN));
    const changed = JSON.parse(JSON.stringify(PLAIN).replace('"x"', '"y"'));
    expect(digest(changed)).not.toBe(digest(PLAIN));
  });

  test('of text that is not a JSON object, is the digest of the text', () => {
    expect(templateDigest('not json')).toMatch(/^[0-9a-f]{64}$/);
    expect(templateDigest('not json')).not.toBe(templateDigest('not json!'));
    expect(templateDigest('[1]')).not.toBe(templateDigest('[2]'));
  });
});
