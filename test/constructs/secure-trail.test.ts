import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { templatesFromConstruct, TreeAcks } from '../../src/checklist/cdk-source';
import { runChecklist } from '../../src/checklist/engine';
import { TrailRequirement } from '../../src/checklist/severity';
import { SecureTrail, SecureTrailProps } from '../../src/constructs/secure-trail';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

const TRAIL_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:us-east-1:123456789012:trail/audit-trail']] };

function trailStack(props: SecureTrailProps = {}): { stack: Stack; trail: SecureTrail; template: Template } {
  const stack = newStack();
  const trail = new SecureTrail(stack, 'Trail', { trailName: 'audit-trail', ...props });
  return { stack, trail, template: Template.fromStack(stack) };
}

function bucketPolicyOf(template: Template, stack: Stack, bucket: s3.IBucket): any {
  const bucketRef = stack.resolve(bucket.bucketName);
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')).filter(
    (p: any) => JSON.stringify(p.Properties.Bucket) === JSON.stringify(bucketRef),
  );
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument;
}

describe('SecureTrail: the trail (CloudTrail.1, CloudTrail.4, CIS 3.1, 3.2)', () => {
  test('is a multi-region trail with global service events, logging on', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'audit-trail',
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      IsLogging: true,
    });
  });

  test('has log file integrity validation on', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::CloudTrail::Trail', { EnableLogFileValidation: true });
  });

  test('records read and write management events in one event selector, and no data events by default', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
    });
  });

  test('is not an organization trail by default', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::CloudTrail::Trail', { IsOrganizationTrail: Match.absent() });
  });

  test('builds the trail ARN from its name, so policies can name it without a circular reference', () => {
    const { stack, trail } = trailStack();
    expect(stack.resolve(trail.trailArn)).toEqual(TRAIL_ARN);
  });

  test('generates a valid, stable trail name when none is given', () => {
    const stack = newStack();
    const trail = new SecureTrail(stack, 'Trail');
    expect(trail.trailName).toMatch(/^TestStackTrail[A-Za-z0-9]{8}$/);
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', { TrailName: trail.trailName });
  });

  test('refuses an invalid trail name, naming the prop and the fix', () => {
    const stack = newStack();
    expect(() => new SecureTrail(stack, 'Trail', { trailName: 'audit--trail' })).toThrow(
      /trailName 'audit--trail' is not a valid CloudTrail trail name.*for example 'org-audit-trail'/,
    );
  });
});

describe('SecureTrail: encryption (LOG2, CloudTrail.2, CIS 3.5, 3.6)', () => {
  test('encrypts log files with a customer managed KMS key that rotates', () => {
    const { stack, trail, template } = trailStack();
    template.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: stack.resolve(trail.encryptionKey.keyArn) });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: Match.stringLikeRegexp('CloudTrail logs of trail audit-trail'),
    });
  });

  test('the key policy lets CloudTrail encrypt only for this trail (aws:SourceArn) and this account (encryption context)', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:GenerateDataKey*',
            Condition: {
              StringEquals: { 'aws:SourceArn': TRAIL_ARN },
              StringLike: {
                'kms:EncryptionContext:aws:cloudtrail:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:123456789012:trail/*']],
                },
              },
            },
          }),
        ]),
      }),
    });
  });

  test('the key policy lets CloudTrail describe the key only for this trail', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Action: 'kms:DescribeKey',
            Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
          }),
        ]),
      }),
    });
  });

  test('the key policy lets CloudWatch Logs use the key only for the trail log group', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: {
              ArnEquals: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:/aws/cloudtrail/audit-trail']],
                },
              },
            },
          }),
        ]),
      }),
    });
  });

  test('uses the key you pass and adds the CloudTrail statements to its policy', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    new SecureTrail(stack, 'Trail', { trailName: 'audit-trail', securityAlarms: false, encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: stack.resolve(key.keyArn) });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'kms:GenerateDataKey*', Condition: Match.objectLike({ StringEquals: { 'aws:SourceArn': TRAIL_ARN } }) }),
        ]),
      }),
    });
  });

  test('warns that an imported key must already allow CloudTrail and CloudWatch Logs', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new SecureTrail(stack, 'Trail', { trailName: 'audit-trail', encryptionKey: key });
    Annotations.fromStack(stack).hasWarning('/TestStack/Trail', Match.stringLikeRegexp('encryptionKey is imported.*cloudtrail.amazonaws.com'));
  });

  test.each(['cdk-hardened:SecureTrail.importedKey', 'annotation::cdk-hardened:SecureTrail.importedKey'])(
    'the imported-key warning is acknowledged with Validations.of(trail).acknowledge(%s), and the checklist accepts that acknowledgement',
    (id) => {
      const stack = newStack();
      const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
      const trail = new SecureTrail(stack, 'Trail', { trailName: 'audit-trail', encryptionKey: key });
      Validations.of(trail).acknowledge({ id, reason: 'the key policy is managed by the security account' });
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
      // Not a rule of the checklist: the engine leaves it alone rather than calling it an unknown rule.
      expect(runChecklist(templatesFromConstruct(stack), {}, new TreeAcks(stack)).problems).toEqual([]);
    },
  );
});

