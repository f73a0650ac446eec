import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { allowServerAccessLogDelivery, createAccessLogsBucket } from '../private/access-logs';

/**
 * Properties of a `SecureBucket`: the properties of `s3.Bucket`, with hardened defaults.
 *
 * `SecureBucket` changes these defaults (the inherited documentation shows
 * `s3.Bucket`'s):
 *
 * - `blockPublicAccess`: `BLOCK_ALL`, and nothing weaker is accepted;
 * - `publicReadAccess`: `false`, and `true` is refused;
 * - `enforceSSL`: `true`, and `false` is refused (Hardened-TLS1);
 * - `minimumTLSVersion`: `1.2`, and lower is refused (Hardened-TLS2);
 * - `encryption`: `S3_MANAGED` (`KMS` when `encryptionKey` is given);
 * - `versioned`: `true`;
 * - `objectOwnership`: `BUCKET_OWNER_ENFORCED` (ACLs disabled);
 * - `removalPolicy`: `RETAIN`;
 * - `serverAccessLogsBucket`: a new private log bucket; server access logging is
 *   always on. `serverAccessLogsPrefix` is the key prefix in that bucket (the bucket
 *   never logs into itself).
 */
export interface SecureBucketProps extends s3.BucketProps {}

const PUBLIC_ACLS: ReadonlyArray<s3.BucketAccessControl> = [
  s3.BucketAccessControl.PUBLIC_READ,
  s3.BucketAccessControl.PUBLIC_READ_WRITE,
  s3.BucketAccessControl.AUTHENTICATED_READ,
];

const PUBLIC_ACCESS_RULE = 'AwsSolutions-S2, Security Hub S3.8';

/**
 * An S3 bucket that is private, reached over TLS 1.2 or newer only, encrypted,
 * versioned, access-logged and retained.
 *
 * - Block public access: `BLOCK_ALL`. `publicReadAccess: true`, a weaker
 *   `blockPublicAccess`, a public canned ACL, `grantPublicAccess()` and bucket policy
 *   statements that allow everyone (`*`) without a condition all throw.
 * - TLS: the bucket policy denies requests without TLS (`enforceSSL`, Hardened-TLS1)
 *   and with TLS below 1.2 (`minimumTLSVersion: 1.2`, Hardened-TLS2).
 * - Encryption: S3-managed keys by default; pass `encryption: KMS` and optionally
 *   `encryptionKey` for a customer managed key.
 * - Versioning on; ACLs disabled (`BUCKET_OWNER_ENFORCED`); `RETAIN` on stack deletion.
 * - Server access logs go to `serverAccessLogsBucket`, by default a new log bucket with
 *   the same protections (S3-managed encryption, which log delivery requires),
 *   granted to the S3 logging service by bucket policy. That log bucket does not log its
 *   own accesses; the cdk-nag finding AwsSolutions-S1 is acknowledged on it with a reason.
 *
 * The grant methods (`grantRead`, `grantWrite`, ...) are `s3.Bucket`'s and already scope
 * permissions to this bucket; `grantObjectRead`, `grantObjectWrite` and
 * `grantListObjects` also name every action, so they raise no IAM1 partial-wildcard
 * warnings.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html
 */
export class SecureBucket extends s3.Bucket {
  /**
   * The bucket that receives this bucket's server access logs.
   */
  public readonly serverAccessLogsBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    refuseInsecureProps(`${scope.node.path ? scope.node.path + '/' : ''}${id}`, props);
    super(scope, id, {
      ...props,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      publicReadAccess: false,
      enforceSSL: true,
      minimumTLSVersion: props.minimumTLSVersion ?? 1.2,
      encryption: props.encryption ?? (props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED),
      versioned: props.versioned ?? true,
      objectOwnership: props.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // Access logging is configured below, independent of CDK's feature flags.
      serverAccessLogsBucket: undefined,
      serverAccessLogsPrefix: undefined,
      targetObjectKeyFormat: undefined,
    });

