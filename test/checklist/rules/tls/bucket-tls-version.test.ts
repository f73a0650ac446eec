import * as s3 from 'aws-cdk-lib/aws-s3';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const BUCKET_ARNS = [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, '/*']] }];

function denyOldTls(condition: Record<string, unknown>) {
  return { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: BUCKET_ARNS, Condition: condition };
}

function bucketWithPolicy(statements: unknown[], extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket' },
      Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: { Statement: statements } } },
    },
  };
}

describe('TLS2 S3 buckets deny requests over TLS older than 1.2', () => {
  test('fails (as a warning) when a Bucket only sets enforceSSL, which satisfies TLS1', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    const all = checkStack(stack);
    const findings = findingsOf(all, 'TLS2');
    expect(findings.map((f) => [f.id, f.path, f.severity])).toEqual([['Hardened-TLS2', 'TestStack/Bucket/Resource', Severity.WARNING]]);
    expect(idsOf(all, 'TLS1')).toEqual([]);
  });

  test('passes when a Bucket sets enforceSSL and minimumTLSVersion 1.2', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket', { enforceSSL: true, minimumTLSVersion: 1.2 });
    const all = checkStack(stack);
    expect(idsOf(all, 'TLS1')).toEqual([]);
    expect(idsOf(all, 'TLS2')).toEqual([]);
  });

  test('fails when a plain Bucket has no policy', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket');
    expect(idsOf(checkStack(stack), 'TLS2')).toEqual(['Hardened-TLS2']);
  });

  test('passes on raw CloudFormation with the version as a string, or a higher minimum', () => {
    expect(idsOf(checkTemplate(bucketWithPolicy([denyOldTls({ NumericLessThan: { 's3:TlsVersion': '1.2' } })])), 'TLS2')).toEqual([]);
    expect(idsOf(checkTemplate(bucketWithPolicy([denyOldTls({ NumericLessThan: { 's3:TlsVersion': 1.3 } })])), 'TLS2')).toEqual([]);
    expect(idsOf(checkTemplate(bucketWithPolicy([denyOldTls({ NumericLessThanEquals: { 's3:TlsVersion': '1.1' } })])), 'TLS2')).toEqual([]);
  });

  test('fails when the deny only refuses TLS 1.0 or uses the wrong operator', () => {
    expect(idsOf(checkTemplate(bucketWithPolicy([denyOldTls({ NumericLessThan: { 's3:TlsVersion': 1.1 } })])), 'TLS2')).toEqual(['Hardened-TLS2']);
    expect(idsOf(checkTemplate(bucketWithPolicy([denyOldTls({ NumericGreaterThan: { 's3:TlsVersion': 1.2 } })])), 'TLS2')).toEqual(['Hardened-TLS2']);
  });

  test('fails TLS1 and TLS2 when one statement ANDs both conditions', () => {
    const findings = checkTemplate(
      bucketWithPolicy([denyOldTls({ Bool: { 'aws:SecureTransport': 'false' }, NumericLessThan: { 's3:TlsVersion': '1.2' } })]),
    );
    expect(idsOf(findings, 'TLS1')).toEqual(['Hardened-TLS1']);
    expect(idsOf(findings, 'TLS2')).toEqual(['Hardened-TLS2']);
  });

  test('judges a parameter for the version by its AllowedValues, and reports it unresolved without them', () => {
    const withParam = (param: Record<string, unknown>) =>
      bucketWithPolicy([denyOldTls({ NumericLessThan: { 's3:TlsVersion': { Ref: 'MinTls' } } })], { Parameters: { MinTls: { Type: 'String', ...param } } });
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['1.2', '1.3'] })), 'TLS2')).toEqual([]);
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['1.0', '1.2'] })), 'TLS2')).toEqual(['Hardened-TLS2']);
    expect(idsOf(checkTemplate(withParam({})), 'TLS2')).toEqual(['Hardened-TLS2[Unresolved::Policy.PolicyDocument]']);
  });
});