describe('SecureTrail: CloudWatch Logs delivery (LOG4, LOG6, CloudTrail.5)', () => {
  test('delivers to an encrypted log group kept for one year', () => {
    const { stack, trail, template } = trailStack();
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/cloudtrail/audit-trail',
      RetentionInDays: 365,
      KmsKeyId: stack.resolve(trail.encryptionKey.keyArn),
    });
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      CloudWatchLogsLogGroupArn: stack.resolve((trail.logGroup as logs.LogGroup).logGroupArn),
      CloudWatchLogsRoleArn: Match.anyValue(),
    });
  });

  test('keeps the log group for the retention you choose', () => {
    const { template } = trailStack({ logRetention: logs.RetentionDays.TWO_YEARS });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  });

  test('the delivery role may only create streams and put events in the trail log group', () => {
    const { stack, trail, template } = trailStack();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' })],
      }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: stack.resolve((trail.logGroup as logs.LogGroup).logGroupArn),
          },
        ],
      }),
    });
  });
});

describe('SecureTrail: the log bucket (LOG5, TLS1, TLS2, CloudTrail.6, CloudTrail.7, CIS 3.4)', () => {
  test('blocks public access, disables ACLs and versions objects', () => {
    const { stack, trail, template } = trailStack();
    const buckets = template.findResources('AWS::S3::Bucket');
    const id = (stack.resolve(trail.bucket.bucketName) as any).Ref;
    expect(buckets[id].Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    expect(buckets[id].DeletionPolicy).toEqual('Retain');
  });

  test('denies requests without TLS and with TLS older than 1.2', () => {
    const { stack, trail, template } = trailStack();
    const doc = bucketPolicyOf(template, stack, trail.bucket);
    expect(doc.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  });

  test('lets CloudTrail check the ACL and write log files for this trail only', () => {
    const { stack, trail, template } = trailStack();
    const doc = bucketPolicyOf(template, stack, trail.bucket);
    expect(doc.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Sid: 'AWSCloudTrailAclCheck',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
        }),
        expect.objectContaining({
          Sid: 'AWSCloudTrailWrite',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: stack.resolve(trail.bucket.arnForObjects('AWSLogs/123456789012/*')),
          Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
      ]),
    );
  });

  test('logs server access to the access logs bucket, which lets only the S3 logging service write, for this bucket', () => {
    const { stack, trail, template } = trailStack();
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: stack.resolve(trail.accessLogsBucket.bucketName), LogFilePrefix: 'trail-bucket/' },
    });
    const doc = bucketPolicyOf(template, stack, trail.accessLogsBucket);
    expect(doc.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: { ArnLike: { 'aws:SourceArn': stack.resolve(trail.bucket.bucketArn) }, StringEquals: { 'aws:SourceAccount': '123456789012' } },
        }),
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
    );
  });

  test('the access logs bucket is private, ACL-less and versioned too', () => {
    const { stack, trail, template } = trailStack();
    const id = (stack.resolve(trail.accessLogsBucket.bucketName) as any).Ref;
    expect(template.findResources('AWS::S3::Bucket')[id].Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  test('moves log files to Glacier after 90 days and keeps them', () => {
    const { template } = trailStack();
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Id: 'ArchiveLogFiles', Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }], ExpirationInDays: Match.absent() })],
      },
    });
  });

  test('expires log files when you ask', () => {
    const { template } = trailStack({ transitionToGlacierAfter: Duration.days(30), logFileExpiration: Duration.days(2555) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Id: 'ArchiveLogFiles', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 30 }], ExpirationInDays: 2555 })],
      },
    });
  });

  test('refuses an expiration that comes before the Glacier transition', () => {
    const stack = newStack();
    expect(() => new SecureTrail(stack, 'Trail', { logFileExpiration: Duration.days(60) })).toThrow(
      /logFileExpiration \(60 days\) must be later than transitionToGlacierAfter \(90 days\).*Raise logFileExpiration/,
    );
  });

  test('has no Object Lock by default', () => {
    const { template } = trailStack();
    template.allResourcesProperties('AWS::S3::Bucket', { ObjectLockEnabled: Match.absent() });
  });

  test('turns on Object Lock with the retention you pass', () => {
    const { template } = trailStack({ objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(365)) });
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } } },
    });
  });
});

