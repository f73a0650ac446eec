import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { templatesFromConstruct, TreeAcks } from '../../src/checklist/cdk-source';
import { runChecklist } from '../../src/checklist/engine';
import { TrailRequirement } from '../../src/checklist/severity';
import { SecureBucket, SecureBucketProps } from '../../src/constructs/secure-bucket';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

function bucketStack(props: SecureBucketProps = {}): { stack: Stack; bucket: SecureBucket; template: Template } {
  const stack = newStack();
  const bucket = new SecureBucket(stack, 'Bucket', props);
  return { stack, bucket, template: Template.fromStack(stack) };
}

/** The properties of the bucket with this construct, and the statements of its policy. */
function bucketOf(template: Template, stack: Stack, bucket: s3.IBucket): { props: any; statements: any[] } {
  const logicalId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  const props = template.toJSON().Resources[logicalId].Properties;
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
    (p: any) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: logicalId }),
  );
  expect(policies).toHaveLength(1);
  return { props, statements: (policies[0] as any).Properties.PolicyDocument.Statement };
}

const DENY_NON_TLS = expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
const DENY_OLD_TLS = expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } });
const BLOCK_ALL = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

describe('SecureBucket: defaults', () => {
  test('blocks all public access (BLOCK_ALL)', () => {
    const { stack, bucket, template } = bucketStack();
    expect(bucketOf(template, stack, bucket).props.PublicAccessBlockConfiguration).toEqual(BLOCK_ALL);
  });

  test('denies requests without TLS in its bucket policy (TLS1)', () => {
    const { stack, bucket, template } = bucketStack();
    expect(bucketOf(template, stack, bucket).statements).toContainEqual(DENY_NON_TLS);
  });

  test('denies requests with TLS below 1.2 in its bucket policy (TLS2)', () => {
    const { stack, bucket, template } = bucketStack();
    expect(bucketOf(template, stack, bucket).statements).toContainEqual(DENY_OLD_TLS);
  });

  test('is encrypted with S3-managed keys', () => {
    const { stack, bucket, template } = bucketStack();
    expect(bucketOf(template, stack, bucket).props.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  test('has versioning on', () => {
    const { stack, bucket, template } = bucketStack();
    expect(bucketOf(template, stack, bucket).props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test('has ACLs disabled (BucketOwnerEnforced)', () => {
    const { stack, bucket, template } = bucketStack();
    expect(bucketOf(template, stack, bucket).props.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
  });

  test('is retained when the stack is deleted or the bucket replaced', () => {
    const { stack, bucket, template } = bucketStack();
    const logicalId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(template.toJSON().Resources[logicalId]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('logs server access to its own log bucket', () => {
    const { stack, bucket, template } = bucketStack();
    expect(bucketOf(template, stack, bucket).props.LoggingConfiguration).toEqual({
      DestinationBucketName: stack.resolve(bucket.serverAccessLogsBucket.bucketName),
    });
  });

  test('the log bucket is private, TLS 1.2 only, versioned, SSE-S3, ACLs disabled and retained, and logs nowhere', () => {
    const { stack, bucket, template } = bucketStack();
    const logs = bucketOf(template, stack, bucket.serverAccessLogsBucket);
    expect(logs.props).toEqual({
      PublicAccessBlockConfiguration: BLOCK_ALL,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
    expect(logs.statements).toEqual(expect.arrayContaining([DENY_NON_TLS, DENY_OLD_TLS]));
    const logicalId = stack.getLogicalId(bucket.serverAccessLogsBucket.node.defaultChild as s3.CfnBucket);
    expect(template.toJSON().Resources[logicalId]).toMatchObject({ DeletionPolicy: 'Retain' });
  });

  test('the log bucket lets only the S3 logging service write, for this bucket and account, by bucket policy', () => {
    const { stack, bucket, template } = bucketStack();
    const logs = bucketOf(template, stack, bucket.serverAccessLogsBucket);
    expect(logs.statements).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: stack.resolve(bucket.serverAccessLogsBucket.arnForObjects('*')),
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': stack.resolve(bucket.bucketArn) },
      },
    });
  });

  test('has zero unacknowledged checklist findings with its defaults', () => {
    const { stack } = bucketStack();
    expect(checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged).map((f) => f.id)).toEqual([]);
  });

  test('has zero unacknowledged cdk-nag AwsSolutions errors (S1 on the log bucket is acknowledged with a reason)', () => {
    const { stack, bucket } = bucketStack();
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([]);
    const acks = (bucket.serverAccessLogsBucket.node.defaultChild as s3.CfnBucket).node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules');
    expect(acks.map((m) => Object.keys(m.data))).toEqual([['annotation::AwsSolutions-S1']]);
    expect((Object.values(acks[0].data)[0] as string).length).toBeGreaterThan(10);
  });
});

describe('SecureBucket: options', () => {
  test('uses SSE-KMS with a customer managed key when asked', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new SecureBucket(stack, 'Bucket', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    const template = Template.fromStack(stack);
    expect(bucketOf(template, stack, bucket).props.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: stack.resolve(key.keyArn) } },
      ],
    });
  });

  test('uses SSE-KMS when only encryptionKey is given', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new SecureBucket(stack, 'Bucket', { encryptionKey: key });
    const sse = bucketOf(Template.fromStack(stack), stack, bucket).props.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
  });

  test('logs into an existing log bucket under a prefix, and grants log delivery on that prefix', () => {
    const stack = newStack();
    const shared = new SecureBucket(stack, 'SharedLogs');
    const bucket = new SecureBucket(stack, 'Bucket', { serverAccessLogsBucket: shared.serverAccessLogsBucket, serverAccessLogsPrefix: 'data/' });
    const template = Template.fromStack(stack);
    expect(bucketOf(template, stack, bucket).props.LoggingConfiguration).toEqual({
      DestinationBucketName: stack.resolve(shared.serverAccessLogsBucket.bucketName),
      LogFilePrefix: 'data/',
    });
    expect(bucket.node.tryFindChild('AccessLogsBucket')).toBeUndefined();
    expect(bucketOf(template, stack, shared.serverAccessLogsBucket).statements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Resource: stack.resolve(shared.serverAccessLogsBucket.arnForObjects('data/*')),
        Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': stack.resolve(bucket.bucketArn) } }),
      }),
    );
  });

  test('honours an explicit removal policy', () => {
    const stack = newStack();
    const bucket = new SecureBucket(stack, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
    const logicalId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(Template.fromStack(stack).toJSON().Resources[logicalId]).toMatchObject({ DeletionPolicy: 'Delete' });
  });

  test('grantRead gives read on this bucket only', () => {
    const stack = newStack();
    const bucket = new SecureBucket(stack, 'Bucket');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    bucket.grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: 'Allow',
            Resource: [stack.resolve(bucket.bucketArn), stack.resolve(bucket.arnForObjects('*'))],
          }),
        ],
      },
    });
  });

  test('grantObjectRead grants s3:GetObject and s3:GetObjectVersion on the key pattern only, with no IAM1 finding', () => {
    const stack = newStack();
    const bucket = new SecureBucket(stack, 'Bucket');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    bucket.grantObjectRead(role, 'reports/*');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: stack.resolve(bucket.arnForObjects('reports/*')) }],
      },
    });
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'IAM1')).toEqual([]);
  });

  test('grantObjectWrite grants s3:PutObject and s3:AbortMultipartUpload, and the KMS actions uploads need', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new SecureBucket(stack, 'Bucket', { encryptionKey: key });
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    bucket.grantObjectWrite(role, 'uploads/*');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: stack.resolve(bucket.arnForObjects('uploads/*')) },
          { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: stack.resolve(key.keyArn) },
        ],
      },
    });
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'IAM1')).toEqual([]);
  });

  test('grantListObjects grants s3:ListBucket on the bucket', () => {
    const stack = newStack();
    const bucket = new SecureBucket(stack, 'Bucket');
    const role = new iam.Role(stack, 'Lister', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    bucket.grantListObjects(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: stack.resolve(bucket.bucketArn) }] },
    });
  });

  test('accepts a bucket policy statement for everyone that is restricted by a condition', () => {
    const stack = newStack();
    const bucket = new SecureBucket(stack, 'Bucket');
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      }),
    );
    expect(bucketOf(Template.fromStack(stack), stack, bucket).statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
    );
  });
});

