/** Raw CloudFormation building blocks for the logging rule tests. */

/** A compliant trail's properties: multi-region, logging, encrypted, validated, delivering to `Logs`. */
export function trailProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    IsLogging: true,
    IsMultiRegionTrail: true,
    EnableLogFileValidation: true,
    KMSKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
    S3BucketName: { Ref: 'Bucket' },
    CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': ['Logs', 'Arn'] },
    CloudWatchLogsRoleArn: { 'Fn::GetAtt': ['LogsRole', 'Arn'] },
    ...overrides,
  };
}

/** The resources a compliant trail refers to. */
export function trailSupport(): Record<string, unknown> {
  return {
    Key: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: {} } },
    Bucket: {
      Type: 'AWS::S3::Bucket',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: { Ref: 'AccessLogs' } },
      },
    },
    AccessLogs: { Type: 'AWS::S3::Bucket', Properties: {} },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
    LogsRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
  };
}

/** A template with one trail (logical ID `Trail`), its supporting resources and any extras. */
export function trailTemplate(
  overrides: Record<string, unknown> = {},
  extra: { resources?: Record<string, unknown>; parameters?: Record<string, unknown>; conditions?: Record<string, unknown> } = {},
): object {
  return {
    Parameters: extra.parameters,
    Conditions: extra.conditions,
    Resources: {
      ...trailSupport(),
      Trail: { Type: 'AWS::CloudTrail::Trail', Properties: trailProps(overrides) },
      ...extra.resources,
    },
  };
}
