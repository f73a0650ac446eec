import { ArnFormat, Aws, Duration, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { SecurityAlarms } from './security-alarms';

/** CloudTrail's trail name rules: 3-128 characters, letters, digits, `.`, `_`, `-`, starting and ending with a letter or digit. */
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
/** CloudTrail allows 250 data resources across the event selectors of a trail. */
const MAX_DATA_RESOURCES = 250;
const ACCESS_LOGS_PREFIX = 'trail-bucket/';

/**
 * Properties of `SecureTrail`.
 */
export interface SecureTrailProps {
  /**
   * The name of the trail. The trail ARN is built from it (not read from the trail),
   * so the KMS key and bucket policies can name the trail in `aws:SourceArn` without a
   * circular reference.
   *
   * @default - a name generated from the construct path, unique in the account
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-naming-requirements.html
   */
  readonly trailName?: string;

  /**
   * The customer managed KMS key that encrypts the log files (and the CloudWatch Logs
   * log group). The construct adds the statements CloudTrail and CloudWatch Logs need
   * to its key policy, scoped to this trail and log group; a key imported from
   * elsewhere must already have them.
   *
   * @default - a new KMS key with automatic rotation
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long the CloudWatch Logs copy of the events is kept.
   *
   * @default logs.RetentionDays.ONE_YEAR
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * When log files (and the server access logs of the trail bucket) move to S3 Glacier
   * Flexible Retrieval.
   *
   * @default Duration.days(90)
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
   */
  readonly transitionToGlacierAfter?: Duration;

  /**
   * When log files are deleted from the trail bucket. Must be later than
   * `transitionToGlacierAfter`.
   *
   * @default - log files are kept forever
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html
   */
  readonly logFileExpiration?: Duration;

  /**
   * S3 Object Lock default retention for the log files (WORM), for example
   * `s3.ObjectLockRetention.governance(Duration.days(365))`. Object Lock cannot be
   * turned off once it is on. It applies to the trail bucket only (S3 refuses Object
   * Lock on the destination of server access logs).
   *
   * @default - no Object Lock
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
   */
  readonly objectLockRetention?: s3.ObjectLockRetention;

  /**
   * Record S3 object-level (data) events, read and write, for every bucket
   * (CIS 3.8 and 3.9). Data events are charged per event.
   *
   * @default false
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
   */
  readonly logAllS3DataEvents?: boolean;

  /**
   * Record S3 object-level (data) events, read and write, for these buckets.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
   */
  readonly s3DataEventBuckets?: s3.IBucket[];

  /**
   * Record Lambda `Invoke` (data) events for every function.
   *
   * @default false
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
   */
  readonly logAllLambdaDataEvents?: boolean;

  /**
   * Record Lambda `Invoke` (data) events for these functions.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
   */
  readonly lambdaDataEventFunctions?: lambda.IFunction[];

  /**
   * Make this an organization trail, recording the events of every account of the
   * AWS Organization. Deploy it in the management account (or a delegated
   * administrator account) and set `organizationId`.
   *
   * @default false
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html
   */
  readonly isOrganizationTrail?: boolean;

  /**
   * The ID of the AWS Organization (`o-xxxxxxxxxx`), required with
   * `isOrganizationTrail`: the bucket policy lets CloudTrail write
   * `AWSLogs/<organizationId>/` for this trail only.
   *
   * @default - none
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html#org-trail-bucket-policy
   */
  readonly organizationId?: string;

  /**
   * Create the CIS AWS Foundations Benchmark v3.0 metric filters and alarms
   * (4.1-4.15, `SecurityAlarms`) on the trail's log group. Turning them off leaves a
   * `Hardened-LOG7` warning.
   *
   * @default true
   * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
   */
  readonly securityAlarms?: boolean;

  /**
   * The SNS topic the security alarms notify.
   *
   * @default - a new topic encrypted with a new customer managed KMS key
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Email addresses to subscribe to the security alarm topic.
   *
   * @default - no subscription
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html
   */
  readonly alarmEmails?: string[];
}

/**
 * A CloudTrail trail hardened for audit (CIS AWS Foundations Benchmark v3.0 section 3
 * and Security Hub CloudTrail.1, .2, .4, .5, .6, .7):
 *
 * - multi-region, with global service events, recording read and write management
 *   events;
 * - log file integrity validation;
 * - encrypted with a customer managed KMS key (rotation on) whose policy lets
 *   CloudTrail use it only for this trail (`aws:SourceArn`) and this account's
 *   trails (`kms:EncryptionContext:aws:cloudtrail:arn`);
 * - delivered to an encrypted CloudWatch Logs log group with retention (one year);
 * - stored in a private, versioned bucket that denies non-TLS and TLS < 1.2 requests,
 *   has server access logging to a second hardened bucket, moves logs to Glacier
 *   after 90 days, and optionally uses Object Lock;
 * - with the CIS 4.1-4.15 metric filters and alarms (`SecurityAlarms`) notifying an
 *   encrypted SNS topic.
 *
 * @example
 * new SecureTrail(this, 'Trail', {
 *   alarmEmails: ['security@example.com'],
 * });
 */
export class SecureTrail extends Construct {
  /** The name of the trail. */
  public readonly trailName: string;

  /** The ARN of the trail. */
  public readonly trailArn: string;

  /** The underlying CloudFormation trail. */
  public readonly trail: cloudtrail.CfnTrail;

  /** The bucket the log files are delivered to. */
  public readonly bucket: s3.IBucket;

  /** The bucket that receives the server access logs of `bucket`. */
  public readonly accessLogsBucket: s3.IBucket;

  /** The CloudWatch Logs log group the events are delivered to. */
  public readonly logGroup: logs.ILogGroup;

  /** The KMS key that encrypts the log files and the log group. */
  public readonly encryptionKey: kms.IKey;

  /** The CIS metric filters and alarms; undefined when `securityAlarms` is false. */
  public readonly securityAlarms?: SecurityAlarms;

  constructor(scope: Construct, id: string, props: SecureTrailProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);

    this.trailName = props.trailName ?? Names.uniqueResourceName(this, { maxLength: 128 });
    validateTrailName(this.trailName);
    validateOrganization(props);
    const transition = props.transitionToGlacierAfter ?? Duration.days(90);
    validateLifecycle(transition, props.logFileExpiration);

    // Built from the name, not read from the trail: the key and bucket policies that
    // the trail depends on can name it without a circular reference.
    this.trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: this.trailName });
    const logGroupName = `/aws/cloudtrail/${this.trailName}`;
    const logGroupArn = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    // --- KMS key -------------------------------------------------------------
    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: `Encrypts the CloudTrail logs of trail ${this.trailName}`,
        enableKeyRotation: true,
      });
    this.addKeyPolicy(logGroupName, logGroupArn);

    // --- Buckets --------------------------------------------------------------
    const accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      ...hardenedBucketProps(),
      lifecycleRules: [
        {
          id: 'ArchiveAccessLogs',
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: transition }],
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    this.accessLogsBucket = accessLogsBucket;
    const trailBucket = new s3.Bucket(this, 'Bucket', {
      ...hardenedBucketProps(),
      objectLockEnabled: props.objectLockRetention ? true : undefined,
      objectLockDefaultRetention: props.objectLockRetention,
      lifecycleRules: [
        {
          id: 'ArchiveLogFiles',
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: transition }],
          expiration: props.logFileExpiration,
          noncurrentVersionExpiration: props.logFileExpiration,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    this.bucket = trailBucket;
    // Server access logging through a bucket policy for the S3 logging service (not the
    // LogDeliveryWrite ACL, which ACL-less buckets refuse), whatever the app's
    // feature flags say.
    (trailBucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
      destinationBucketName: accessLogsBucket.bucketName,
      logFilePrefix: ACCESS_LOGS_PREFIX,
    };
    accessLogsBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowS3ServerAccessLogsOfTheTrailBucket',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [accessLogsBucket.arnForObjects(`${ACCESS_LOGS_PREFIX}*`)],
        conditions: {
          ArnLike: { 'aws:SourceArn': trailBucket.bucketArn },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    this.addBucketPolicy(trailBucket, props);

    // --- CloudWatch Logs --------------------------------------------------------
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: this.encryptionKey,
    });
    this.logGroup = logGroup;
    const logsRole = new iam.Role(this, 'LogsRole', {
      assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
      description: `Lets CloudTrail deliver the events of trail ${this.trailName} to CloudWatch Logs`,
    });
    logsRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    // --- Trail ------------------------------------------------------------------
    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: this.trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      kmsKeyId: this.encryptionKey.keyArn,
      s3BucketName: trailBucket.bucketName,
      cloudWatchLogsLogGroupArn: logGroup.logGroupArn,
      cloudWatchLogsRoleArn: logsRole.roleArn,
      eventSelectors: [eventSelector(props)],
      isOrganizationTrail: props.isOrganizationTrail ? true : undefined,
    });
    // CloudTrail checks the bucket policy, the role and the key when the trail is created.
    if (trailBucket.policy) this.trail.node.addDependency(trailBucket.policy);
    this.trail.node.addDependency(logsRole);
    this.trail.node.addDependency(this.encryptionKey);

    // --- Alarms -------------------------------------------------------------------
    if (props.securityAlarms ?? true) {
      this.securityAlarms = new SecurityAlarms(this, 'SecurityAlarms', {
        logGroup,
        topic: props.alarmTopic,
        emailSubscribers: props.alarmEmails,
      });
    } else {
      Validations.of(this).addWarning(
        'Hardened-LOG7',
        `securityAlarms is false: trail ${this.trailName} has no metric filters and alarms for the CIS 4.1-4.15 events (unauthorized API calls, root usage, policy changes, ...). Remove securityAlarms: false, or create SecurityAlarms on its log group yourself`,
      );
    }
  }

  /**
   * Lets a principal read the log files: `s3:GetObject` and `s3:ListBucket` on the trail
   * bucket, and `kms:Decrypt` on the key for CloudTrail-encrypted objects.
   *
   * @param grantee the principal to grant reading to
   */
  public grantReadLogs(grantee: iam.IGrantable): iam.Grant {
    const objects = iam.Grant.addToPrincipal({
      grantee,
      actions: ['s3:GetObject'],
      resourceArns: [this.bucket.arnForObjects('AWSLogs/*')],
    });
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn] });
    this.encryptionKey.grantDecrypt(grantee);
    return objects;
  }

  /** The key policy statements CloudTrail and CloudWatch Logs need, scoped to this trail and log group. */
  private addKeyPolicy(logGroupName: string, logGroupArn: string) {
    const stack = Stack.of(this);
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const thisTrail = { StringEquals: { 'aws:SourceArn': this.trailArn } };
    const statements = [
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToEncryptLogs',
        principals: [cloudTrail],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          ...thisTrail,
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
        },
      }),
      new iam.PolicyStatement({
        sid: 'AllowCloudTrailToDescribeKey',
        principals: [cloudTrail],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: thisTrail,
      }),
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsToUseKeyForTrailLogGroup',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      }),
    ];
    const added = statements.map((s) => this.encryptionKey.addToResourcePolicy(s).statementAdded);
    if (added.some((a) => !a)) {
      Validations.of(this).addWarning(
        'cdk-hardened:SecureTrail.importedKey',
        `encryptionKey is imported, so its key policy cannot be changed here: it must let cloudtrail.amazonaws.com use kms:GenerateDataKey* and kms:DescribeKey for ${this.trailName}, and logs.<region>.amazonaws.com encrypt log group ${logGroupName}, or the trail and log group fail to deploy`,
      );
    }
  }

  /** CloudTrail may check the ACL and write log files, for this trail only. */
  private addBucketPolicy(bucket: s3.Bucket, props: SecureTrailProps) {
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const thisTrail = { 'aws:SourceArn': this.trailArn };
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AWSCloudTrailAclCheck',
        principals: [cloudTrail],
        actions: ['s3:GetBucketAcl'],
        resources: [bucket.bucketArn],
        conditions: { StringEquals: thisTrail },
      }),
    );
    const prefixes = [Stack.of(this).account];
    if (props.isOrganizationTrail && props.organizationId) prefixes.push(props.organizationId);
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AWSCloudTrailWrite',
        principals: [cloudTrail],
        actions: ['s3:PutObject'],
        resources: prefixes.map((p) => bucket.arnForObjects(`AWSLogs/${p}/*`)),
        conditions: { StringEquals: { ...thisTrail, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
  }
}