describe('SecureTrail: data events (CIS 3.8, 3.9)', () => {
  test('records S3 and Lambda data events for everything when asked, in the management selector', () => {
    const { template } = trailStack({ logAllS3DataEvents: true, logAllLambdaDataEvents: true });
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: [
        {
          IncludeManagementEvents: true,
          ReadWriteType: 'All',
          DataResources: [
            { Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::']] }] },
            { Type: 'AWS::Lambda::Function', Values: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda']] }] },
          ],
        },
      ],
    });
  });

  test('records data events for the buckets and functions you name', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'customer-data');
    const fn = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:us-east-1:123456789012:function:payments');
    new SecureTrail(stack, 'Trail', { trailName: 'audit-trail', s3DataEventBuckets: [bucket], lambdaDataEventFunctions: [fn] });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: [
        Match.objectLike({
          DataResources: [
            { Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::customer-data/']] }] },
            { Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda:us-east-1:123456789012:function:payments'] },
          ],
        }),
      ],
    });
  });

  test('refuses more data resources than CloudTrail allows', () => {
    const stack = newStack();
    const buckets = Array.from({ length: 251 }, (_, i) => s3.Bucket.fromBucketName(stack, `B${i}`, `bucket-${i}`));
    expect(() => new SecureTrail(stack, 'Trail', { s3DataEventBuckets: buckets })).toThrow(
      /name 251 resources, more than the 250 data resources CloudTrail allows per trail: use logAllS3DataEvents/,
    );
  });
});

describe('SecureTrail: organization trail', () => {
  test('records the organization and lets CloudTrail write AWSLogs/<organization ID>/ for this trail', () => {
    const { stack, trail, template } = trailStack({ isOrganizationTrail: true, organizationId: 'o-a1b2c3d4e5' });
    template.hasResourceProperties('AWS::CloudTrail::Trail', { IsOrganizationTrail: true });
    const doc = bucketPolicyOf(template, stack, trail.bucket);
    expect(doc.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Sid: 'AWSCloudTrailWrite',
          Resource: [
            stack.resolve(trail.bucket.arnForObjects('AWSLogs/123456789012/*')),
            stack.resolve(trail.bucket.arnForObjects('AWSLogs/o-a1b2c3d4e5/*')),
          ],
          Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }),
      ]),
    );
  });

  test('refuses an organization trail without organizationId', () => {
    const stack = newStack();
    expect(() => new SecureTrail(stack, 'Trail', { isOrganizationTrail: true })).toThrow(
      /isOrganizationTrail is true but organizationId is not set.*Pass organizationId: 'o-xxxxxxxxxx'/,
    );
  });

  test('refuses organizationId without isOrganizationTrail', () => {
    const stack = newStack();
    expect(() => new SecureTrail(stack, 'Trail', { organizationId: 'o-a1b2c3d4e5' })).toThrow(
      /organizationId 'o-a1b2c3d4e5' is set but isOrganizationTrail is not: set isOrganizationTrail: true/,
    );
  });

  test('refuses an organizationId that is not an AWS Organizations ID', () => {
    const stack = newStack();
    expect(() => new SecureTrail(stack, 'Trail', { isOrganizationTrail: true, organizationId: '123456789012' })).toThrow(
      /organizationId '123456789012' is not an AWS Organizations ID.*'o-a1b2c3d4e5'/,
    );
  });
});

