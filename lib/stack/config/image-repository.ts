/** The ECR repository: name, untagged-image expiry, encryption, and the tags that may move. */
import {
  checkEcrRepositoryName,
  checkKmsKeyArn,
  checkMovingTagFilter,
  MAX_MOVING_TAG_FILTERS,
} from '../rules/aws-names';
import { patternsOverlap } from '../rules/ref-pattern';
import { ConfigError } from './config-error';
import { SettingReader } from './reader';

/** The repository's settings. */
export interface ImageRepositorySettings {
  readonly ecrRepositoryName: string;
  readonly untaggedImageExpiryDays: number;
  readonly kmsKeyArn?: string;
  readonly encryption: 'AES256' | 'KMS';
  /** Tag filters that may move (ECR IMMUTABLE_WITH_EXCLUSION); empty = every tag immutable. */
  readonly movingTags: readonly string[];
}

/**
 * Reads ecrRepositoryName, untaggedImageExpiryDays, ecrKmsKeyArn (a key in the stack's region),
 * ecrEncryption (KMS when a key is set, else AES256) and movingTags.
 *
 * @param trustedTags the tag patterns the role deploys (allowedTags): no moving tag may match one
 */
export function readImageRepository(
  s: SettingReader,
  where: { readonly region: string; readonly partition: string },
  trustedTags: readonly string[],
): ImageRepositorySettings {
  const ecrRepositoryName = s.string('ecrRepositoryName', 'my-ecr-repo', checkEcrRepositoryName);
  const untaggedImageExpiryDays = s.integer('untaggedImageExpiryDays', 14, 1, 3650);
  const kmsKeyArn = s.optionalString('ecrKmsKeyArn', (v) => checkKmsKeyArn(v, where.partition, where.region));
  const encryption = s.string('ecrEncryption', kmsKeyArn ? 'KMS' : 'AES256', (v) =>
    v === 'AES256' || v === 'KMS' ? undefined : '"AES256" or "KMS"',
  ) as 'AES256' | 'KMS';
  if (kmsKeyArn && encryption !== 'KMS') {
    throw new ConfigError({
      key: 'ecrEncryption',
      value: encryption,
      accepted: '"KMS" (or no value) because ecrKmsKeyArn is set',
    });
  }
  const movingTags = readMovingTags(s, trustedTags);
  return { ecrRepositoryName, untaggedImageExpiryDays, kmsKeyArn, encryption, movingTags };
}

/**
 * Reads movingTags: each a valid filter, none that could match a release tag the role deploys
 * (release images must stay immutable), at most ECR's limit of filters.
 */
function readMovingTags(s: SettingReader, trustedTags: readonly string[]): string[] {
  const movingTags = s.list('movingTags', []);
  for (const tag of movingTags) s.check('movingTags', tag, checkMovingTagFilter);
  for (const tag of movingTags) {
    const clash = trustedTags.find((t) => patternsOverlap(t, tag));
    if (clash) {
      throw new ConfigError({
        key: 'movingTags',
        value: tag,
        accepted: `a tag filter that cannot match a release tag the role deploys (allowedTags has "${clash}"): release images must stay immutable`,
      });
    }
  }
  if (movingTags.length > MAX_MOVING_TAG_FILTERS) {
    throw new ConfigError({
      key: 'movingTags',
      value: movingTags,
      accepted: `at most ${MAX_MOVING_TAG_FILTERS} tag filters (an ECR limit)`,
    });
  }
  return movingTags;
}
