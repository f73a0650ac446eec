import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const BUCKET_ARNS = [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] }];

function denyInsecure(overrides: Record<string, unknown> = {}) {
  return {
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: BUCKET_ARNS,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    ...overrides,
  };
}

/** A bucket with one bucket policy holding `statements`. */
function bucketWithPolicy(statements: unknown, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket' },
      Policy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Version: '2012-10-17', Statement: statements } },
      },
    },
  };
}

describe('TLS1 S3 buckets deny requests without TLS', () => {
  test('fails when a plain s3.Bucket has no bucket policy', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket');
    const findings = findingsOf(checkStack(stack), 'TLS1');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-TLS1']);
    expect(findings[0].path).toBe('TestStack/Bucket/Resource');
    expect(findings[0].message).toContain('has no bucket policy');
  });

  test('passes when the s3.Bucket sets enforceSSL', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    expect(idsOf(checkStack(stack), 'TLS1')).toEqual([]);
  });

  test('fails on the bucket, not its policy, when the bucket policy only allows access', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
    );
    const findings = findingsOf(checkStack(stack), 'TLS1');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS1', 'TestStack/Bucket/Resource']]);
    expect(findings[0].message).toContain('TestStack/Bucket/Policy/Resource');
  });

  test('passes on raw CloudFormation with Principal "*", a boolean false and Fn::Sub ARNs', () => {
    const findings = checkTemplate(
      bucketWithPolicy([
        denyInsecure({
          Principal: '*',
          Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}' }, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*' }],
          Condition: { Bool: { 'aws:SecureTransport': false } },
        }),
      ]),
    );
    expect(idsOf(findings, 'TLS1')).toEqual([]);
  });

  test('passes when the policy names the bucket by its literal BucketName and a wildcard ARN covers bucket and objects', () => {
    const findings = checkTemplate({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'my-logs' } },
        Policy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: { Bucket: 'my-logs', PolicyDocument: { Statement: [denyInsecure({ Resource: 'arn:aws:s3:::my-logs*' })] } },
        },
      },
    });
    expect(idsOf(findings, 'TLS1')).toEqual([]);
  });

  test('fails when the deny covers the objects but not the bucket', () => {
    const findings = checkTemplate(bucketWithPolicy([denyInsecure({ Resource: BUCKET_ARNS[1] })]));
    expect(idsOf(findings, 'TLS1')).toEqual(['Hardened-TLS1']);
    expect(findingsOf(findings, 'TLS1')[0].logicalId).toBe('Bucket');
  });

  test('fails when the deny is only for one role, only for some actions, or narrowed by another condition', () => {
    const narrowed = [
      denyInsecure({ Principal: { AWS: 'arn:aws:iam::123456789012:role/app' } }),
      denyInsecure({ Action: ['s3:GetObject', 's3:PutObject'] }),
      denyInsecure({ Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:SourceVpce': 'vpce-1234' } } }),
      denyInsecure({ NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Principal: undefined }),
      { ...denyInsecure(), Effect: 'Allow' },
    ];
    for (const statement of narrowed) {
      expect(idsOf(checkTemplate(bucketWithPolicy([statement])), 'TLS1')).toEqual(['Hardened-TLS1']);
    }
  });

  test('fails when only another bucket\'s policy mentions this bucket', () => {
    const findings = checkTemplate({
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Other: { Type: 'AWS::S3::Bucket' },
        OtherPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: { Ref: 'Other' },
            PolicyDocument: {
              Statement: [
                denyInsecure({ Resource: [{ 'Fn::GetAtt': ['Other', 'Arn'] }, { 'Fn::Sub': '${Other.Arn}/*' }] }),
                { Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Bucket', 'Arn'] } }, Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Other.Arn}/*' } },
              ],
            },
          },
        },
      },
    });
    expect(findingsOf(findings, 'TLS1').map((f) => f.logicalId)).toEqual(['Bucket']);
  });

  test('judges both branches of an Fn::If', () => {
    const conditions = { Conditions: { Strict: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } };
    const both = bucketWithPolicy([{ 'Fn::If': ['Strict', denyInsecure(), denyInsecure({ Principal: '*' })] }], conditions);
    expect(idsOf(checkTemplate(both), 'TLS1')).toEqual([]);
    const one = bucketWithPolicy([{ 'Fn::If': ['Strict', denyInsecure(), { Ref: 'AWS::NoValue' }] }], conditions);
    expect(idsOf(checkTemplate(one), 'TLS1')).toEqual(['Hardened-TLS1']);
  });

  test('judges a parameter in the condition by its AllowedValues, and reports it unresolved without them', () => {
    const withParam = (param: Record<string, unknown>) =>
      bucketWithPolicy([denyInsecure({ Condition: { Bool: { 'aws:SecureTransport': { Ref: 'Flag' } } } })], { Parameters: { Flag: { Type: 'String', ...param } } });
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['false'] })), 'TLS1')).toEqual([]);
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['false', 'true'] })), 'TLS1')).toEqual(['Hardened-TLS1']);
    expect(idsOf(checkTemplate(withParam({ Default: 'false' })), 'TLS1')).toEqual(['Hardened-TLS1[Unresolved::Policy.PolicyDocument]']);
  });

  test('reports a policy document imported with Fn::ImportValue as unresolved on the bucket', () => {
    const template = bucketWithPolicy([]);
    (template.Resources.Policy.Properties as any).PolicyDocument = { 'Fn::ImportValue': 'SharedPolicy' };
    const findings = findingsOf(checkTemplate(template), 'TLS1');
    expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS1[Unresolved::Policy.PolicyDocument]', 'Bucket']]);
  });

  test('reports a deny whose condition value is a CDK token from another stack as unresolved', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: [bucket.bucketArn, bucket.arnForObjects('*')],
        conditions: { Bool: { 'aws:SecureTransport': Fn.importValue('SecureTransportFlag') } },
      }),
    );
    const findings = findingsOf(checkStack(stack), 'TLS1');
    expect(findings.map((f) => f.path)).toEqual(['TestStack/Bucket/Resource']);
    expect(findings[0].id).toMatch(/^Hardened-TLS1\[Unresolved::BucketPolicy[0-9A-F]+\.PolicyDocument\]$/);
  });
});
