import { judgeBucketPolicies } from './bucket-policy';
import { deniesInsecureTransport } from './deny-statements';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** TLS1: S3 buckets deny requests made without TLS. */
export const TLS1: Rule = {
  id: 'TLS1',
  family: 'tls',
  severity: Severity.ERROR,
  title: 'An S3 bucket\'s policy denies requests made without TLS',
  explanation:
    'S3 still answers plain-HTTP requests unless the bucket policy refuses them. Without a deny on `aws:SecureTransport = false`, a misconfigured client or SDK endpoint sends credentials-signed requests and object data in clear text.',
  fix: 'CDK: set `enforceSSL: true` on the `s3.Bucket`. CloudFormation: add an `AWS::S3::BucketPolicy` for the bucket with a statement `{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`.',
  controls: ['S3.5'],
  resourceTypes: ['AWS::S3::Bucket'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html (enforce encryption of data in transit with aws:SecureTransport)',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5 (S3.5: buckets should require requests to use SSL)',
    'Counts: a Deny for Principal "*" or {"AWS": "*"}, Action "s3:*" or "*", on the bucket ARN and its objects (or "*"), whose only condition is Bool/BoolIfExists aws:SecureTransport false or "false" — what CDK\'s `enforceSSL` writes. Policies are found by a Ref to the bucket, by the bucket\'s BucketName (a literal, or the same parameter), or by a Bucket written exactly as the BucketName is (`!ImportValue Shared`). A BucketName chosen from a parameter\'s AllowedValues is judged for each allowed value, the parameter taking it everywhere.',
  ],
  check(bucket, ctx) {
    const verdict = judgeBucketPolicies(bucket, ctx, deniesInsecureTransport);
    if (verdict.answer === 'yes') return;
    if (verdict.answer === 'unknown' && verdict.unreadable) {
      ctx.unresolved(`${verdict.unreadable.logicalId}.PolicyDocument`, `The policy ${verdict.unreadable.displayName} of ${bucket.displayName}`);
      return;
    }
    ctx.report({
      message:
        verdict.policies.length === 0
          ? `${bucket.displayName} has no bucket policy, so it accepts requests without TLS (nothing denies aws:SecureTransport = false)`
          : `${bucket.displayName} has a bucket policy (${verdict.policies.map((p) => p.displayName).join(', ')}) that does not deny requests without TLS (a Deny for every principal on s3:* for the bucket and its objects with Bool aws:SecureTransport = false)`,
    });
  },
};