/** The settings both buckets share: private, ACL-less, versioned, TLS 1.2+ only, kept on stack deletion. */
function hardenedBucketProps(): s3.BucketProps {
  return {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
  };
}

/** One selector: every management event, read and write, plus the data events asked for. */
function eventSelector(props: SecureTrailProps): cloudtrail.CfnTrail.EventSelectorProperty {
  const s3Values: string[] = [];
  if (props.logAllS3DataEvents) s3Values.push(`arn:${Aws.PARTITION}:s3:::`);
  for (const b of props.s3DataEventBuckets ?? []) s3Values.push(`${b.bucketArn}/`);
  const lambdaValues: string[] = [];
  if (props.logAllLambdaDataEvents) lambdaValues.push(`arn:${Aws.PARTITION}:lambda`);
  for (const f of props.lambdaDataEventFunctions ?? []) lambdaValues.push(f.functionArn);
  const total = s3Values.length + lambdaValues.length;
  if (total > MAX_DATA_RESOURCES) {
    throw new Error(
      `s3DataEventBuckets and lambdaDataEventFunctions name ${total} resources, more than the ${MAX_DATA_RESOURCES} data resources CloudTrail allows per trail: use logAllS3DataEvents or logAllLambdaDataEvents instead`,
    );
  }
  const dataResources: cloudtrail.CfnTrail.DataResourceProperty[] = [];
  if (s3Values.length > 0) dataResources.push({ type: 'AWS::S3::Object', values: s3Values });
  if (lambdaValues.length > 0) dataResources.push({ type: 'AWS::Lambda::Function', values: lambdaValues });
  return {
    includeManagementEvents: true,
    readWriteType: 'All',
    dataResources: dataResources.length > 0 ? dataResources : undefined,
  };
}

