import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { MAX_MOVING_TAG_FILTERS } from '../rules/aws-names';

import { PULL_ACTIONS } from '../permissions/pull-actions';

export { PULL_ACTIONS };

/** Who may pull from the repository (see `ImageRepository.grantPullTo`). */
export interface PullPrincipals {
  /** 12-digit account IDs whose principals may pull. @default - none */
  readonly accounts?: readonly string[];
  /** An AWS Organizations ID (`o-…`) whose accounts' principals may pull. @default - none */
  readonly organizationId?: string;
}

const NAG_OPEN_ACCESS = 'AwsSolutions-ECR1';

/** Properties of the ECR repository the workflow pushes to. */
export interface ImageRepositoryProps {
  /** Repository name. */
  readonly repositoryName: string;
  /**
   * Untagged images (superseded pushes, failed multi-step pushes) expire after this long.
   * Tagged images never expire: nothing a user stored is removed by a rule of this stack.
   * @default Duration.days(14)
   */
  readonly untaggedImageExpiry?: Duration;
  /**
   * Customer-managed KMS key; fixed when the repository is created.
   * @default - AES-256 (S3-managed keys), unless `kms` is true
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Encrypt with KMS even without `encryptionKey` (then with the AWS-managed `aws/ecr` key).
   * @default false
   */
  readonly kms?: boolean;
  /**
   * Tag filters that may move to a new image (e.g. `latest`), at most 5. Any filter switches the
   * repository to `IMMUTABLE_WITH_EXCLUSION`, which fails Control Tower's CT.ECR.PR.3.
   * @default - none: every tag is immutable
   */
  readonly movingTags?: readonly string[];
}

/**
 * The ECR repository: immutable tags, scan on push, untagged images expiring, and retained (with
 * every image in it) when the stack is deleted or the resource replaced.
 */
export class ImageRepository extends Construct {
  readonly repository: ecr.Repository;
  /** The tag filters that may move; empty when every tag is immutable. */
  readonly movingTags: readonly string[];

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    this.movingTags = props.movingTags ?? [];
    if (this.movingTags.length > MAX_MOVING_TAG_FILTERS) {
      throw new Error(
        `ImageRepository: at most ${MAX_MOVING_TAG_FILTERS} moving-tag filters, got ${this.movingTags.length}`,
      );
    }
    const expiry = props.untaggedImageExpiry ?? Duration.days(14);
    const encryption =
      props.encryptionKey || props.kms ? ecr.RepositoryEncryption.KMS : ecr.RepositoryEncryption.AES_256;

    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.repositoryName,
      imageScanOnPush: true,
      encryption,
      encryptionKey: props.encryptionKey,
      ...(this.movingTags.length === 0
        ? { imageTagMutability: ecr.TagMutability.IMMUTABLE }
        : {
            imageTagMutability: ecr.TagMutability.IMMUTABLE_WITH_EXCLUSION,
            imageTagMutabilityExclusionFilters: this.movingTags.map((t) =>
              ecr.ImageTagMutabilityExclusionFilter.wildcard(t),
            ),
          }),
      lifecycleRules: [
        {
          rulePriority: 1,
          description: `Expire untagged images ${expiry.toDays()} days after push`,
          tagStatus: ecr.TagStatus.UNTAGGED,
          maxImageAge: expiry,
        },
      ],
      // Images are what users store here: never delete them with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      emptyOnDelete: false,
    });
  }

  /**
   * Grants what `docker push` (and a BuildKit registry cache) needs on this repository only, plus
   * `ecr:GetAuthorizationToken`, which supports no resource. Nothing else: no deletes, no policy or
   * lifecycle changes.
   */
  grantPush(grantee: iam.IGrantable): iam.Grant {
    // grantPullPush = BatchCheckLayerAvailability, GetDownloadUrlForLayer, BatchGetImage (manifest
    // reads during push and cache import), the four upload actions and PutImage; plain grantPush
    // omits BatchGetImage, which pushes need.
    return this.repository.grantPullPush(grantee);
  }

  /**
   * Lets principals of other accounts pull from this repository, through its repository policy:
   * the pull actions (`PULL_ACTIONS`) and nothing else. Accounts are named as account principals;
   * an organisation as principal `*` with `aws:PrincipalOrgID`, which cdk-nag reports as open
   * access (AwsSolutions-ECR1): acknowledged here, and synthesis fails if any statement of the
   * policy with principal `*` lacks that condition or allows more than pulling.
   *
   * The pulling side still needs, in its own account, `ecr:GetAuthorizationToken` and the pull
   * actions on this repository's ARN (for ECS: the task execution role).
   */
  grantPullTo(principals: PullPrincipals): void {
    const accounts = principals.accounts ?? [];
    if (accounts.length > 0) {
      this.repository.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'PullFromAccounts',
          actions: [...PULL_ACTIONS],
          principals: accounts.map((account) => new iam.AccountPrincipal(account)),
        }),
      );
    }
    if (principals.organizationId !== undefined) {
      this.repository.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'PullFromOrganization',
          actions: [...PULL_ACTIONS],
          principals: [new iam.StarPrincipal()],
          conditions: { StringEquals: { 'aws:PrincipalOrgID': principals.organizationId } },
        }),
      );
      Validations.of(this.repository).acknowledge({
        id: NAG_OPEN_ACCESS,
        reason: `Principal "*" is limited by aws:PrincipalOrgID to the accounts of organization ${principals.organizationId}, and only to ${PULL_ACTIONS.join(', ')} (checked at synth).`,
      });
      this.node.addValidation({ validate: () => openPullProblems(this.repository) });
    }
  }
}

/**
 * The statements of a repository policy that allow principal `*` anything beyond pulling, or
 * without an `aws:PrincipalOrgID` condition: what the ECR1 acknowledgement must never cover.
 */
export function openPullProblems(repository: ecr.Repository): string[] {
  const cfn = repository.node.defaultChild as ecr.CfnRepository;
  const policy = Stack.of(repository).resolve(cfn.repositoryPolicyText) as { Statement?: unknown[] } | undefined;
  const problems: string[] = [];
  (policy?.Statement ?? []).forEach((raw, index) => {
    const statement = raw as { Effect?: string; Principal?: unknown; Action?: unknown; Condition?: unknown };
    if (statement.Effect !== 'Allow' || !JSON.stringify(statement.Principal ?? '').includes('*')) return;
    const actions = ([] as unknown[]).concat(statement.Action ?? []);
    const orgCondition = (statement.Condition as { StringEquals?: Record<string, unknown> } | undefined)
      ?.StringEquals?.['aws:PrincipalOrgID'];
    if (typeof orgCondition !== 'string' || actions.some((a) => !PULL_ACTIONS.includes(String(a)))) {
      problems.push(
        `${repository.node.path}: repository policy statement ${index + 1} allows principal "*" ${JSON.stringify(actions)}${typeof orgCondition === 'string' ? '' : ' without an aws:PrincipalOrgID condition'}; the ${NAG_OPEN_ACCESS} acknowledgement covers only ${PULL_ACTIONS.join(', ')} within one organization.`,
      );
    }
  });
  return problems;
}
