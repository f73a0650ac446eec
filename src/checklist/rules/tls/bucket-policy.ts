import { DenyRequirement, documentDenies } from './deny-statements';
import { Tri, anyOf, byResolvedName, getAttOf, refOf, singleString, valuesOf } from './judge';
import { perTemplate, ResourceView } from '../../model';
import { RuleContext } from '../../rule';
import { hasHole, hasUnknownPart, isObject, isUnknown, specificHole, wildcardToRegExp } from '../../values';

const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
/** Stand-ins for the judged bucket's name (when it has none of its own) and an object key, for matching ARN patterns. */
const THIS_BUCKET = 'hardened-judged-bucket';
const SOME_KEY = 'hardened-some-key';
const PARTITION = specificHole('AWS::Partition');

/**
 * The bucket policies that apply to a bucket: those whose `Bucket` is a `Ref` to it,
 * those whose `Bucket` is the same string as the bucket's `BucketName` (a literal
 * name, or the same parameter), and those whose `Bucket` is written exactly as the
 * bucket's `BucketName` is (`!Ref Name`, `!ImportValue Shared`): the same expression
 * in one template has the same value.
 */
export function policiesOfBucket(bucket: ResourceView, ctx: RuleContext): ResourceView[] {
  const out = new Set<ResourceView>();
  const ref = refOf(bucket.logicalId);
  for (const p of ctx.template.referencing(BUCKET_POLICY, bucket.logicalId)) {
    // The reference must be the policy's `Bucket`, not a mention inside its document.
    if (valuesOf(ctx, p.prop('Bucket')).includes(ref)) out.add(p);
  }
  const name = bucketName(bucket, ctx);
  if (name !== undefined) {
    for (const p of byResolvedName(ctx, BUCKET_POLICY, 'Bucket').get(name) ?? []) out.add(p);
  }
  const raw = bucket.prop('BucketName');
  if (isObject(raw)) {
    for (const p of policiesByBucketExpression(ctx.template).get(JSON.stringify(raw)) ?? []) out.add(p);
  }
  return [...out];
}

/** The bucket policies of a template by their `Bucket` when it is an expression (as JSON text). */
const policiesByBucketExpression = perTemplate((template) => {
  const index = new Map<string, ResourceView[]>();
  for (const p of template.byType(BUCKET_POLICY)) {
    const raw = p.prop('Bucket');
    if (!isObject(raw)) continue;
    const key = JSON.stringify(raw);
    const list = index.get(key) ?? [];
    list.push(p);
    index.set(key, list);
  }
  return index;
});

function bucketName(bucket: ResourceView, ctx: RuleContext): string | undefined {
  const raw = bucket.prop('BucketName');
  return raw === undefined ? undefined : singleString(ctx, raw);
}

/** The outcome of judging a bucket's policies. */
export interface BucketVerdict {
  readonly answer: Tri;
  /** The policies found. */
  readonly policies: ResourceView[];
  /** A policy whose document could not be read, when the answer is unknown. */
  readonly unreadable?: ResourceView;
}

/**
 * Whether one of the bucket's policies denies, for every principal, all S3 actions
 * on the bucket and its objects under the given condition.
 */
export function judgeBucketPolicies(bucket: ResourceView, ctx: RuleContext, condition: DenyRequirement['condition']): BucketVerdict {
  // A name chosen from a parameter's AllowedValues: judge each choice on its own, with
  // the parameter taking that one value everywhere (in the name, the policy's Bucket and
  // its ARNs). The bucket passes only if it passes whatever is chosen.
  const bindings = ctx.template.resolver.parameterBindings(bucket.prop('BucketName'));
  if (bindings.length === 0) return judgeWith(bucket, ctx, condition);
  let worst: BucketVerdict | undefined;
  for (const binding of bindings) {
    const bound = ctx.template.resolver.withParameters(binding);
    const verdict = judgeWith(bucket, { ...ctx, variants: (v) => bound.variants(v), items: (v) => bound.items(v) }, condition);
    if (verdict.answer === 'no') return verdict;
    if (verdict.answer === 'unknown') worst ??= verdict;
  }
  return worst ?? { answer: 'yes', policies: [] };
}

function judgeWith(bucket: ResourceView, ctx: RuleContext, condition: DenyRequirement['condition']): BucketVerdict {
  const name = bucketName(bucket, ctx);
  const req: DenyRequirement = {
    actions: ['s3:*'],
    targets: ['bucket', 'objects'],
    resourceMatches: (r, t) => s3ResourceMatches(r, t, bucket.logicalId, name),
    condition,
  };
  const policies = policiesOfBucket(bucket, ctx);
  const answers = policies.map((p) => documentDenies(ctx, p.prop('PolicyDocument'), req));
  const answer = anyOf(answers);
  const unreadable = answer === 'unknown' ? policies[answers.indexOf('unknown')] : undefined;
  return { answer, policies, unreadable };
}

/**
 * Whether a resolved `Resource` entry covers the judged bucket (`target` "bucket") or
 * every object in it (`target` "objects"). The bucket's own `Ref`/`GetAtt` holes and
 * its name stand for the bucket; any other part that could be anything is unknown.
 */
function s3ResourceMatches(resource: unknown, target: string, bucketId: string, name: string | undefined): Tri {
  if (isUnknown(resource)) return 'unknown';
  if (typeof resource !== 'string') return 'no';
  let s = resource.trim();
  if (s === '*') return 'yes';
  const token = name !== undefined && !hasHole(name) ? name : THIS_BUCKET;
  s = s
    .split(getAttOf(bucketId, 'Arn'))
    .join(`arn:aws:s3:::${token}`)
    .split(refOf(bucketId))
    .join(token)
    .split(PARTITION)
    .join('aws');
  if (name !== undefined && hasHole(name)) s = s.split(name).join(token);
  const m = /^arn:([^:]*):s3:::(.*)$/s.exec(s);
  if (!m) return hasUnknownPart(s) ? 'unknown' : 'no';
  const [, partition, rest] = m;
  if (hasUnknownPart(partition)) return 'unknown';
  if (!/^aws(-[a-z-]+)?$/.test(partition) && !/[*?]/.test(partition)) return 'no';
  if (hasUnknownPart(rest)) return 'unknown';
  const sample = target === 'bucket' ? token : `${token}/${SOME_KEY}`;
  return wildcardToRegExp(rest).test(sample) ? 'yes' : 'no';
}
