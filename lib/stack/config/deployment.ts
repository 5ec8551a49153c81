/** Where and under which names the stack deploys: env label, region (and its partition), stack name, issuer. */
import { checkEnvLabel, checkRegion, checkStackName, partitionOf } from '../rules/aws-names';
import { checkIssuerHost } from '../rules/github-names';
import { GITHUB_ISSUER_HOST } from '../trust/trust-conditions';
import { SettingReader } from './reader';

/** The deployment's identity, as the other readers need it. */
export interface Deployment {
  /** Deployment label (`dev`, `prod`…), used in the stack and default role names. */
  readonly env: string;
  readonly region: string;
  /** Partition of `region` (`aws`, `aws-cn`, `aws-us-gov`…). */
  readonly partition: string;
  readonly stackName: string;
  readonly issuerHost: string;
}

/** Reads env, region, stackName (default `<env>-github-oidc-ecr`) and githubOidcHost, in that order. */
export function readDeployment(s: SettingReader): Deployment {
  const env = s.string('env', 'dev', checkEnvLabel);
  const region = s.string('region', 'ap-northeast-1', checkRegion);
  const partition = partitionOf(region);
  const stackName = s.string('stackName', `${env}-github-oidc-ecr`, checkStackName);
  const issuerHost = s.string('githubOidcHost', GITHUB_ISSUER_HOST, checkIssuerHost);
  return { env, region, partition, stackName, issuerHost };
}