describe('SecureBucket: refusals', () => {
  const construct = (props: SecureBucketProps) => () => new SecureBucket(newStack(), 'Bucket', props);

  test('fails on publicReadAccess: true, naming the rule and the fix', () => {
    expect(construct({ publicReadAccess: true })).toThrow(
      /bucket TestStack\/Bucket refuses publicReadAccess: true: a SecureBucket blocks all public access \(AwsSolutions-S2, Security Hub S3\.8\)\. Fix: remove publicReadAccess/,
    );
  });

  test('fails on a weaker blockPublicAccess (BLOCK_ACLS_ONLY)', () => {
    expect(construct({ blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY })).toThrow(
      /refuses blockPublicAccess with blockPublicPolicy, restrictPublicBuckets not set to true.*\(AwsSolutions-S2, Security Hub S3\.8\)\. Fix: remove blockPublicAccess \(the default is BlockPublicAccess\.BLOCK_ALL\)/,
    );
  });

  test('accepts blockPublicAccess that blocks everything', () => {
    const bucket = new SecureBucket(newStack(), 'Bucket', {
      blockPublicAccess: new s3.BlockPublicAccess({
        blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
      }),
    });
    expect(bucket).toBeInstanceOf(s3.Bucket);
  });

  test('fails on a public canned ACL', () => {
    expect(construct({ accessControl: s3.BucketAccessControl.PUBLIC_READ })).toThrow(
      /refuses accessControl: PublicRead: a public canned ACL \(AwsSolutions-S2, Security Hub S3\.8\)\. Fix: remove accessControl/,
    );
  });

  test('fails on enforceSSL: false (TLS1)', () => {
    expect(construct({ enforceSSL: false })).toThrow(/refuses enforceSSL: false: .* \(Hardened-TLS1\)\. Fix: remove enforceSSL \(the default is true\)/);
  });

  test('fails on minimumTLSVersion below 1.2 (TLS2)', () => {
    expect(construct({ minimumTLSVersion: 1.1 })).toThrow(/refuses minimumTLSVersion: 1\.1: requests must use TLS 1\.2 or newer \(Hardened-TLS2\)\. Fix: remove minimumTLSVersion/);
  });

  test('fails on a server access log bucket encrypted with KMS', () => {
    const stack = newStack();
    const logs = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS });
    expect(() => new SecureBucket(stack, 'Bucket', { serverAccessLogsBucket: logs })).toThrow(
      /refuses serverAccessLogsBucket TestStack\/Logs: it is encrypted with a KMS key.*Fix: pass a log bucket encrypted with S3-managed keys/,
    );
  });

  test('grantPublicAccess() fails, naming the rule and the fix', () => {
    const { bucket } = bucketStack();
    expect(() => bucket.grantPublicAccess('public/*')).toThrow(
      /bucket TestStack\/Bucket refuses grantPublicAccess\(public\/\*\): a SecureBucket blocks all public access \(AwsSolutions-S2, Security Hub S3\.8\)\. Fix: grant access to the principals that need it/,
    );
  });

  test('fails on a bucket policy statement that allows everyone without a condition', () => {
    const { bucket } = bucketStack();
    expect(() =>
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
      ),
    ).toThrow(/refuses a bucket policy statement that allows "s3:GetObject" to everyone \('\*'\) without a condition.*\(AwsSolutions-S2, Security Hub S3\.8\)\. Fix: name the principals/);
  });
});

