import { allOf, boolIs, bucketsByName, isAbsent, namedResource, Tri } from './helpers';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { display, hasHole, isObject, isUnknown } from '../../values';

const BLOCK_SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

/**
 * The public access block settings of a bucket that are not proven on, per alternative.
 * No `PublicAccessBlockConfiguration` at all means S3's default for new buckets (all
 * four on since April 2023); a configuration that is given turns off what it omits.
 */
function publicAccessBlock(bucket: ResourceView): { answer: Tri; off: string[] } {
  const off = new Set<string>();
  const answers: Tri[] = [];
  for (const cfg of bucket.template.resolver.variants(bucket.prop('PublicAccessBlockConfiguration'))) {
    if (isAbsent(cfg)) {
      answers.push('yes');
      continue;
    }
    if (isUnknown(cfg) || !isObject(cfg)) {
      answers.push('unknown');
      continue;
    }
    for (const s of BLOCK_SETTINGS) {
      const a = boolIs(cfg[s]);
      if (a === 'no') off.add(s);
      answers.push(a);
    }
  }
  return { answer: allOf(answers), off: [...off] };
}

function accessLogging(bucket: ResourceView): Tri {
  return allOf(
    bucket.template.resolver.variants(bucket.prop('LoggingConfiguration')).map((v): Tri => (isAbsent(v) ? 'no' : isObject(v) ? 'yes' : 'unknown')),
  );
}

function judgeBucket(trail: ResourceView, bucket: ResourceView, ctx: RuleContext) {
  const bpa = publicAccessBlock(bucket);
  if (bpa.answer === 'no') {
    ctx.report({
      target: bucket,
      detail: 'PublicAccessBlock::off',
      message: `${bucket.displayName}, the log bucket of ${trail.displayName}, does not block public access (${bpa.off.join(', ')} not true)`,
    });
  } else if (bpa.answer === 'unknown') {
    ctx.unresolved('Properties.PublicAccessBlockConfiguration', `Public access blocking of ${bucket.displayName}, the log bucket of ${trail.displayName},`, bucket);
  }
  const logging = accessLogging(bucket);
  if (logging === 'no') {
    ctx.report({
      target: bucket,
      detail: 'AccessLogging::off',
      message: `${bucket.displayName}, the log bucket of ${trail.displayName}, has no server access logging (no LoggingConfiguration): reads of the trail logs are not recorded`,
    });
  } else if (logging === 'unknown') {
    ctx.unresolved('Properties.LoggingConfiguration', `Access logging of ${bucket.displayName}, the log bucket of ${trail.displayName},`, bucket);
  }
}

/** LOG5: the trail's bucket is private and access-logged. */
export const LOG5: Rule = {
  id: 'LOG5',
  family: 'logging',
  severity: Severity.ERROR,
  title: "A CloudTrail trail's S3 bucket blocks public access and has access logging",
  explanation:
    'The trail bucket holds the account\'s audit record. If it can be made public the whole API history leaks; without server access logging nobody can tell who read or deleted the logs.',
  fix: "CDK: give the trail `bucket: new s3.Bucket(this, 'TrailBucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, serverAccessLogsBucket: accessLogBucket, enforceSSL: true })`. CloudFormation: on the trail's `AWS::S3::Bucket` set `PublicAccessBlockConfiguration` with `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls` and `RestrictPublicBuckets` all true, and a `LoggingConfiguration` (`DestinationBucketName`).",
  controls: ['CloudTrail.6', 'CloudTrail.7', 'CIS 3.4'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  references: [
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-6',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7',
  ],
  check(trail, ctx) {
    for (const name of ctx.variants(trail.prop('S3BucketName'))) {
      if (isAbsent(name)) continue; // CloudFormation requires S3BucketName; nothing to judge.
      const byRef = namedResource(ctx.template, name, 'AWS::S3::Bucket');
      if (byRef) {
        judgeBucket(trail, byRef, ctx);
        continue;
      }
      if (typeof name === 'string' && !hasHole(name)) {
        const byName = bucketsByName(ctx.template).get(name);
        if (byName) {
          judgeBucket(trail, byName, ctx);
        } else {
          ctx.unresolved('Properties.S3BucketName', `The bucket '${name}' of ${trail.displayName} is not in this template, so its public access and access logging`);
        }
        continue;
      }
      ctx.unresolved('Properties.S3BucketName', `The bucket ${display(name)} of ${trail.displayName}`);
    }
  },
};
