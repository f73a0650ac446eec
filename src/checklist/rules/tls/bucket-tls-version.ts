import { judgeBucketPolicies } from './bucket-policy';
import { deniesOldTls } from './deny-statements';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** TLS2: S3 buckets deny requests made over TLS older than 1.2. */
export const TLS2: Rule = {
  id: 'TLS2',
  family: 'tls',
  severity: Severity.WARNING,
  title: 'An S3 bucket\'s policy denies requests made over TLS older than 1.2',
  explanation:
    'AWS has required TLS 1.2 on its S3 endpoints since 2024, so this is defence in depth: a bucket policy that denies `s3:TlsVersion < 1.2` keeps old protocol versions out even on endpoints or partitions where they are still offered, and documents the requirement for auditors.',
  fix: 'CDK: set `enforceSSL: true` and `minimumTLSVersion: 1.2` on the `s3.Bucket`. CloudFormation: add to the bucket\'s `AWS::S3::BucketPolicy` a statement `{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}}`.',
  controls: ['S3.5'],
  resourceTypes: ['AWS::S3::Bucket'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html (s3:TlsVersion condition key)',
    'https://aws.amazon.com/blogs/security/tls-1-2-required-for-aws-endpoints/ (TLS 1.2 required on AWS endpoints)',
    'Counts: a Deny for Principal "*" or {"AWS": "*"}, Action "s3:*" or "*", on the bucket ARN and its objects, whose only condition is NumericLessThan s3:TlsVersion 1.2 or higher (number or string; NumericLessThanEquals 1.1 or higher) — what CDK\'s `minimumTLSVersion` writes.',
  ],
  check(bucket, ctx) {
    const verdict = judgeBucketPolicies(bucket, ctx, deniesOldTls);
    if (verdict.answer === 'yes') return;
    if (verdict.answer === 'unknown' && verdict.unreadable) {
      ctx.unresolved(`${verdict.unreadable.logicalId}.PolicyDocument`, `The policy ${verdict.unreadable.displayName} of ${bucket.displayName}`);
      return;
    }
    ctx.report({
      message:
        verdict.policies.length === 0
          ? `${bucket.displayName} has no bucket policy, so nothing denies requests over TLS older than 1.2 (s3:TlsVersion < 1.2)`
          : `${bucket.displayName} has a bucket policy (${verdict.policies.map((p) => p.displayName).join(', ')}) that does not deny requests over TLS older than 1.2 (NumericLessThan s3:TlsVersion 1.2)`,
    });
  },
};
