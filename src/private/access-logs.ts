import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Why the access-log bucket does not log its own accesses (cdk-nag AwsSolutions-S1). */
export const ACCESS_LOGS_BUCKET_S1_REASON =
  'This bucket receives the server access logs of a SecureBucket. Logging its own accesses into itself would log every log delivery (an endless loop) and AWS advises against it; ' +
  'reads of the logs are recorded by CloudTrail data events if enabled.';

/**
 * Creates the bucket that receives a SecureBucket's server access logs: private
 * (BLOCK_ALL), TLS only (`enforceSSL`, TLS 1.2), versioned, encrypted with S3-managed
 * keys (access-log delivery does not support SSE-KMS default encryption), ACLs
 * disabled (log delivery is granted by bucket policy), and retained when the stack is
 * deleted. It does not log its own accesses; the cdk-nag finding (AwsSolutions-S1) is
 * acknowledged on it with a reason.
 */
export function createAccessLogsBucket(scope: Construct, id: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // cdk-nag 3 reads acknowledgements from the CfnResource itself.
  Validations.of(bucket.node.defaultChild!).acknowledge({ id: 'AwsSolutions-S1', reason: ACCESS_LOGS_BUCKET_S1_REASON });
  return bucket;
}

/**
 * Lets the S3 logging service write `source`'s server access logs into `target`
 * through `target`'s bucket policy (not the legacy `LogDeliveryWrite` ACL, which does not
 * work with ACLs disabled), whatever the `@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy`
 * feature flag says. In the same stack the grant is limited to `source`
 * (`aws:SourceArn`) and the account (`aws:SourceAccount`); across stacks to the account
 * only, so the two stacks do not reference each other both ways.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general
 */
export function allowServerAccessLogDelivery(target: s3.IBucket, source: s3.Bucket, prefix: string | undefined): void {
  const sameStack = Stack.of(target) === Stack.of(source);
  const conditions: Record<string, Record<string, unknown>> = {
    StringEquals: { 'aws:SourceAccount': Stack.of(source).account },
  };
  if (sameStack) conditions.ArnLike = { 'aws:SourceArn': source.bucketArn };
  const result = target.addToResourcePolicy(
    new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [target.arnForObjects(prefix ? `${prefix}*` : '*')],
      conditions,
    }),
  );
  if (!result.statementAdded) {
    Validations.of(source).addWarning(
      'cdk-hardened:SecureBucket.importedAccessLogsBucket',
      `Cannot add the log delivery permission to the imported bucket ${target.node.path}: add a bucket policy statement allowing logging.s3.amazonaws.com s3:PutObject on it`,
    );
  }
}

/**
 * Lets the log delivery service (`delivery.logs.amazonaws.com`) write VPC flow logs
 * into `bucket` (under `AWSLogs/<account>/`) and check its ACL, for this account's log
 * sources only. CDK adds the same statements itself only under the
 * `@aws-cdk/aws-s3:createDefaultLoggingPolicy` feature flag; without them, log delivery
 * edits the bucket policy on its own and the next deployment reverts it.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
 */
export function allowFlowLogDelivery(bucket: s3.IBucket, stack: Stack): void {
  const principal = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const sourceArn = stack.formatArn({ service: 'logs', resource: '*' });
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [principal],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
      conditions: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': sourceArn },
      },
    }),
  );
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      principals: [principal],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': sourceArn },
      },
    }),
  );
}