function validateTrailName(name: string) {
  if (Token.isUnresolved(name)) return;
  if (!TRAIL_NAME.test(name) || /[._-]{2}/.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw new Error(
      `trailName '${name}' is not a valid CloudTrail trail name: use 3-128 letters, digits, '.', '_' and '-', starting and ending with a letter or digit, with no two of '.', '_', '-' in a row (for example 'org-audit-trail')`,
    );
  }
}

function validateOrganization(props: SecureTrailProps) {
  if (props.isOrganizationTrail && props.organizationId === undefined) {
    throw new Error(
      "isOrganizationTrail is true but organizationId is not set: the bucket policy needs the organization ID to let CloudTrail write AWSLogs/<organizationId>/. Pass organizationId: 'o-xxxxxxxxxx'",
    );
  }
  if (props.organizationId !== undefined && !props.isOrganizationTrail) {
    throw new Error(`organizationId '${props.organizationId}' is set but isOrganizationTrail is not: set isOrganizationTrail: true, or remove organizationId`);
  }
  if (props.organizationId !== undefined && !Token.isUnresolved(props.organizationId) && !ORGANIZATION_ID.test(props.organizationId)) {
    throw new Error(`organizationId '${props.organizationId}' is not an AWS Organizations ID: pass the ID shown in the Organizations console, such as 'o-a1b2c3d4e5'`);
  }
}

function validateLifecycle(transition: Duration, expiration?: Duration) {
  if (transition.isUnresolved() || !expiration || expiration.isUnresolved()) return;
  if (expiration.toDays() <= transition.toDays()) {
    throw new Error(
      `logFileExpiration (${expiration.toHumanString()}) must be later than transitionToGlacierAfter (${transition.toHumanString()}): log files would be deleted before they are archived. Raise logFileExpiration, or remove it to keep the logs`,
    );
  }
}
