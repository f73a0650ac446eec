import { Fn } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { trailTemplate } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const ALL_BLOCKED = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

/** The fixture's trail with its bucket's properties replaced. */
function withBucket(properties: Record<string, unknown>, extra: Parameters<typeof trailTemplate>[1] = {}) {
  const t = trailTemplate({}, extra) as any;
  t.Resources.Bucket.Properties = properties;
  return t;
}

describe('LOG5 trail bucket private and access-logged', () => {
  test('fails on a cloudtrail.Trail with CDK defaults: its bucket has no access logging, on the bucket', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LOG5')).toEqual(['Hardened-LOG5[AccessLogging::off]']);
    const f = findingsOf(findings, 'LOG5')[0];
    expect(f.path).toBe('TestStack/Trail/S3/Resource');
    expect(f.resourceType).toBe('AWS::S3::Bucket');
  });

  test('passes when the trail bucket blocks public access and logs access', () => {
    const stack = newStack();
    const accessLogs = new s3.Bucket(stack, 'AccessLogs', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    const bucket = new s3.Bucket(stack, 'TrailBucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, serverAccessLogsBucket: accessLogs });
    new cloudtrail.Trail(stack, 'Trail', { bucket });
    expect(idsOf(checkStack(stack), 'LOG5')).toEqual([]);
  });

  test('fails when the trail bucket leaves public policies allowed', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'TrailBucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS, serverAccessLogsPrefix: 'access/' });
    new cloudtrail.Trail(stack, 'Trail', { bucket });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LOG5')).toEqual(['Hardened-LOG5[PublicAccessBlock::off]']);
    expect(findingsOf(findings, 'LOG5')[0].message).toContain('BlockPublicPolicy, RestrictPublicBuckets not true');
    expect(findingsOf(findings, 'LOG5')[0].path).toBe('TestStack/TrailBucket/Resource');
  });

  describe('raw CloudFormation', () => {
    test('passes when the bucket is private and logged', () => {
      expect(idsOf(checkTemplate(trailTemplate()), 'LOG5')).toEqual([]);
    });

    test('fails on the bucket when one block setting is false and logging is missing', () => {
      const findings = checkTemplate(withBucket({ PublicAccessBlockConfiguration: { ...ALL_BLOCKED, IgnorePublicAcls: 'false' } }));
      expect(idsOf(findings, 'LOG5')).toEqual(['Hardened-LOG5[AccessLogging::off]', 'Hardened-LOG5[PublicAccessBlock::off]']);
      expect(findingsOf(findings, 'LOG5').map((f) => f.logicalId)).toEqual(['Bucket', 'Bucket']);
    });

    test('finds the bucket by its literal name', () => {
      const t = withBucket({ BucketName: 'trail-logs', PublicAccessBlockConfiguration: ALL_BLOCKED });
      t.Resources.Trail.Properties.S3BucketName = 'trail-logs';
      expect(idsOf(checkTemplate(t), 'LOG5')).toEqual(['Hardened-LOG5[AccessLogging::off]']);
    });

    test('is unresolved on the trail when the bucket is outside the template', () => {
      const findings = checkTemplate(trailTemplate({ S3BucketName: 'central-trail-logs' }));
      expect(idsOf(findings, 'LOG5')).toEqual(['Hardened-LOG5[Unresolved::Properties.S3BucketName]']);
      expect(findingsOf(findings, 'LOG5')[0].logicalId).toBe('Trail');
    });
  });

  describe('values unknown at synth time', () => {
    test('is unresolved on the trail when the bucket name is a parameter', () => {
      const findings = checkTemplate(trailTemplate({ S3BucketName: { Ref: 'BucketName' } }, { parameters: { BucketName: { Type: 'String' } } }));
      expect(idsOf(findings, 'LOG5')).toEqual(['Hardened-LOG5[Unresolved::Properties.S3BucketName]']);
      expect(findingsOf(findings, 'LOG5')[0].logicalId).toBe('Trail');
    });

    test('is unresolved on the bucket when a block setting is a parameter without allowed values', () => {
      const t = withBucket(
        { PublicAccessBlockConfiguration: { ...ALL_BLOCKED, BlockPublicPolicy: { Ref: 'Block' } }, LoggingConfiguration: {} },
        { parameters: { Block: { Type: 'String' } } },
      );
      const findings = checkTemplate(t);
      expect(idsOf(findings, 'LOG5')).toEqual(['Hardened-LOG5[Unresolved::Properties.PublicAccessBlockConfiguration]']);
      expect(findingsOf(findings, 'LOG5')[0].logicalId).toBe('Bucket');
    });

    test('passes when the block setting only allows true, fires when it allows false', () => {
      const make = (allowed: string[]) =>
        withBucket(
          { PublicAccessBlockConfiguration: { ...ALL_BLOCKED, BlockPublicPolicy: { Ref: 'Block' } }, LoggingConfiguration: {} },
          { parameters: { Block: { Type: 'String', AllowedValues: allowed } } },
        );
      expect(idsOf(checkTemplate(make(['true'])), 'LOG5')).toEqual([]);
      expect(idsOf(checkTemplate(make(['true', 'false'])), 'LOG5')).toEqual(['Hardened-LOG5[PublicAccessBlock::off]']);
    });

    test('fires when an Fn::If branch removes the access logging', () => {
      const t = withBucket(
        { PublicAccessBlockConfiguration: ALL_BLOCKED, LoggingConfiguration: { 'Fn::If': ['C', { DestinationBucketName: 'logs' }, { Ref: 'AWS::NoValue' }] } },
        { conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } },
      );
      expect(idsOf(checkTemplate(t), 'LOG5')).toEqual(['Hardened-LOG5[AccessLogging::off]']);
    });

    test('is unresolved when the bucket name is imported, in CDK too', () => {
      expect(idsOf(checkTemplate(trailTemplate({ S3BucketName: { 'Fn::ImportValue': 'TrailBucket' } })), 'LOG5')).toEqual([
        'Hardened-LOG5[Unresolved::Properties.S3BucketName]',
      ]);
      const stack = newStack();
      new cloudtrail.Trail(stack, 'Trail', { bucket: s3.Bucket.fromBucketName(stack, 'Imported', Fn.importValue('TrailBucketName')) });
      expect(idsOf(checkStack(stack), 'LOG5')).toEqual(['Hardened-LOG5[Unresolved::Properties.S3BucketName]']);
    });
  });
});