    this.serverAccessLogsBucket = props.serverAccessLogsBucket ?? createAccessLogsBucket(this, 'AccessLogsBucket');
    const cfn = this.node.defaultChild as s3.CfnBucket;
    cfn.loggingConfiguration = {
      destinationBucketName: this.serverAccessLogsBucket.bucketName,
      logFilePrefix: props.serverAccessLogsPrefix,
      targetObjectKeyFormat: props.targetObjectKeyFormat?._render(),
    };
    allowServerAccessLogDelivery(this.serverAccessLogsBucket, this, props.serverAccessLogsPrefix);
  }

  /**
   * Grants reading objects (`s3:GetObject`, `s3:GetObjectVersion`) under a key pattern,
   * and `kms:Decrypt` on the bucket's KMS key if it has one.
   *
   * Unlike `grantRead`, which grants `s3:GetObject*`, `s3:GetBucket*` and `s3:List*`
   * (partial wildcards the checklist reports as IAM1 warnings), it names every action.
   * Combine with `grantListObjects` when the grantee must list keys.
   *
   * @param grantee the principal to grant to
   * @param keyPattern the object keys, for example `reports/*` (default: every object)
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
   */
  public grantObjectRead(grantee: iam.IGrantable, keyPattern: string = '*'): iam.Grant {
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resourceArns: [this.arnForObjects(keyPattern)],
      resource: this,
    });
    this.encryptionKey?.grant(grantee, 'kms:Decrypt');
    return grant;
  }

  /**
   * Grants writing objects (`s3:PutObject`, `s3:AbortMultipartUpload`) under a key
   * pattern, and `kms:GenerateDataKey` and `kms:Decrypt` (needed for multipart uploads)
   * on the bucket's KMS key if it has one.
   *
   * Unlike `grantWrite` and `grantPut`, it grants no partial wildcards (IAM1 warnings)
   * and no deletion.
   *
   * @param grantee the principal to grant to
   * @param keyPattern the object keys, for example `uploads/*` (default: every object)
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
   */
  public grantObjectWrite(grantee: iam.IGrantable, keyPattern: string = '*'): iam.Grant {
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resourceArns: [this.arnForObjects(keyPattern)],
      resource: this,
    });
    this.encryptionKey?.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
    return grant;
  }

  /**
   * Grants listing the bucket's keys (`s3:ListBucket` on the bucket).
   *
   * @param grantee the principal to grant to
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
   */
  public grantListObjects(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:ListBucket'],
      resourceArns: [this.bucketArn],
      resource: this,
    });
  }

  /**
   * Refused: a `SecureBucket` never grants public access. Throws naming the rule and
   * the fix.
   *
   * @param keyPrefix the key prefix that would have been made public
   * @param allowedActions the actions that would have been allowed
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
   */
  public grantPublicAccess(keyPrefix?: string, ...allowedActions: string[]): iam.Grant {
    throw new Error(
      `bucket ${this.node.path} refuses grantPublicAccess(${[keyPrefix, ...allowedActions].filter((x) => x !== undefined).join(', ')}): a SecureBucket blocks all public access (${PUBLIC_ACCESS_RULE}). ` +
        'Fix: grant access to the principals that need it (grantRead(role), grantWrite(role)), or serve the objects through CloudFront with origin access control',
    );
  }

  /**
   * Adds a statement to the bucket policy, refusing one that allows everyone (`*`)
   * without a condition.
   *
   * @param permission the statement to add
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
   */
  public addToResourcePolicy(permission: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    if (isUnconditionedPublicAllow(permission)) {
      throw new Error(
        `bucket ${this.node.path} refuses a bucket policy statement that allows ${JSON.stringify(permission.toStatementJson().Action)} to everyone ('*') without a condition: a SecureBucket blocks all public access (${PUBLIC_ACCESS_RULE}). ` +
          'Fix: name the principals (an account, a role, a service principal with aws:SourceArn), or add a condition such as aws:PrincipalOrgID',
      );
    }
    return super.addToResourcePolicy(permission);
  }
}

/** Throws, naming the prop, the value, the rule and the fix, for props a SecureBucket cannot honour. */
function refuseInsecureProps(path: string, props: SecureBucketProps): void {
  const refuse = (what: string, rule: string, fix: string): never => {
    throw new Error(`bucket ${path} refuses ${what} (${rule}). Fix: ${fix}`);
  };
  if (props.publicReadAccess === true) {
    refuse(
      'publicReadAccess: true: a SecureBucket blocks all public access',
      PUBLIC_ACCESS_RULE,
      'remove publicReadAccess and grant read to the principals that need it (grantRead(role)), or serve the objects through CloudFront with origin access control',
    );
  }
  const bpa = props.blockPublicAccess;
  if (bpa !== undefined) {
    const off = (['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'] as const).filter((k) => bpa[k] !== true);
    if (off.length > 0) {
      refuse(
        `blockPublicAccess with ${off.join(', ')} not set to true: a SecureBucket blocks all public access`,
        PUBLIC_ACCESS_RULE,
        'remove blockPublicAccess (the default is BlockPublicAccess.BLOCK_ALL)',
      );
    }
  }
  if (props.accessControl !== undefined && PUBLIC_ACLS.includes(props.accessControl)) {
    refuse(
      `accessControl: ${props.accessControl}: a public canned ACL`,
      PUBLIC_ACCESS_RULE,
      'remove accessControl (ACLs are disabled by default) and grant access with grantRead(role)',
    );
  }
  if (props.enforceSSL === false) {
    refuse(
      'enforceSSL: false: the bucket policy must deny requests that do not use TLS',
      'Hardened-TLS1',
      'remove enforceSSL (the default is true)',
    );
  }
  const tls = props.minimumTLSVersion;
  if (tls !== undefined && !Token.isUnresolved(tls) && tls < 1.2) {
    refuse(
      `minimumTLSVersion: ${tls}: requests must use TLS 1.2 or newer`,
      'Hardened-TLS2',
      'remove minimumTLSVersion (the default is 1.2) or set 1.3',
    );
  }
  if (props.serverAccessLogsBucket?.encryptionKey !== undefined) {
    refuse(
      `serverAccessLogsBucket ${props.serverAccessLogsBucket.node.path}: it is encrypted with a KMS key, and S3 server access log delivery only supports SSE-S3 default encryption on the target bucket`,
      'AwsSolutions-S1',
      'pass a log bucket encrypted with S3-managed keys (s3.BucketEncryption.S3_MANAGED), or leave serverAccessLogsBucket unset to get one',
    );
  }
}

/** An `Allow` to everyone (`*`, or `{ AWS: '*' }`) with no condition. */
function isUnconditionedPublicAllow(statement: iam.PolicyStatement): boolean {
  if (statement.effect !== iam.Effect.ALLOW) return false;
  const json = statement.toStatementJson() as { Principal?: unknown; Condition?: Record<string, unknown> };
  const principal = json.Principal;
  const isStar = (v: unknown) => v === '*' || (Array.isArray(v) && v.includes('*'));
  const everyone = isStar(principal) || (typeof principal === 'object' && principal !== null && isStar((principal as Record<string, unknown>).AWS));
  const conditioned = json.Condition !== undefined && Object.keys(json.Condition).length > 0;
  return everyone && !conditioned;
}
