/**
 * AWS naming rules, as pure checks. Each returns `undefined` when the value is acceptable, or a
 * short sentence saying what is accepted.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';

/** Regions aws-cdk-lib knows, keyed by name, with their partition. */
const KNOWN_REGIONS: ReadonlyMap<string, string> = new Map(
  RegionInfo.regions.map((r) => [r.name, r.partition ?? 'aws'] as const),
);

export function checkRegion(value: string): string | undefined {
  if (!KNOWN_REGIONS.has(value)) {
    return 'an AWS region name such as "ap-northeast-1" or "us-east-1"';
  }
  return undefined;
}

/** The partition (`aws`, `aws-cn`, `aws-us-gov`, …) a known region belongs to. */
export function partitionOf(region: string): string {
  const partition = KNOWN_REGIONS.get(region);
  if (partition === undefined) throw new Error(`unknown region ${region}`);
  return partition;
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

export function checkStackName(value: string): string | undefined {
  if (!STACK_NAME.test(value)) {
    return 'a CloudFormation stack name: a letter, then up to 127 letters, digits or "-"';
  }
  return undefined;
}

/** Deployment environment label: used in the stack and role names. */
const ENV_LABEL = /^[a-z][a-z0-9-]{0,19}$/;

export function checkEnvLabel(value: string): string | undefined {
  if (!ENV_LABEL.test(value) || value.endsWith('-')) {
    return 'a short lower-case label (1–20 of a–z, 0–9, "-", starting with a letter), e.g. "dev", "stg", "prod"';
  }
  return undefined;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export function checkRoleName(value: string): string | undefined {
  if (!ROLE_NAME.test(value)) {
    return 'an IAM role name: 1–64 letters, digits or any of + = , . @ _ -';
  }
  if (value === 'GitHubActions') {
    // Reported in the field not to work with configure-aws-credentials.
    return 'any IAM role name except exactly "GitHubActions", which is reported not to work; e.g. "dev-github-actions"';
  }
  return undefined;
}

/** ECR repository names: lower-case path components joined by "/", 2–256 characters. */
const ECR_REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function checkEcrRepositoryName(value: string): string | undefined {
  if (value.length < 2 || value.length > 256 || !ECR_REPOSITORY.test(value)) {
    return 'an ECR repository name: 2–256 lower-case letters and digits, separated by single ".", "_", "-" or "/" (e.g. "my-ecr-repo", "team/app")';
  }
  return undefined;
}

export function checkAccountId(value: string): string | undefined {
  if (!/^\d{12}$/.test(value)) return 'a 12-digit AWS account ID, e.g. "123456789012"';
  return undefined;
}

export function checkOrganizationId(value: string): string | undefined {
  if (!/^o-[a-z0-9]{10,32}$/.test(value)) {
    return 'an AWS Organizations ID: "o-" and 10–32 lower-case letters or digits, e.g. "o-a1b2c3d4e5"';
  }
  return undefined;
}

function partitionPattern(partition: string): string {
  return partition.replace(/[-]/g, '\\-');
}

/**
 * An IAM customer-managed (or AWS-managed) policy ARN: `policy/NAME` or `policy/PATH/NAME`, where
 * the path's segments and the name use IAM's characters (`A-Za-z0-9+=,.@_-`), no segment is
 * empty, the path is at most 512 characters and the name at most 128.
 */
export function checkPolicyArn(value: string, partition: string): string | undefined {
  const example = `an IAM managed policy ARN in partition "${partition}", e.g. "arn:${partition}:iam::123456789012:policy/DeveloperBoundary" or ".../policy/team/DeveloperBoundary"`;
  const match = new RegExp(`^arn:${partitionPattern(partition)}:iam::(?:\\d{12}|aws):policy(/.*)$`).exec(value);
  if (!match) return example;
  const slash = match[1].lastIndexOf('/');
  const path = match[1].slice(0, slash + 1);
  const name = match[1].slice(slash + 1);
  if (!/^[\w+=,.@-]{1,128}$/.test(name)) {
    return `${example}: the policy name "${name}" must be 1–128 of A–Z a–z 0–9 + = , . @ _ -`;
  }
  if (path.length > 512 || !/^(?:\/[\w+=,.@-]+)*\/$/.test(path)) {
    return `${example}: the path "${path}" must be "/" or "/segment/…/" with no empty segment (A–Z a–z 0–9 + = , . @ _ -), at most 512 characters`;
  }
  return undefined;
}

export function checkOidcProviderArn(value: string, partition: string, issuerHost: string): string | undefined {
  const re = new RegExp(`^arn:${partitionPattern(partition)}:iam::\\d{12}:oidc-provider/(.+)$`);
  const match = re.exec(value);
  if (!match) {
    return `an IAM OIDC provider ARN in partition "${partition}", e.g. "arn:${partition}:iam::123456789012:oidc-provider/${issuerHost}"`;
  }
  if (match[1] !== issuerHost) {
    return `the ARN of the provider for "${issuerHost}" (this ARN names "${match[1]}")`;
  }
  return undefined;
}

export function checkKmsKeyArn(value: string, partition: string, region: string): string | undefined {
  const re = new RegExp(
    `^arn:${partitionPattern(partition)}:kms:${region}:\\d{12}:key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`,
  );
  if (!re.test(value)) {
    return `a KMS key ARN in the stack's region, e.g. "arn:${partition}:kms:${region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" (ECR fixes the key when the repository is created)`;
  }
  return undefined;
}

/** ECR accepts at most this many tag-mutability exclusion filters per repository. */
export const MAX_MOVING_TAG_FILTERS = 5;

/** An ECR tag-mutability exclusion filter: tag characters plus "*". */
const TAG_FILTER = /^[A-Za-z0-9._*-]{1,128}$/;

/**
 * A moving-tag filter must name a small set of tags: never every tag, and never one that could
 * match a commit SHA (the workflow's immutable tag).
 */
export function checkMovingTagFilter(value: string): string | undefined {
  if (!TAG_FILTER.test(value)) {
    return 'an image tag or tag pattern: 1–128 of letters, digits, ".", "_", "-" and "*" (e.g. "latest", "buildcache*")';
  }
  if (value.startsWith('*')) {
    return 'a tag pattern that starts with literal text (e.g. "latest", "buildcache*"); a leading "*" lets almost every tag move';
  }
  const literal = value.replace(/\*/g, '');
  if (/^[0-9a-f]+$/.test(literal) && literal.length <= 40) {
    return 'a tag pattern that cannot match a 40-character commit SHA (the workflow\'s immutable tag), e.g. "latest"';
  }
  return undefined;
}

/** ECS cluster and service names. */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export function checkEcsName(value: string, what: 'cluster' | 'service'): string | undefined {
  if (!ECS_NAME.test(value)) {
    return `an ECS ${what} name: 1–255 letters, digits, "-" and "_" (the name, not an ARN)`;
  }
  return undefined;
}

/** A role ARN (path allowed, no wildcard) of `account` in `partition`. */
export function checkRoleArnOfAccount(value: string, partition: string, account: string): string | undefined {
  const example = `"arn:${partition}:iam::${account}:role/my-task-role"`;
  const match = /^arn:([a-z-]+):iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/.exec(value);
  if (!match || match[3].length > 511) {
    return `an IAM role ARN (no wildcards), e.g. ${example}`;
  }
  if (match[1] !== partition || match[2] !== account) {
    // iam:PassRole passes only roles of the caller's own account.
    return `a role of the stage's own account and partition (${account}, ${partition}): iam:PassRole passes only roles of the caller's account, e.g. ${example}`;
  }
  return undefined;
}