describe('SecureTrail: security alarms (LOG7, CIS 4.1-4.15)', () => {
  test('creates the 15 CIS metric filters on the trail log group by default', () => {
    const { stack, trail, template } = trailStack();
    template.resourceCountIs('AWS::Logs::MetricFilter', 15);
    template.allResourcesProperties('AWS::Logs::MetricFilter', { LogGroupName: stack.resolve(trail.logGroup.logGroupName) });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
    expect(trail.securityAlarms).toBeDefined();
  });

  test('sends the alarms to the topic you pass and subscribes the emails you pass', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'SecurityTopic', { masterKey: new kms.Key(stack, 'TopicKey', { enableKeyRotation: true }), enforceSSL: true });
    new SecureTrail(stack, 'Trail', { alarmTopic: topic, alarmEmails: ['security@example.com'] });
    const template = Template.fromStack(stack);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [stack.resolve(topic.topicArn)] });
    template.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'security@example.com', TopicArn: stack.resolve(topic.topicArn) });
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('securityAlarms: false creates no alarms and leaves an acknowledgeable Hardened-LOG7 warning', () => {
    const { stack, trail, template } = trailStack({ securityAlarms: false });
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(trail.securityAlarms).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/TestStack/Trail', Match.stringLikeRegexp('securityAlarms is false.*Remove securityAlarms: false'));
    expect(findingsOf(checkStack(stack), 'LOG7')).toHaveLength(1);
  });
  test('Validations.acknowledge of Hardened-LOG7 silences both the warning and the checklist finding', () => {
    const stack = newStack();
    const trail = new SecureTrail(stack, 'Trail', { securityAlarms: false });
    Validations.of(trail).acknowledge({ id: 'Hardened-LOG7', reason: 'the security account runs the CIS alarms' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    const log7 = findingsOf(checkStack(stack), 'LOG7');
    expect(log7).toHaveLength(1);
    expect(log7[0].acknowledged).toBe(true);
  });
});

describe('SecureTrail: grants', () => {
  test('grantReadLogs gives read access to the log files and decrypt on the key, without wildcard actions', () => {
    const stack = newStack();
    const trail = new SecureTrail(stack, 'Trail', { trailName: 'audit-trail' });
    const role = new iam.Role(stack, 'Auditor', { assumedBy: new iam.AccountRootPrincipal() });
    trail.grantReadLogs(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [stack.resolve(role.roleName)],
      PolicyDocument: Match.objectLike({
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: stack.resolve(trail.bucket.arnForObjects('AWSLogs/*')) },
          { Effect: 'Allow', Action: 's3:ListBucket', Resource: stack.resolve(trail.bucket.bucketArn) },
          { Effect: 'Allow', Action: 'kms:Decrypt', Resource: stack.resolve(trail.encryptionKey.keyArn) },
        ],
      }),
    });
  });
});

describe('SecureTrail: checklist and cdk-nag', () => {
  test('a stack with a SecureTrail has zero unacknowledged checklist findings, LOG1 required', () => {
    const stack = newStack();
    new SecureTrail(stack, 'Trail');
    expect(checkStack(stack, { trail: TrailRequirement.REQUIRED }).filter((f) => !f.acknowledged)).toEqual([]);
  });

  test('satisfies LOG1 (a stack without it fails LOG1)', () => {
    const empty = newStack();
    new s3.Bucket(empty, 'Unrelated', { enforceSSL: true, minimumTLSVersion: 1.2 });
    expect(findingsOf(checkStack(empty), 'LOG1')).toHaveLength(1);

    const stack = newStack();
    new SecureTrail(stack, 'Trail');
    expect(findingsOf(checkStack(stack), 'LOG1')).toEqual([]);
  });

  test('an organization trail with data events also has zero unacknowledged checklist findings', () => {
    const stack = newStack();
    new SecureTrail(stack, 'Trail', {
      isOrganizationTrail: true,
      organizationId: 'o-a1b2c3d4e5',
      logAllS3DataEvents: true,
      objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(365)),
    });
    expect(checkStack(stack).filter((f) => !f.acknowledged)).toEqual([]);
  });

  test('has zero unacknowledged cdk-nag AwsSolutions errors', () => {
    const stack = newStack();
    new SecureTrail(stack, 'Trail');
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([]);
  });
});