describe('SecureBucket: an imported access-log bucket', () => {
  const imported = (stack: Stack) => s3.Bucket.fromBucketName(stack, 'Logs', 'central-access-logs');

  test('warns that the imported bucket must already allow log delivery, naming the bucket and the statement to add', () => {
    const stack = newStack();
    new SecureBucket(stack, 'Bucket', { serverAccessLogsBucket: imported(stack) });
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Bucket',
      Match.stringLikeRegexp('imported bucket TestStack/Logs.*logging.s3.amazonaws.com s3:PutObject'),
    );
  });

  test.each(['cdk-hardened:SecureBucket.importedAccessLogsBucket', 'annotation::cdk-hardened:SecureBucket.importedAccessLogsBucket'])(
    'the warning is acknowledged with Validations.of(bucket).acknowledge(%s)',
    (id) => {
      const stack = newStack();
      const bucket = new SecureBucket(stack, 'Bucket', { serverAccessLogsBucket: imported(stack) });
      Validations.of(bucket).acknowledge({ id, reason: 'the central log bucket allows delivery from every account bucket' });
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
      // Not a rule of the checklist: the engine leaves it alone rather than calling it an unknown rule.
      expect(runChecklist(templatesFromConstruct(stack), {}, new TreeAcks(stack)).problems).toEqual([]);
    },
  );
});
